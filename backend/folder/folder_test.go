package folder

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mahall/backend/durable"
	"mahall/internal/testkit"
)

func TestOpenMissingFolder(t *testing.T) {
	root := filepath.Join(t.TempDir(), "nope")
	if _, err := Open(context.Background(), root, Options{}); !errors.Is(err, ErrNoFolder) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNoFolder", err)
	}
	if _, err := os.Stat(root); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Open without Create made the folder: %v", err)
	}
	// Created, and removed again when nothing was put in it.
	f, err := Open(context.Background(), root, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(root); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("an empty folder Open created was left behind: %v", err)
	}
	// Created and filled: it stays.
	f, err = Open(context.Background(), root, Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, root, map[string]string{DBName: "data"})
	f.Close()
	if _, err := os.Stat(filepath.Join(root, DBName)); err != nil {
		t.Fatalf("Close removed a folder with data: %v", err)
	}
}

// What crashed operations leave goes at the next Open; the user's files and
// finished backups, safety backups included, stay.
func TestOpenRemovesTemporaries(t *testing.T) {
	l := Layout{Root: filepath.Join(t.TempDir(), "Mahali")}
	writeFiles(t, l.Root, oldFiles)
	safety := SafetyName(time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC))
	writeFiles(t, l.Root, map[string]string{
		"backups/" + safety:                 "a safety backup",
		"backups/notes.txt":                 "the user's",
		".db-snapshot-1a2b.sqlite3":         "snapshot",
		".db-snapshot-1a2b.sqlite3-journal": "its journal",
		DBName + installTempSuffix:          "half an install",
		".db-new-77.sqlite3":                "half an empty database",
		"." + JournalName + ".tmp-41":       "half a journal",
		"." + LastBackupName + ".tmp-42":    "half a record",
	})
	before := testkit.HashTree(t, l.Root, nil)
	for _, p := range []string{
		filepath.Join(l.Backups(), "."+safety+".tmp-123"),
		filepath.Join(l.Backups(), ".mahall_backup_2026-11-27.zip.tmp-9"),
		l.SnapshotPath(),
	} {
		if err := os.WriteFile(p, []byte("left by a crash"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	staging, err := newStaging(l)
	if err != nil {
		t.Fatal(err)
	}
	f, err := Open(context.Background(), l.Root, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Recovered() != NothingToDo {
		t.Errorf("Recovered = %v with no journal", f.Recovered())
	}
	if exists(staging) {
		t.Error("stale staging survived Open")
	}
	got := testkit.HashTree(t, l.Root, nil)
	delete(got, LockName)
	for _, name := range []string{".db-snapshot-1a2b.sqlite3", ".db-snapshot-1a2b.sqlite3-journal", DBName + installTempSuffix, ".db-new-77.sqlite3", "." + JournalName + ".tmp-41", "." + LastBackupName + ".tmp-42"} {
		if _, ok := got[name]; ok {
			t.Errorf("%s survived Open", name)
		}
		delete(before, name)
	}
	if len(testkit.TreeDiff(got, before)) > 0 {
		t.Errorf("after Open\n got %v\nwant %v", got, before)
	}
}

func TestNamesInOneFile(t *testing.T) {
	if !IsSafetyBackup(SafetyName(time.Now())) || IsSafetyBackup("mahall_backup_2026-11-27.zip") {
		t.Error("IsSafetyBackup does not match SafetyName")
	}
	if !isBackupTemp(strings.Replace(durable.TempPattern("/b/x.zip"), "*", "1", 1)) {
		t.Error("isBackupTemp does not match durable.TempPattern")
	}
	for _, name := range []string{DBName, LockName, JournalName, MarkerName, SettingsName, HistoryName} {
		if !Own(name) {
			t.Errorf("Own(%q) = false", name)
		}
	}
	if Own("mahall_backup_2026-11-27.zip") {
		t.Error("a backup's name counted as the folder's own")
	}
}
