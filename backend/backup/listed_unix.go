//go:build unix

package backup

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// listInfo is the listing's look at a media file: the directory entry's own Lstat.
func listInfo(_ string, d fs.DirEntry) (fs.FileInfo, error) { return d.Info() }

func openNoFollow(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
}

func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }

// sameFile reports whether dev and ino are those of the file listed.
func (m mediaFile) sameFile(dev, ino uint64) bool {
	st, ok := m.info.Sys().(*syscall.Stat_t)
	return ok && uint64(st.Dev) == dev && st.Ino == ino
}
