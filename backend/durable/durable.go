// Package durable makes file-system changes survive a power cut: syncing a
// file or a folder's entries, writing a small file by temporary name and
// rename, and renaming with both folders synced. Every error is reported:
// a change the caller believes durable must be.
package durable

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// SyncDir makes a folder's entries (creations, renames, removals) durable.
// Windows cannot open a folder for flushing and NTFS journals its metadata
// itself, so there it does nothing.
func SyncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync folder %s: %w", dir, err)
	}
	return nil
}

// SyncDirs syncs every folder under root, root included (the files in them
// are synced by whoever wrote them).
func SyncDirs(root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return SyncDir(p)
		}
		return nil
	})
}

// SyncFile flushes a file's contents to disk.
func SyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	err = f.Sync()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// Rename moves src to dst and makes the change durable in both folders.
func Rename(src, dst string) error {
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("rename %s to %s: %w", src, dst, err)
	}
	if err := SyncDir(filepath.Dir(dst)); err != nil {
		return err
	}
	if filepath.Dir(dst) != filepath.Dir(src) {
		return SyncDir(filepath.Dir(src))
	}
	return nil
}

// TempSuffix is appended to a file's name while WriteFile replaces it; a
// crash can leave such a file, which the next WriteFile overwrites.
const TempSuffix = ".tmp"

// WriteFile replaces path with data atomically: a crash leaves the old file
// or the new one, never a part. It writes path+TempSuffix, syncs it, renames
// it over path and syncs the folder. Readable by the owner only.
func WriteFile(path string, data []byte) error {
	tmp := path + TempSuffix
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return SyncDir(filepath.Dir(path))
}
