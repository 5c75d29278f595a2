package snapshot

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// hotJournal returns a database in a new folder under parent with a hot
// journal beside it, as a writer killed in the middle of a transaction
// leaves it: some of the transaction's pages already in the database file
// (a tiny cache makes SQLite spill them before the commit), the original
// pages in the journal, and no process holding a lock. want is the
// committed content the copy must hold.
func hotJournal(t *testing.T, parent string) (path, want string) {
	t.Helper()
	live := t.TempDir()
	src := makeDB(t, live, 3000)
	want = dump(t, src)
	db := openRW(t, src)
	defer db.Close()
	mustExec(t, db, "PRAGMA cache_size=5")
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE t SET name = 'half-saved ' || id, blob = randomblob(300)"); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(parent, "crashed")
	os.MkdirAll(dir, 0o700)
	path = filepath.Join(dir, "db.sqlite3")
	for _, suffix := range []string{"", "-journal"} {
		b, err := os.ReadFile(src + suffix)
		if err != nil {
			t.Fatalf("the writer has no journal yet: %v", err)
		}
		if err := os.WriteFile(path+suffix, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return path, want
}

// The case: a hot journal in a writable folder is rolled back (as
// any SQLite program would) and the copy holds the committed state.
func TestCopyRollsBackHotJournal(t *testing.T) {
	src, want := hotJournal(t, t.TempDir())
	raw, _ := os.ReadFile(src)
	dst := filepath.Join(t.TempDir(), "copy.sqlite3")
	info, err := CopyTemp(context.Background(), src, dst, nil)
	if err != nil {
		t.Fatalf("copy of a database with a hot journal: %v", err)
	}
	if !info.RolledBack {
		t.Error("Copy did not say it rolled back an unfinished change")
	}
	if got := dump(t, dst); got != want {
		t.Errorf("the copy does not hold the committed rows (%d rows; half-saved: %v)", count(t, dst), strings.Contains(got, "half-saved"))
	}
	assertSelfContained(t, dst)
	if _, err := os.Stat(src + "-journal"); err == nil {
		t.Error("the hot journal is still there: it was not rolled back in place")
	}
	after, _ := os.ReadFile(src)
	if string(after) == string(raw) {
		t.Log("the database file was unchanged by the rollback (no page had spilled)")
	}
}

// Our own cases: a read-only folder is never written (the rollback happens
// in a private copy); an empty journal is not hot and is left alone.
func TestCopyHotJournalReadOnlyFolder(t *testing.T) {
	if runtime.GOOS == "windows" {
		// Folders have no write bit there (chmod cannot make one read-only), and under wine
		// the test runs as Unix root, which writes through a file's read-only attribute.
		t.Skip("a read-only folder cannot be made with chmod on Windows")
	}
	parent := t.TempDir()
	src, want := hotJournal(t, parent)
	dir := filepath.Dir(src)
	if os.Geteuid() == 0 {
		// root writes through permissions: make it a read-only mount.
		if out, err := exec.Command("mount", "--bind", dir, dir).CombinedOutput(); err != nil {
			t.Skipf("cannot bind-mount (%v: %s): a read-only folder needs a read-only mount under root", err, out)
		}
		t.Cleanup(func() { exec.Command("umount", dir).Run() })
		if out, err := exec.Command("mount", "-o", "remount,bind,ro", dir).CombinedOutput(); err != nil {
			t.Skipf("cannot remount read-only: %v: %s", err, out)
		}
	} else {
		os.Chmod(src, 0o400)
		os.Chmod(src+"-journal", 0o400)
		os.Chmod(dir, 0o500)
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
	}
	before := map[string]string{}
	for _, s := range []string{"", "-journal"} {
		b, _ := os.ReadFile(src + s)
		before[s] = string(b)
	}
	scratch := t.TempDir()
	dst := filepath.Join(scratch, ".db-snapshot-x.sqlite3")
	info, err := CopyTemp(context.Background(), src, dst, nil)
	if err != nil {
		t.Fatalf("copy from a read-only folder with a hot journal: %v", err)
	}
	if !info.RolledBack {
		t.Error("Copy did not say it rolled back an unfinished change")
	}
	if got := dump(t, dst); got != want {
		t.Errorf("the copy does not hold the committed rows (%d rows)", count(t, dst))
	}
	for s, b := range before {
		got, err := os.ReadFile(src + s)
		if err != nil || string(got) != b {
			t.Errorf("%s%s changed in the read-only folder (%v)", src, s, err)
		}
	}
	es, _ := os.ReadDir(scratch)
	if len(es) != 1 {
		t.Errorf("scratch folder holds %d files, want only the copy: %v", len(es), es)
	}
}

func TestCopyEmptyJournalIsNotHot(t *testing.T) {
	dir := t.TempDir()
	src := makeDB(t, dir, 100)
	want := dump(t, src)
	if err := os.WriteFile(src+"-journal", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(t.TempDir(), "copy.sqlite3")
	info, err := CopyTemp(context.Background(), src, dst, nil)
	if err != nil {
		t.Fatal(err)
	}
	if info.RolledBack {
		t.Error("an empty journal was reported as an unfinished change")
	}
	if dump(t, dst) != want {
		t.Error("copy differs")
	}
}
