package archive_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mahall/backend/archive"
)

// TestAddBytes writes the media from memory (the backup's path for small
// files) beside a streamed database, and checks the archive restores them
// byte for byte with the right checksums, and that every buffer is handed
// back exactly once, only after the writer is done with it.
func TestAddBytes(t *testing.T) {
	src := t.TempDir()
	files := dataFolder(t, src)
	zipPath := filepath.Join(t.TempDir(), "backup.zip")
	f, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := archive.NewWriter(f, archive.WriterOptions{})
	defer w.Abort()
	released := map[string]*atomic.Int32{}
	for _, name := range sortedNames(files) {
		var fi archive.FileInfo
		var err error
		if name == archive.DBName {
			fi, err = w.Add(context.Background(), name, filepath.Join(src, name), nil)
		} else {
			// A copy the test scribbles over once released: a writer that
			// wrote after release would put the scribble in the archive.
			buf := append([]byte(nil), files[name]...)
			n := new(atomic.Int32)
			released[name] = n
			fi, err = w.AddBytes(context.Background(), name, buf, time.Time{}, func() {
				n.Add(1)
				for i := range buf {
					buf[i] ^= 0xff
				}
			})
		}
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size != int64(len(files[name])) || fi.SHA256 != sha(files[name]) {
			t.Errorf("%s: got %+v, want size %d sha %s", name, fi, len(files[name]), sha(files[name]))
		}
	}
	if err := w.Close(archive.Manifest{ProgramVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	for name, n := range released {
		if got := n.Load(); got != 1 {
			t.Errorf("%s released %d times, want once", name, got)
		}
	}

	a, err := archive.Open(zipPath, archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Verify(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "staging")
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	sameTree(t, readTree(t, out), files)
}

// TestAddBytesRefusals: every way AddBytes can refuse still gives the
// buffer back, and says why.
func TestAddBytesRefusals(t *testing.T) {
	var released atomic.Int32 // also called by the writing goroutine
	release := func() { released.Add(1) }
	data := []byte("photo")

	w := archive.NewWriter(new(bytes.Buffer), archive.WriterOptions{})
	if _, err := w.AddBytes(context.Background(), "../evil.jpg", data, time.Time{}, release); !errors.Is(err, archive.ErrUnsafe) {
		t.Errorf("unsafe name: %v", err)
	}
	if _, err := w.AddBytes(context.Background(), "media/a.jpg", data, time.Time{}, release); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddBytes(context.Background(), "media/A.JPG", data, time.Time{}, release); !errors.Is(err, archive.ErrDuplicate) {
		t.Errorf("duplicate name: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := w.AddBytes(ctx, "media/b.jpg", data, time.Time{}, release); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := w.AddBytes(context.Background(), "media/c.jpg", data, time.Time{}, release); !errors.Is(err, context.Canceled) {
		t.Errorf("after a cancel the writer is poisoned, got %v", err)
	}
	w.Abort()
	if n := released.Load(); n != 5 {
		t.Errorf("released %d buffers, want 5", n)
	}

	w = archive.NewWriter(new(bytes.Buffer), archive.WriterOptions{})
	if err := w.Close(archive.Manifest{}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddBytes(context.Background(), "media/d.jpg", data, time.Time{}, release); !errors.Is(err, archive.ErrWriterClosed) {
		t.Errorf("after Close: %v", err)
	}
	if n := released.Load(); n != 6 {
		t.Errorf("released %d buffers, want 6", n)
	}
}

// TestAddBytesWriteError: a failing destination surfaces from AddBytes or
// Close, as with Add.
func TestAddBytesWriteError(t *testing.T) {
	w := archive.NewWriter(failAfter{n: new(int), limit: 3 << 20}, archive.WriterOptions{})
	body := bytes.Repeat([]byte{0xa5, 0x17, 0x3c}, 200_000)
	var err error
	for i := 0; err == nil && i < 20; i++ {
		_, err = w.AddBytes(context.Background(), "media/f"+string(rune('a'+i))+".jpg", body, time.Time{}, nil)
	}
	if cerr := w.Close(archive.Manifest{}); err == nil {
		err = cerr
	}
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the write error", err)
	}
}
