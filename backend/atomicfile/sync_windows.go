//go:build windows

package atomicfile

// SyncDir does nothing on Windows: a folder cannot be opened for flushing
// there, and NTFS journals its metadata (renames) itself.
func SyncDir(dir string) error { return nil }
