package main

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/restore"
	"mahall/internal/testkit"
)

// smallBackup writes a small data folder and backs it up with the CLI.
func smallBackup(t *testing.T) (src, path string) {
	t.Helper()
	src = t.TempDir()
	writeDataDir(t, src, smallSpec())
	path, _ = backupOf(t, src)
	return src, path
}

// skip leaves out what a restore adds beside the data it restores.
func skip(rel string) bool {
	return rel == "backups" || rel == folder.LockName || rel == folder.MarkerName
}

func TestRestore(t *testing.T) {
	src, path := smallBackup(t)

	t.Run("first install", func(t *testing.T) {
		target := filepath.Join(t.TempDir(), "new data")
		r := runCLI(t, "--data-dir", target, "restore", path)
		r.want(t, 0)
		if !strings.Contains(r.stdout, "Safety backup: none") {
			t.Errorf("restore into an empty folder printed:\n%s", r.stdout)
		}
		for _, phase := range []string{"extract", "swap"} {
			if !regexp.MustCompile(`(?m)^` + phase + `(…|: .+)$`).MatchString(r.stderr) {
				t.Errorf("no progress line for phase %q on stderr:\n%s", phase, r.stderr)
			}
		}
		checkRestored(t, src, target, path, skip)
	})

	t.Run("over existing data", func(t *testing.T) {
		target := t.TempDir()
		writeDataDir(t, target, dataSpec{seed: 9, areas: 1, houses: 1, members: 4, photos: 3, photoBytes: 5000})
		old := testkit.HashTree(t, target, nil)
		oldRows := testkit.RegisterRows(t, filepath.Join(target, "db.sqlite3"))

		r := runCLI(t, "--data-dir", target, "restore", path)
		r.want(t, 0)
		checkRestored(t, src, target, path, skip)
		m := regexp.MustCompile(`(?m)^Safety backup: (.+)$`).FindStringSubmatch(r.stdout)
		if m == nil || !strings.HasPrefix(m[1], filepath.Join(target, "backups", "pre-restore-")) {
			t.Fatalf("restore printed no safety backup under backups/:\n%s", r.stdout)
		}
		safety := m[1]
		runCLI(t, "verify", safety).want(t, 0)

		// Restoring the safety backup gives back the old data exactly.
		r = runCLI(t, "--data-dir", target, "restore", safety)
		r.want(t, 0)
		if got := testkit.RegisterRows(t, filepath.Join(target, "db.sqlite3")); got != oldRows {
			t.Errorf("after restoring the safety backup the rows are\n%s\nwant\n%s", got, oldRows)
		}
		back := testkit.HashTree(t, filepath.Join(target, "media"), nil)
		for rel, h := range old {
			if after, ok := strings.CutPrefix(rel, "media/"); ok && back[after] != h {
				t.Errorf("old media %s not restored by the safety backup", rel)
			}
		}
	})

	t.Run("flags after PATH", func(t *testing.T) {
		target := t.TempDir()
		r := runCLI(t, "--data-dir", target, "restore", path, "--force")
		r.want(t, 0)
		checkRestored(t, src, target, path, skip)
	})
}

// checkRestored compares a restored data folder with the source folder and
// the archive: the media byte for byte, the database entry byte for byte
// with the archive's and row for row with the source's, the record of the
// restore, nothing more.
func checkRestored(t *testing.T, src, target, archive string, skip func(string) bool) {
	t.Helper()
	want := testkit.HashTree(t, filepath.Join(src, "media"), nil)
	got := testkit.HashTree(t, filepath.Join(target, "media"), nil)
	if !mapsEqual(want, got) {
		t.Errorf("restored media differ from the source:\nwant %v\ngot  %v", want, got)
	}
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("db.sqlite3")
	if err != nil {
		t.Fatal(err)
	}
	entry, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	restored, err := os.ReadFile(filepath.Join(target, "db.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(entry, restored) {
		t.Errorf("restored db.sqlite3 differs from the archive's entry")
	}
	if a, b := testkit.RegisterRows(t, filepath.Join(src, "db.sqlite3")), testkit.RegisterRows(t, filepath.Join(target, "db.sqlite3")); a != b {
		t.Errorf("restored rows differ:\n%s\nwant\n%s", b, a)
	}
	top, err := os.ReadDir(target)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range top {
		if n := e.Name(); n != "db.sqlite3" && n != "media" && n != folder.LastRestoreName && !skip(n) {
			t.Errorf("restore left %s in the data folder", n)
		}
	}
	// The record of where the data came from, for the app's overview.
	if rec, err := restore.ReadLastRestore(folder.Layout{Root: target}); err != nil {
		t.Errorf("the restore was not recorded: %v", err)
	} else if _, err := os.Stat(rec.Path); err != nil {
		t.Errorf("the restore's record names %q, not the backup restored: %v", rec.Path, err)
	}
	siblings, _ := os.ReadDir(filepath.Dir(target))
	for _, e := range siblings {
		if strings.Contains(e.Name(), ".restore-") {
			t.Errorf("restore left %s beside the data folder", e.Name())
		}
	}
}

func TestRecover(t *testing.T) {
	t.Run("nothing to do", func(t *testing.T) {
		data := t.TempDir()
		writeDataDir(t, data, dataSpec{seed: 6, areas: 1})
		before := testkit.HashTree(t, data, nil)
		r := runCLI(t, "--data-dir", data, "recover")
		r.want(t, 0)
		if r.stdout != "nothing to recover\n" {
			t.Errorf("recover printed %q", r.stdout)
		}
		after := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })
		if !mapsEqual(before, after) {
			t.Errorf("recover with nothing to do changed the data folder")
		}
	})

	t.Run("no data folder", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "absent")
		r := runCLI(t, "--data-dir", data, "recover")
		r.want(t, 0)
		if r.stdout != "nothing to recover\n" {
			t.Errorf("recover printed %q", r.stdout)
		}
		if _, err := os.Stat(data); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("recover created the data folder %s", data)
		}
	})

	t.Run("busy", func(t *testing.T) {
		data := t.TempDir()
		f, err := folder.Open(context.Background(), data, folder.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := runCLI(t, "--data-dir", data, "recover")
		r.want(t, 1)
		// Plain words first, then the folder and the technical reason.
		if !strings.HasPrefix(r.stderr, "mahall_backup_restore: Another backup, restore or recover is working on this data folder right now. ") ||
			!strings.Contains(r.stderr, data) || !strings.Contains(r.stderr, "is running") {
			t.Errorf("recover on a locked folder said:\n%s", r.stderr)
		}
	})
}

// A database-only backup (layout C) keeps the photos and says so.
func TestRestoreLayoutCKeepsPhotos(t *testing.T) {
	src := t.TempDir()
	writeDataDir(t, src, dataSpec{seed: 13, areas: 1, houses: 2, members: 3})
	path := writeLayoutC(t, filepath.Join(src, "db.sqlite3"), "mahall_backup_2023-05-01.zip")

	target := t.TempDir()
	writeDataDir(t, target, dataSpec{seed: 14, areas: 1, houses: 1, members: 3, photos: 3, photoBytes: 2000})
	photos := testkit.HashTree(t, filepath.Join(target, "media"), nil)

	r := runCLI(t, "inspect", path)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "This backup holds no photos: your current photos are kept.") {
		t.Errorf("inspect of layout C does not say the photos are kept:\n%s", r.stdout)
	}
	r = runCLI(t, "--data-dir", target, "restore", path)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "This backup holds no photos: your current photos are kept.\n") {
		t.Errorf("restore of layout C does not say the photos are kept:\n%s", r.stdout)
	}
	if got := testkit.HashTree(t, filepath.Join(target, "media"), nil); !mapsEqual(got, photos) {
		t.Errorf("photos after restoring layout C:\n got %v\nwant %v", got, photos)
	}
	if got, want := testkit.RegisterRows(t, filepath.Join(target, "db.sqlite3")), testkit.RegisterRows(t, filepath.Join(src, "db.sqlite3")); got != want {
		t.Errorf("database not restored:\n%s\nwant\n%s", got, want)
	}
}
