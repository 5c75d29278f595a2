package auto

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/folder"
)

// BenchmarkFingerprint16000 is the unchanged check on 16,000 photos (the M
// set's count); issue 12 asks for under a second. Measured here: about 60 ms
// with the folder in the page cache.
func BenchmarkFingerprint16000(b *testing.B) {
	root := b.TempDir()
	media := filepath.Join(root, "media", "members", "photos")
	os.MkdirAll(media, 0o700)
	os.WriteFile(filepath.Join(root, "db.sqlite3"), make([]byte, 1<<20), 0o600)
	for i := range 16000 {
		os.WriteFile(filepath.Join(media, fmt.Sprintf("m%05d.jpg", i)), []byte("x"), 0o600)
	}
	l := folder.Layout{Root: root}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Fingerprint(context.Background(), l); err != nil {
			b.Fatal(err)
		}
	}
}
