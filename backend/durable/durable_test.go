package durable

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWriteFileReplacesWholeFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "settings.json")
	if err := os.WriteFile(p, []byte("an older, longer content"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(p)
	if err != nil || string(got) != "new" {
		t.Fatalf("content %q, %v", got, err)
	}
	if fi, _ := os.Stat(p); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the file", len(entries))
	}
}

// A failed write leaves the old file and no temporary file behind.
func TestWriteFileFailureLeavesOldFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "taken")
	// A non-empty folder under the name: the rename over it fails.
	if err := os.MkdirAll(filepath.Join(p, "inside"), 0o700); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, []byte("new"), 0o600)
	if err == nil {
		t.Fatal("WriteFile over a folder succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 || entries[0].Name() != "taken" || !entries[0].IsDir() {
		t.Errorf("folder after the failure: %v", entries)
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x"), []byte("x"), 0o600); err == nil {
		t.Error("WriteFile into a missing folder succeeded")
	}
}

func TestTempNames(t *testing.T) {
	final := filepath.Join(t.TempDir(), "settings.json")
	f, err := os.CreateTemp(filepath.Dir(final), TempPattern(final))
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if !IsTemp(filepath.Base(f.Name()), final) {
		t.Errorf("IsTemp(%q, %q) = false", f.Name(), final)
	}
	if IsTemp("settings.json", final) || IsTemp(".settings.json.tmp-1", "history.json") {
		t.Error("IsTemp matched a file that is not a temporary of final")
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
