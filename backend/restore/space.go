package restore

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"mahall/backend/folder"
	"mahall/backend/size"
)

// spareBytes is kept free beyond the estimate: directory blocks, the
// journal, the archive's central directory, and the rest of the system.
const spareBytes = 16 << 20

// checkSpace refuses, before anything is written, when the disk cannot hold
// both the staging copy (extractBytes) and the safety backup (safetyBytes,
// at most the size of the data it copies). Staging sits beside the data
// folder and the backups folder inside it: one file system.
func checkSpace(l folder.Layout, freeSpace func(dir string) (uint64, error), extractBytes, safetyBytes int64) error {
	dir := l.Root
	for {
		if _, err := os.Stat(dir); err == nil || !errors.Is(err, fs.ErrNotExist) {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	if freeSpace == nil {
		freeSpace = diskFree
	}
	free, err := freeSpace(dir)
	if err != nil {
		return fmt.Errorf("free disk space in %s: %w", dir, err)
	}
	need := extractBytes + safetyBytes + spareBytes
	if uint64(need) > free {
		return fmt.Errorf("%w in %s: the restore needs about %s (%s for the restored data, %s for the safety backup), but %s is free",
			ErrNoSpace, dir, size.Format(need), size.Format(extractBytes), size.Format(safetyBytes), size.Format(int64(free)))
	}
	return nil
}
