package backup

import (
	"io/fs"
	"os"
)

// listInfo is the listing's look at a media file: an Lstat of its path, not the directory
// entry's Info. openListed compares it with the opened file through os.SameFile, which on
// Windows compares file IDs, and a directory entry carries the ID that the directory listing
// call reports: under wine that is not the one the open file reports (every photo then looked
// replaced, and backups held no media), while an Lstat asks the file itself, as f.Stat does.
func listInfo(p string, _ fs.DirEntry) (fs.FileInfo, error) { return os.Lstat(p) }

// openNoFollow: on Windows a plain open follows a symbolic link, so the
// check that matters is openListed's os.SameFile against the listing
// (an Lstat, which does not follow links).
func openNoFollow(path string) (*os.File, error) { return os.Open(path) }

func isLoop(error) bool { return false }

// fileID tells the file listed from another put in its place. On Windows it
// is the listing's whole Lstat: os.SameFile compares the file IDs it loads
// from its path.
type fileID struct{ fi fs.FileInfo }

func idOf(fi fs.FileInfo) fileID { return fileID{fi} }

// is reports whether fi is the file listed; a zero fileID is no file.
func (id fileID) is(fi fs.FileInfo) bool { return id.fi != nil && os.SameFile(id.fi, fi) }
