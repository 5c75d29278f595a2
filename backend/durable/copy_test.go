package durable

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestCopyNew(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "photo.jpg")
	if err := os.WriteFile(src, []byte("made-up photo bytes"), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "copy.jpg")
	if err := CopyNew(t.Context(), src, dst); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(dst); err != nil || string(got) != "made-up photo bytes" {
		t.Fatalf("copy holds %q, %v", got, err)
	}
	if fi, _ := os.Stat(dst); runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	// An existing file is refused and left as it was.
	if err := os.WriteFile(dst, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CopyNew(t.Context(), src, dst); !errors.Is(err, os.ErrExist) {
		t.Errorf("over an existing file: %v, want ErrExist", err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "keep me" {
		t.Errorf("the existing file became %q", got)
	}

	// A cancelled copy leaves nothing behind.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	gone := filepath.Join(dir, "cancelled.jpg")
	if err := CopyNew(ctx, src, gone); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v, want context.Canceled", err)
	}
	if _, err := os.Lstat(gone); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a cancelled copy left %s: %v", gone, err)
	}
}
