package durable

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWriteFileReplaces(t *testing.T) {
	dir := t.TempDir()
	p, tmp := filepath.Join(dir, "record.json"), filepath.Join(dir, "record.json"+TempSuffix)
	for _, body := range []string{"first", "second, longer than the first"} {
		if err := WriteFile(p, []byte(body)); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(p)
		if err != nil || string(got) != body {
			t.Fatalf("read back %q, %v; want %q", got, err, body)
		}
	}
	if _, err := os.Stat(tmp); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("temporary file left: %v", err)
	}
	if st, _ := os.Stat(p); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "record.json")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	// The temporary file's name is taken by a folder: the write fails
	// and the old file stays.
	if err := os.Mkdir(p+TempSuffix, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new")); err == nil {
		t.Fatal("no error")
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Fatalf("old file changed to %q", got)
	}
}

// A folder that cannot be synced is an error, never silence.
func TestSyncDirReportsErrors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("folders are not synced on Windows")
	}
	missing := filepath.Join(t.TempDir(), "gone")
	if err := SyncDir(missing); err == nil {
		t.Fatal("SyncDir of a missing folder reported nothing")
	}
	if err := SyncFile(missing); err == nil {
		t.Fatal("SyncFile of a missing file reported nothing")
	}
	if err := SyncDirs(t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

func TestRename(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	src, dst := filepath.Join(a, "x"), filepath.Join(b, "y")
	if err := os.WriteFile(src, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Rename(src, dst); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "x" {
		t.Fatalf("dst holds %q", got)
	}
	if err := Rename(src, dst); err == nil {
		t.Fatal("renaming a missing file reported nothing")
	}
}
