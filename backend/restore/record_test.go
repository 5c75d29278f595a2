package restore

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"mahall/backend/folder"
)

// Every restore leaves the record of where the data came from, on disk, for
// the app's overview after a restart and after a CLI restore; a refused
// restore leaves the record of the previous one as it was.
func TestRunRecordsTheLastRestore(t *testing.T) {
	ctx := context.Background()
	src := makeData(t, filepath.Join(t.TempDir(), "src"), 1)
	archivePath := filepath.Join(t.TempDir(), "mahall_backup_2026-10-12_0930.zip")
	made, err := backupOf(ctx, src, archivePath)
	if err != nil {
		t.Fatal(err)
	}

	l := makeData(t, filepath.Join(t.TempDir(), "data"), 2)
	if _, err := ReadLastRestore(l); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("before any restore: ReadLastRestore = %v, want not-exist", err)
	}
	at := time.Date(2026, 11, 30, 10, 0, 0, 0, time.FixedZone("IST", 5*3600+1800))
	res, err := restoreInto(ctx, l, archivePath, Options{Now: func() time.Time { return at }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Unrecorded != "" {
		t.Fatalf("the restore was not recorded: %s", res.Unrecorded)
	}
	// Read back from the file alone, as a new process would.
	got, err := ReadLastRestore(folder.Layout{Root: l.Root})
	if err != nil {
		t.Fatal(err)
	}
	if got.Path != archivePath || got.BackupCreatedAt == nil || !got.BackupCreatedAt.Equal(made.CreatedAt) || !got.At.Equal(at) {
		t.Fatalf("record = %+v, want %s made at %v, restored at %v", got, archivePath, made.CreatedAt, at)
	}
	if st, err := os.Stat(l.LastRestore()); err != nil {
		t.Fatal(err)
	} else if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		t.Fatalf("record file mode %v, want readable by its owner only", st.Mode())
	}

	// A refused restore (not a backup) leaves the record as it was.
	before, err := os.ReadFile(l.LastRestore())
	if err != nil {
		t.Fatal(err)
	}
	junk := filepath.Join(t.TempDir(), "notes.zip")
	if err := os.WriteFile(junk, []byte("not a zip\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := restoreInto(ctx, l, junk, Options{Now: time.Now}, nil); err == nil {
		t.Fatal("a text file was restored")
	}
	after, err := os.ReadFile(l.LastRestore())
	if err != nil || string(after) != string(before) {
		t.Fatalf("a refused restore changed the record: %v\nbefore %s\nafter  %s", err, before, after)
	}
}
