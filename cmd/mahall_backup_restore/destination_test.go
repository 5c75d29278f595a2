package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An empty (0-byte) db.sqlite3 is said plainly and no backup is made (the
// issue's case; also with photos beside it); a restore over it still works,
// its safety backup keeping the empty file (our own case).
func TestEmptyRegister(t *testing.T) {
	for _, photos := range []bool{false, true} {
		data := t.TempDir()
		if photos {
			writeDataDir(t, data, smallSpec())
		}
		if err := os.WriteFile(filepath.Join(data, "db.sqlite3"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		r := runCLI(t, "--data-dir", data, "backup")
		r.want(t, 1)
		if !strings.Contains(r.stderr, "is empty (0 bytes)") || !strings.Contains(r.stderr, "no backup was made") {
			t.Errorf("backup of an empty register says:\n%s", r.stderr)
		}
		if ents, _ := os.ReadDir(filepath.Join(data, "backups")); len(ents) != 0 {
			t.Errorf("a backup was written: %v", ents)
		}
	}

	_, path := smallBackup(t)
	data := t.TempDir()
	os.WriteFile(filepath.Join(data, "db.sqlite3"), nil, 0o600)
	r := runCLI(t, "--data-dir", data, "restore", path)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Safety backup: "+filepath.Join(data, "backups", "pre-restore-")) {
		t.Errorf("restore over an empty register:\n%s", r.stdout)
	}
}

// A destination ending in a separator means a folder: a missing one is
// refused, nothing is made (the case); an existing one gets the
// backup inside; a file named so is refused. A destination under a plain
// file says the file is not a folder (the case, and deeper).
func TestDestinationWords(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	out := t.TempDir()
	sep := string(filepath.Separator)
	plain := filepath.Join(out, "notes.txt")
	os.WriteFile(plain, []byte("a plain file"), 0o600)

	for _, c := range []struct {
		dest string
		says string
	}{
		{filepath.Join(out, "newfolder") + sep, "does not exist (the destination ends with a slash, so it names a folder)"},
		{plain + sep, "is a file, not a folder, but the destination ends with a slash"},
		{filepath.Join(plain, "backup.zip"), plain + " is a file, not a folder"},
		{filepath.Join(plain, "sub", "backup.zip"), plain + " is a file, not a folder"},
		{filepath.Join(out, "missing", "backup.zip"), "the folder " + filepath.Join(out, "missing") + " does not exist"},
	} {
		r := runCLI(t, "--data-dir", data, "backup", c.dest)
		r.want(t, 1)
		if !strings.Contains(r.stderr, c.says) || !strings.Contains(r.stderr, "No backup was written.") {
			t.Errorf("backup %s says:\n%s\nwant %q", c.dest, r.stderr, c.says)
		}
	}
	ents, _ := os.ReadDir(out)
	if len(ents) != 1 {
		t.Errorf("the destination folder holds %d entries, want only notes.txt", len(ents))
	}

	into := filepath.Join(out, "existing")
	os.Mkdir(into, 0o700)
	p, _ := backupOf(t, data, into+sep)
	if filepath.Dir(p) != into || !strings.HasPrefix(filepath.Base(p), "mahall_backup_") {
		t.Errorf("backup into %s%s went to %s", into, sep, p)
	}
}
