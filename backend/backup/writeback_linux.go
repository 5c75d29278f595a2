package backup

import (
	"os"

	"golang.org/x/sys/unix"
)

func startWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n, unix.SYNC_FILE_RANGE_WRITE)
}

func waitWriteback(f *os.File, off, n int64) {
	unix.SyncFileRange(int(f.Fd()), off, n,
		unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
}

// preallocate reserves n bytes of disk for f, which then reads as n bytes
// long (zeros) until cut; false when the file system cannot (the archive
// then grows as it is written).
func preallocate(f *os.File, n int64) bool {
	return unix.Fallocate(int(f.Fd()), 0, 0, n) == nil
}
