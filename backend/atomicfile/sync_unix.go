//go:build !windows

package atomicfile

import "os"

// SyncDir makes a folder's entries (a rename, a new file) durable.
func SyncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
