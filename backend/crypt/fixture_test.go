package crypt

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"mahall/backend/archive/archivetest"
)

const password = "Ponnani masjid 1957!"

// Made-up personal data that the test inner backup holds in clear, so the
// container can be searched for it.
var personal = []string{
	"Fathima Zuhra Kunhalikutty",
	"Abdul Rasheed Puthiyaveettil",
	"+91 94470 12345",
	"9447012345",
	"media/members/photos/fathima_zuhra_0042.jpg",
	"fathima_zuhra_0042.jpg",
}

// fx is built once: scrypt costs about a second a call, and the machine is
// shared, so the tests that need a wrapped key share one.
var fx struct {
	once     sync.Once
	dir      string
	key      Key
	recovery string
	lock     Lock
	inner    []byte // the plain inner backup ZIP
	path     string // the encrypted backup of inner
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fx.dir != "" {
		os.RemoveAll(fx.dir)
	}
	os.Exit(code)
}

func fixture(t testing.TB) {
	t.Helper()
	fx.once.Do(func() {
		fx.dir, fx.err = os.MkdirTemp("", "crypt-test-")
		if fx.err != nil {
			return
		}
		fx.key, fx.recovery = NewKey()
		if fx.lock, fx.err = Wrap(fx.key, password); fx.err != nil {
			return
		}
		fx.inner = innerZip(t)
		fx.path = filepath.Join(fx.dir, "mahall_backup_2026-12-01.zip")
		fx.err = writeContainer(fx.path, fx.lock, fx.inner)
	})
	if fx.err != nil {
		t.Fatal(fx.err)
	}
}

// innerZip is a stand-in for a backup: a register database holding the
// personal data in clear, photos (one named after a member) of random bytes
// spanning several of age's 64 KiB chunks, and a manifest.
func innerZip(t testing.TB) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	photo := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	var db bytes.Buffer
	db.WriteString("SQLite format 3\x00")
	for i, p := range personal[:4] {
		fmt.Fprintf(&db, "member %d: %s\n", i, p)
	}
	db.Write(photo(100_000))
	return archivetest.Bytes(t, []archivetest.Entry{
		{Name: "db.sqlite3", Body: db.Bytes(), Method: zip.Store},
		{Name: personal[4], Body: photo(150_000), Method: zip.Store},
		{Name: "media/members/photos/m_0043.png", Body: photo(3), Method: zip.Store},
		{Name: "manifest.json", Body: []byte(`{"format":"mahall-backup","version":1,"files":["` + personal[4] + `"]}`), Method: zip.Store},
	})
}

// writeContainer encrypts inner into path through the Writer, in odd-sized
// writes, as a streaming archive writer would.
func writeContainer(path string, lock Lock, inner []byte) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	w, err := NewWriter(f, lock, time.Date(2026, 12, 1, 20, 15, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	if _, err := io.CopyBuffer(w, struct{ io.Reader }{bytes.NewReader(inner)}, make([]byte, 7777)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return f.Close()
}

// entrySpan is where the stored data of the container's entry name lies in
// the file.
func entrySpan(t testing.TB, path, name string) (off, size int64) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			return off, int64(f.CompressedSize64)
		}
	}
	t.Fatalf("no entry %s in %s", name, path)
	return 0, 0
}

// flipped writes a copy of the fixture's container into dir with the byte at
// offset at flipped, and returns its path.
func flipped(t testing.TB, dir string, at int64) string {
	t.Helper()
	b, err := os.ReadFile(fx.path)
	if err != nil {
		t.Fatal(err)
	}
	b[at] ^= 0x01
	p := filepath.Join(dir, "flipped.zip")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
