package crypt

import (
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkWrite100MB writes a 100 MB stream (random bytes, like the stored
// photos that make up most of a backup) the way the backup writer does, in
// 32 KiB writes: plain into a file, and encrypted into the container in the
// same file; and both again into io.Discard, which leaves the cost of the
// encryption alone. Compare the ns/op of plain and encrypted.
func BenchmarkWrite100MB(b *testing.B) {
	const size = 100 << 20
	data := make([]byte, size)
	rng := rand.NewChaCha8([32]byte{1})
	rng.Read(data)
	k, _ := NewKey()
	// A lock made without scrypt's second: the Writer only copies the
	// wrapped bytes, so their content does not matter here.
	lock := Lock{Public: k.Public(), Wrapped: []byte("wrapped key stand-in")}
	path := filepath.Join(b.TempDir(), "out.zip")

	write := func(b *testing.B, dst io.Writer, encrypt bool) {
		var w io.Writer = dst
		var c *Writer
		if encrypt {
			var err error
			if c, err = NewWriter(dst, lock, time.Now()); err != nil {
				b.Fatal(err)
			}
			w = c
		}
		for off := 0; off < size; off += 32 << 10 {
			if _, err := w.Write(data[off : off+32<<10]); err != nil {
				b.Fatal(err)
			}
		}
		if c != nil {
			if err := c.Close(); err != nil {
				b.Fatal(err)
			}
		}
	}
	toFile := func(encrypt bool) func(*testing.B) {
		return func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				f, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				write(b, f, encrypt)
				if err := f.Close(); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	toDiscard := func(encrypt bool) func(*testing.B) {
		return func(b *testing.B) {
			b.SetBytes(size)
			for b.Loop() {
				write(b, io.Discard, encrypt)
			}
		}
	}
	b.Run("file/plain", toFile(false))
	b.Run("file/encrypted", toFile(true))
	b.Run("discard/plain", toDiscard(false))
	b.Run("discard/encrypted", toDiscard(true))
}

// BenchmarkVerify100MB is the full check OpenVerified makes before a
// restore: every chunk of a 100 MB payload decrypted and authenticated.
func BenchmarkVerify100MB(b *testing.B) {
	const size = 100 << 20
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{2}).Read(data)
	k, _ := NewKey()
	path := filepath.Join(b.TempDir(), "enc.zip")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w, err := NewWriter(f, Lock{Public: k.Public(), Wrapped: []byte("stand-in")}, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		b.Fatal(err)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.SetBytes(size)
	for b.Loop() {
		o, err := OpenVerified(b.Context(), path, k, nil)
		if err != nil {
			b.Fatal(err)
		}
		o.Close()
	}
}
