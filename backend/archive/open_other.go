//go:build !unix

package archive

import "os"

// openNonBlocking: on Windows, opening a named pipe or device does not wait
// for a peer the way a FIFO's open does on Unix; the Stat before and after
// still refuses anything that is not a regular file.
func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }
