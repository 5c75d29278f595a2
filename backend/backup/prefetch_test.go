package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mahall/backend/notice"
	"mahall/backend/progress"
)

// TestManyMediaFiles backs up more files than there are read-ahead
// buffers, of sizes around the small-file limit (read whole, or streamed),
// and checks every one byte for byte with its manifest checksum: with all
// the speed code, and with each piece of it switched off (as benchprof
// measures them), since a switched-off path is still a path that must be
// right.
func TestManyMediaFiles(t *testing.T) {
	for name, o := range map[string]Options{
		"all on": {}, "no prefetch": {NoPrefetch: true}, "no buffer reuse": {NoBufferReuse: true},
	} {
		t.Run(name, func(t *testing.T) { manyMediaFiles(t, o) })
	}
}

func manyMediaFiles(t *testing.T, o Options) {
	l := makeData(t)
	sizes := []int{0, 1, 4 << 10, smallFileMax - 1, smallFileMax, smallFileMax + 1, 3*smallFileMax + 7}
	for i := range 3 * prefetchDepth {
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

func TestReadSmall(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{0, 10, smallFileMax} {
		p := filepath.Join(dir, fmt.Sprint(n))
		body := pseudoRandom(n, 7)
		writeFile(t, p, body)
		it := readSmall(listed(t, "media/x", p), make([]byte, 3))
		if it.err != nil || it.stream || !bytes.Equal(it.data, body) || it.modTime.IsZero() {
			t.Errorf("%d bytes: err %v stream %v, %d bytes read", n, it.err, it.stream, len(it.data))
		}
	}
	big := filepath.Join(dir, "big")
	writeFile(t, big, pseudoRandom(smallFileMax+1, 8))
	if it := readSmall(listed(t, "", big), nil); it.err != nil || !it.stream || it.data != nil {
		t.Errorf("large file: err %v stream %v", it.err, it.stream)
	}
	// A folder where a file was listed is not read at all.
	if it := readSmall(mediaFile{path: dir, id: listed(t, "", big).id}, nil); !errors.Is(it.err, errReplaced) || it.stream {
		t.Errorf("folder: err %v stream %v, want errReplaced", it.err, it.stream)
	}
	missing := filepath.Join(dir, "gone.jpg")
	it := readSmall(mediaFile{path: missing}, nil)
	var pe *fs.PathError
	if !errors.Is(it.err, fs.ErrNotExist) || !errors.As(it.err, &pe) || pe.Path != missing {
		t.Errorf("missing file: %v", it.err)
	}
	// The buffer passed in is used when it is large enough.
	buf := make([]byte, 64<<10)
	p := filepath.Join(dir, "10")
	if it := readSmall(listed(t, "", p), buf); &it.data[0] != &buf[0] {
		t.Error("a large enough buffer was not reused")
	}
}

// TestFileRemovedDuringBackup: a photo deleted after the listing and before
// it is read (the app replacing it) is left out with a warning; the backup
// still completes. The reader stays at most a few buffers ahead, so the
// last of many files is still unread when the first is written.
func TestFileRemovedDuringBackup(t *testing.T) {
	l := makeData(t)
	n := 8 * prefetchDepth
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
