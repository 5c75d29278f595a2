//go:build windows

package folder

// syncDir does nothing on Windows: directories cannot be opened for
// flushing there, and NTFS journals its metadata (renames) itself.
func syncDir(dir string) error { return nil }
