// Package instance hands a second start of the app over to the window that
// is already open on the same data folder.
//
// Wails' own single-instance lock (options.SingleInstanceLock) does the
// handing over on every platform, but on Linux its second process then ends
// with exit code 1 (wails v2.10.2, internal/frontend/desktop/linux/
// single_instance.go), as if starting had failed, where Windows and macOS end
// with 0. HandOver does the same handing over first, through the same D-Bus
// name and message, and lets main end with 0.
package instance

// HandOver tells the app already running with the single-instance id that
// it was started again (with args, in dir), so that it brings its window
// forward. It reports whether one was running and took the message; false
// means this process is the first and opens its window. Errors (no session
// bus, a message not delivered) also mean "open the window": the data
// folder's own lock keeps two windows' operations apart.
func HandOver(id string, args []string, dir string) (bool, error) {
	return handOver(id, args, dir)
}
