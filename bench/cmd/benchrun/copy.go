package main

import (
	"fmt"
	"os"
	"path/filepath"
)

// scratchCopy makes dst a data folder with the dataset's content for an
// operation that writes into its data folder (settings, history, the
// cloud connection, changed photos): the database is copied, the media
// folder hard-linked, which costs seconds instead of minutes on L. The
// cached dataset is never written through the links: the programs only
// read photos, and the cloud operation replaces the photos it changes with
// new files instead of writing into them.
func scratchCopy(d *dataset, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	if _, err := measure(bg, []string{"cp", "-p", filepath.Join(d.Dir, "db.sqlite3"), filepath.Join(dst, "db.sqlite3")}); err != nil {
		return fmt.Errorf("copy the database of %s: %w", d.Name, err)
	}
	if _, err := measure(bg, []string{"cp", "-al", filepath.Join(d.Dir, "media"), filepath.Join(dst, "media")}); err != nil {
		return fmt.Errorf("link the media of %s: %w", d.Name, err)
	}
	return nil
}
