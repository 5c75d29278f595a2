package archive_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"sync"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
)

// chunkCounter is an io.ReaderAt that records which 64 KiB chunks were read:
// over an encrypted backup, each is a chunk age decrypts and authenticates.
type chunkCounter struct {
	r      *bytes.Reader
	mu     sync.Mutex
	chunks map[int64]bool
}

func (c *chunkCounter) ReadAt(p []byte, off int64) (int, error) {
	c.mu.Lock()
	for i := off >> 16; i <= (off+int64(len(p))-1)>>16; i++ {
		c.chunks[i] = true
	}
	c.mu.Unlock()
	return c.r.ReadAt(p, off)
}

func (c *chunkCounter) touched() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := len(c.chunks)
	clear(c.chunks)
	return n
}

// A preview of 400 photos of 16 KiB reads the central directory and the
// manifest, not the 400 local headers spread over the whole file; it sees
// the same backup, and Verify refuses it.
func TestPreviewReadsOnlyWhatItShows(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	media := map[string][]byte{}
	for i := range 400 {
		b := make([]byte, 16<<10)
		rng.Read(b) // incompressible, like a JPEG
		media[fmt.Sprintf("members/photos/p%03d.jpg", i)] = b
	}
	zb := archivetest.Bytes(t, archivetest.V1(t, fakeDB(64<<10), media, nil))
	c := &chunkCounter{r: bytes.NewReader(zb), chunks: map[int64]bool{}}
	all := int((len(zb) + 65535) >> 16)

	full, err := archive.OpenReaderAt(c, int64(len(zb)), "full.zip", archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.touched(); n < all*9/10 {
		t.Fatalf("OpenReaderAt read %d of %d chunks; it should read every local header", n, all)
	}
	pv, err := archive.OpenPreviewReaderAt(c, int64(len(zb)), "preview.zip", archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if n := c.touched(); n > 6 {
		t.Fatalf("OpenPreviewReaderAt read %d of %d chunks, want the central directory and the manifest only (at most 6)", n, all)
	}
	if len(pv.Media) != 400 || len(pv.Media) != len(full.Media) || pv.Manifest == nil ||
		len(pv.Manifest.Files) != len(full.Manifest.Files) || pv.DB.SHA256 != full.DB.SHA256 || pv.DB.SHA256 == "" {
		t.Fatalf("the preview sees %d media, manifest %v; the full open %d media", len(pv.Media), pv.Manifest != nil, len(full.Media))
	}
	if err := pv.Verify(context.Background(), nil); err == nil {
		t.Fatal("Verify of an Archive opened for a preview passed; it must refuse, having read no local header")
	}
	if err := full.Verify(context.Background(), nil); err != nil {
		t.Fatalf("Verify of the full open: %v", err)
	}
}
