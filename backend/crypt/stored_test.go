package crypt

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestCheckStored: without the key, a sound container passes and a flipped
// or missing byte anywhere in the payload, or in the wrapped key, is found.
func TestCheckStored(t *testing.T) {
	fixture(t)
	ctx := context.Background()
	if err := CheckStored(ctx, fx.path, nil); err != nil {
		t.Fatalf("a sound container: %v", err)
	}
	off, size := entrySpan(t, fx.path, EntryPayload)
	koff, _ := entrySpan(t, fx.path, EntryKey)
	for _, at := range []int64{off, off + size/2, off + size - 1, koff + 3} {
		p := flipped(t, t.TempDir(), at)
		if err := CheckStored(ctx, p, nil); !errors.Is(err, ErrDamaged) {
			t.Errorf("byte %d flipped: %v, want ErrDamaged", at, err)
		}
	}
	b, err := os.ReadFile(fx.path)
	if err != nil {
		t.Fatal(err)
	}
	short := filepath.Join(t.TempDir(), "short.zip")
	if err := os.WriteFile(short, b[:off+size/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := CheckStored(ctx, short, nil); !errors.Is(err, ErrDamaged) {
		t.Errorf("a truncated container: %v, want ErrDamaged", err)
	}
}
