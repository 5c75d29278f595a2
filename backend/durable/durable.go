// Package durable makes file-system changes survive a power cut: syncing a
// file or a folder's entries, writing a small file by temporary name and
// rename, and renaming with both folders synced. Every error is reported:
// a change the caller believes durable must be. It also makes the private
// working copies of files that those changes start from (CopyNew).
package durable

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
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

// TempPattern is the os.CreateTemp pattern of a file being written to
// final: hidden, beside it (a rename is atomic only within one file
// system), and recognisable after a crash by IsTemp.
func TempPattern(final string) string { return "." + filepath.Base(final) + tempMark + "*" }

// IsTemp reports whether name is a temporary file made for final by
// TempPattern.
func IsTemp(name, final string) bool {
	return strings.HasPrefix(name, "."+filepath.Base(final)+tempMark)
}

const tempMark = ".tmp-"

// WriteFile replaces path with data atomically: a crash or power cut at any
// moment leaves the old file or the new one under the name, never a part.
// It writes a temporary file beside path (TempPattern; unique, so two
// writers never mix their bytes), syncs it, renames it over path and syncs
// the folder. The file gets perm. On any error path is left as it was and
// the temporary file is removed.
func WriteFile(path string, data []byte, perm os.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), TempPattern(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return SyncDir(filepath.Dir(path))
}
