package backup

import (
	"os"

	"golang.org/x/sys/unix"
)

// preallocate reserves n bytes of disk for f, which then reads as n bytes
// long (zeros) until cut; false when the file system cannot (the archive
// then grows as it is written).
func preallocate(f *os.File, n int64) bool {
	return unix.Fallocate(int(f.Fd()), 0, 0, n) == nil
}
