package crypt

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// bigContainer encrypts 2.5 MiB of random bytes, so reads cross ReadAt's
// 1 MiB windows; Open does not look inside the payload.
func bigContainer(t *testing.T) ([]byte, string) {
	fixture(t)
	inner := make([]byte, 5<<19)
	rand.NewChaCha8([32]byte{9}).Read(inner)
	path := filepath.Join(t.TempDir(), "big.zip")
	if err := writeContainer(path, fx.lock, inner); err != nil {
		t.Fatal(err)
	}
	return inner, path
}

// Small reads anywhere, across windows and up to the end, return exactly
// the bytes that were encrypted, as zip's reads of headers and data do.
func TestSmallReadsReturnTheInnerBytes(t *testing.T) {
	inner, path := bigContainer(t)
	o, err := Open(path, fx.key)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if o.Size() != int64(len(inner)) {
		t.Fatalf("Size %d, want %d", o.Size(), len(inner))
	}
	rng := rand.New(rand.NewPCG(3, 4))
	offs := []int64{0, readWindow - 7, 2*readWindow - 1, int64(len(inner)) - 30, int64(len(inner)) - 1}
	for range 200 {
		offs = append(offs, rng.Int64N(int64(len(inner))))
	}
	for _, off := range offs {
		p := make([]byte, 1+rng.IntN(70<<10))
		n, err := o.ReadAt(p, off)
		want := inner[off:min(off+int64(len(p)), int64(len(inner)))]
		if n != len(want) || !bytes.Equal(p[:n], want) {
			t.Fatalf("ReadAt(%d bytes, %d) = %d bytes, not the inner bytes (%d), err %v", len(p), off, n, len(want), err)
		}
		if n < len(p) && err != io.EOF {
			t.Fatalf("ReadAt past the end at %d: %v, want io.EOF", off, err)
		}
		if n == len(p) && err != nil && err != io.EOF {
			t.Fatalf("ReadAt(%d bytes, %d): %v", len(p), off, err)
		}
	}
}

// A damaged chunk spoils only itself: bytes of intact chunks in its window
// still read, and its own bytes never do.
func TestDamagedChunkSpoilsOnlyItself(t *testing.T) {
	inner, path := bigContainer(t)
	off, size := entrySpan(t, path, EntryPayload)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[off+size*6/10] ^= 0x01
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := Open(path, fx.key)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	p := make([]byte, 100)
	if n, err := o.ReadAt(p, readWindow+10); err != nil || !bytes.Equal(p[:n], inner[readWindow+10:readWindow+110]) {
		t.Fatalf("an intact chunk in the damaged one's window: %d bytes, %v", n, err)
	}
	w := make([]byte, readWindow-1)
	n, err := o.ReadAt(w, readWindow)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("reading the damaged window: %d bytes, %v; want ErrDamaged", n, err)
	}
	// Chunk by chunk: exactly one fails, returning none of its bytes, and
	// the wider read above stopped before it.
	const chunk = 64 << 10
	bad := []int64{}
	for c := int64(0); c < int64(len(inner)); c += chunk {
		b := make([]byte, 10)
		m, err := o.ReadAt(b, c)
		if errors.Is(err, ErrDamaged) {
			if m != 0 {
				t.Fatalf("the damaged chunk at %d returned %d bytes", c, m)
			}
			bad = append(bad, c)
		} else if err != nil || !bytes.Equal(b, inner[c:c+10]) {
			t.Fatalf("intact chunk at %d: %d bytes, %v", c, m, err)
		}
	}
	if len(bad) != 1 || bad[0] < readWindow || bad[0] >= 2*readWindow {
		t.Fatalf("damaged chunks at %v, want one in the second window", bad)
	}
	if int64(readWindow+n) > bad[0] {
		t.Fatalf("ReadAt returned bytes up to %d, past the damaged chunk at %d", readWindow+n, bad[0])
	}
}
