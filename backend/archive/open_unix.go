//go:build unix

package archive

import (
	"os"
	"syscall"
)

// openNonBlocking opens path for reading without ever waiting: a FIFO
// swapped in after the Stat would otherwise block the open until a writer
// comes, and no Ctrl-C could end it. O_NONBLOCK changes nothing for the
// regular file that is then required (reads of regular files never block).
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
