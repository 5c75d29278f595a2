//go:build !linux

package archive

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// syncEachFileByDefault: without syncfs, each file is synced before it is closed.
const syncEachFileByDefault = true

// syncTree syncs the folders created under dir, deepest first, and dir
// itself, so their entries survive a crash. Windows cannot sync a folder
// (NTFS journals its metadata), so there it does nothing.
func syncTree(dir string, dirs []string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	for i := len(dirs) - 1; i >= -1; i-- {
		name := dir
		if i >= 0 {
			name = filepath.Join(dir, filepath.FromSlash(dirs[i]))
		}
		d, err := os.Open(name)
		if err != nil {
			return err
		}
		err = d.Sync()
		d.Close()
		if err != nil {
			return fmt.Errorf("sync %s: %w", name, err)
		}
	}
	return nil
}
