package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mahall/backend/notice"
	"mahall/backend/progress"
)

// TestManyMediaFiles backs up more files than the archive writer has
// buffers, of sizes around its chunk size and a mebibyte, and checks every
// one byte for byte with its manifest checksum.
func TestManyMediaFiles(t *testing.T) { manyMediaFiles(t, Options{}) }

// manyFiles is more media files than the writer's buffers in flight.
const manyFiles = 128

func manyMediaFiles(t *testing.T, o Options) {
	l := makeData(t)
	const mib = 1 << 20
	sizes := []int{0, 1, 4 << 10, mib - 1, mib, mib + 1, 3*mib + 7}
	for i := range manyFiles / 2 {
		sizes = append(sizes, (i*37_813)%(300<<10))
	}
	for i, n := range sizes {
		writeFile(t, filepath.Join(l.Media(), "many", fmt.Sprintf("p%03d.jpg", i)), pseudoRandom(n, uint64(100+i)))
	}
	dest := filepath.Join(t.TempDir(), "b.zip")
	res, err := o.create(context.Background(), l, dest, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.MediaFiles != 5+len(sizes) {
		t.Errorf("%d media files, want %d", res.MediaFiles, 5+len(sizes))
	}
	out, a := extract(t, dest) // also verifies every checksum
	src, got := hashFiles(t, l.Media()), hashFiles(t, filepath.Join(out, "media"))
	if fmt.Sprint(src) != fmt.Sprint(got) {
		t.Errorf("media differ:\nsource %v\nbackup %v", src, got)
	}
	for _, f := range a.Manifest.Files {
		if f.Name == "db.sqlite3" {
			continue
		}
		if want := src[f.Name[len("media/"):]]; f.SHA256 != want {
			t.Errorf("manifest %s sha256 %s, file %s", f.Name, f.SHA256, want)
		}
	}
}

// TestFileRemovedDuringBackup: a photo deleted after the listing and before
// it is read (the app replacing it) is left out with a warning; the backup
// still completes: the last of many files is still unread when the first
// is written.
func TestFileRemovedDuringBackup(t *testing.T) {
	l := makeData(t)
	n := manyFiles
	for i := range n {
		writeFile(t, filepath.Join(l.Media(), "many", fmt.Sprintf("p%03d.jpg", i)), pseudoRandom(1000, uint64(i)))
	}
	last := filepath.Join(l.Media(), "many", fmt.Sprintf("p%03d.jpg", n-1))
	removed := false
	res, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b.zip"), func(u progress.Update) {
		if !removed && u.Phase == progress.PhaseArchive && strings.HasPrefix(u.Current, "media/") {
			if err := os.Remove(last); err != nil {
				t.Error(err)
			}
			removed = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.MediaFiles != 5+n-1 {
		t.Errorf("%d media files, want %d", res.MediaFiles, 5+n-1)
	}
	want := fmt.Sprintf("media/many/p%03d.jpg was removed during the backup and is not in it", n-1)
	if !slices.Contains(notice.Texts(res.Warnings), want) {
		t.Errorf("warnings %q, want %q", res.Warnings, want)
	}
}

// listed is the mediaFile the folder listing makes for the file at p.
func listed(t *testing.T, name, p string) mediaFile {
	t.Helper()
	info, err := os.Lstat(p)
	if err != nil {
		t.Fatal(err)
	}
	return mediaFile{name: name, path: p, size: info.Size(), id: idOf(info)}
}
