package archive

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// syncEachFileByDefault is false on Linux: one syncfs after the last file costs what
// `sync -f` costs, where an fsync per file costs a journal commit each
// (measured in BenchmarkExtractSync).
const syncEachFileByDefault = false

// syncTree makes the files and folders just written under dir durable:
// syncfs flushes the whole file system dir is on, data and metadata, so
// the folders (dirs) need nothing more; it reports write-back errors
// (Linux 5.8+).
func syncTree(dir string, _ []string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := unix.Syncfs(int(d.Fd())); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
