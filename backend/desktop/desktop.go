// Package desktop is the seam over the Wails runtime: everything the Go side
// needs from the window (events, native dialogs) goes through Runtime, so the
// app and backend are tested with the recording fake in this package instead
// of a real window (the Wails runtime kills a process when called without
// its own context).
package desktop

// Runtime is what the app uses of the Wails runtime.
type Runtime interface {
	Emit(event string, payload any)
	// OpenFile shows the native open dialog filtered to .zip; "" when cancelled.
	OpenFile(title string) (string, error)
	// SaveFile shows the native save dialog with a default file name; "" when
	// cancelled. defaultName may be a full path: the dialog then opens in its
	// folder.
	SaveFile(title, defaultName string) (string, error)
	// ChooseFolder shows the native folder dialog; "" when cancelled.
	ChooseFolder(title string) (string, error)
	// Quit closes the window and ends the app (after OnBeforeClose let a
	// backup on close finish).
	Quit()
}
