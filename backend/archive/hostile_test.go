package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
	"mahall/backend/notice"
)

// Entries pointing at one deflate stream: the case (many entries,
// huge declared total in a small file) and two of our own (two entries only,
// even with a manifest vouching for both; an entry starting inside another's
// data).
func TestOverlappingEntriesRefused(t *testing.T) {
	db := fakeDB(20 << 10)
	dir := t.TempDir()
	open := func(name string, b []byte) error {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		a, err := archive.Open(p, archive.DefaultLimits)
		if err == nil {
			a.Close()
		}
		return err
	}

	t.Run("2190 entries on one bomb", func(t *testing.T) {
		base := archivetest.Bytes(t, []archivetest.Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate},
			archivetest.Bomb(t, "media/p00000.bmp", 60)})
		names := make([]string, 2189)
		for i := range names {
			names[i] = fmt.Sprintf("media/p%05d.bmp", i+1)
		}
		b := archivetest.ShareData(t, base, "media/p00000.bmp", names...)
		if len(b) > 1<<20 {
			t.Fatalf("the bomb is %d bytes, meant to be small", len(b))
		}
		wantEntry(t, open("many.zip", b), archive.ErrUnsafe, "media/p00001.bmp")
	})

	t.Run("two entries, one stream, with a manifest", func(t *testing.T) {
		photo := bytes.Repeat([]byte("blank "), 10000)
		entries := archivetest.V1(t, db, map[string][]byte{"a.bmp": photo, "b.bmp": photo}, nil)
		for i := range entries {
			entries[i].Method = zip.Deflate
		}
		b := archivetest.Bytes(t, entries)
		// Point b.bmp's directory entry at a.bmp's data: the manifest's
		// checksums still all match.
		b = dropEntry(t, archivetest.ShareData(t, b, "media/a.bmp", "media/b.bmp"), "media/b.bmp")
		err := open("pair.zip", b)
		wantEntry(t, err, archive.ErrUnsafe, "media/b.bmp")
		if !strings.Contains(err.Error(), "media/a.bmp") {
			t.Errorf("the message does not name the other entry: %v", err)
		}
	})

	t.Run("an entry starting inside another", func(t *testing.T) {
		// A stored entry whose content is itself a local header and data:
		// the second directory entry points into the middle of the first.
		inner := archivetest.Bytes(t, []archivetest.Entry{{Name: "media/in.txt", Body: []byte("hidden"), Method: zip.Store}})
		base := archivetest.Bytes(t, []archivetest.Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate},
			{Name: "media/outer.bin", Body: inner, Method: zip.Store}})
		zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
		if err != nil {
			t.Fatal(err)
		}
		off, _ := zr.File[1].DataOffset()
		b := archivetest.ShareData(t, base, "media/outer.bin", "media/in.txt")
		setLastOffset(t, b, uint32(off), 6, 6)
		wantEntry(t, open("nested.zip", b), archive.ErrUnsafe, "media/in.txt")
	})
}

// dropEntry removes the first central-directory record named name (the
// original, leaving the copy ShareData appended).
func dropEntry(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	le := binary.LittleEndian
	end := bytes.LastIndex(b, []byte("PK\x05\x06"))
	count, cdSize, cdOff := int(le.Uint16(b[end+10:])), int(le.Uint32(b[end+12:])), int(le.Uint32(b[end+16:]))
	for p := cdOff; p < cdOff+cdSize; {
		nl := int(le.Uint16(b[p+28:]))
		n := 46 + nl + int(le.Uint16(b[p+30:])) + int(le.Uint16(b[p+32:]))
		if string(b[p+46:p+46+nl]) == name {
			out := append(append([]byte(nil), b[:p]...), b[p+n:]...)
			e := len(out) - (len(b) - end)
			le.PutUint16(out[e+8:], uint16(count-1))
			le.PutUint16(out[e+10:], uint16(count-1))
			le.PutUint32(out[e+12:], uint32(cdSize-n))
			return out
		}
		p += n
	}
	t.Fatalf("no entry %q", name)
	return nil
}

// setLastOffset rewrites the last central-directory record's local header
// offset and sizes (in place). The offset given is the data's; the record
// wants its local header's, which starts 30+len(name) bytes before.
func setLastOffset(t *testing.T, b []byte, dataOff uint32, comp, size uint32) {
	le := binary.LittleEndian
	end := bytes.LastIndex(b, []byte("PK\x05\x06"))
	cdSize, cdOff := int(le.Uint32(b[end+12:])), int(le.Uint32(b[end+16:]))
	last := -1
	for p := cdOff; p < cdOff+cdSize; p += 46 + int(le.Uint16(b[p+28:])) + int(le.Uint16(b[p+30:])) + int(le.Uint16(b[p+32:])) {
		last = p
	}
	// The inner ZIP's own local header sits at the start of outer's data.
	le.PutUint32(b[last+42:], dataOff)
	le.PutUint32(b[last+20:], comp)
	le.PutUint32(b[last+24:], size)
	le.PutUint16(b[last+10:], 0)             // Store
	le.PutUint32(b[last+16:], crc("hidden")) // the inner entry's CRC
}

func crc(s string) uint32 { return crc32.ChecksumIEEE([]byte(s)) }

// An entry can never declare more than Deflate can expand its data to.
func TestDeclaredBeyondDeflateRefused(t *testing.T) {
	db := fakeDB(20 << 10)
	for _, c := range []struct {
		name     string
		body     []byte
		declared int64
	}{
		{"small body, 50 MiB declared", []byte("tiny"), 50 << 20},
		{"just past the ratio floor", bytes.Repeat([]byte{'a'}, 1000), archive.DefaultLimits.RatioFloor - 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "lie.zip")
			archivetest.WriteZip(t, p, []archivetest.Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate},
				{Name: "media/lie.bmp", Body: c.body, Method: zip.Deflate, DeclaredSize: c.declared}})
			_, err := archive.Open(p, archive.DefaultLimits)
			wantEntry(t, err, archive.ErrTooLarge, "media/lie.bmp")
		})
	}
}

// What our Writer makes, Open, Verify and Extract accept: extreme but
// legitimate inputs, written and read back together.
func TestWriterAndReaderAgree(t *testing.T) {
	long := strings.Repeat("n", 251) + ".jpg" // a 255-byte name
	cases := map[string][]byte{
		"db.sqlite3":                       fakeDB(64 << 10),
		"media/members/photos/blank.bmp":   make([]byte, 70<<20), // the 70 MB blank photo
		"media/members/photos/blank.jpg":   make([]byte, 3<<20),
		"media/members/photos/empty.png":   {},
		"media/members/photos/" + long:     []byte("x"),
		"media/members/photos/ഫോട്ടോ.tiff": bytes.Repeat([]byte{0}, int(archive.DefaultLimits.RatioFloor)+1),
	}
	zipPath := filepath.Join(t.TempDir(), "extreme.zip")
	backupOf(t, cases, zipPath)
	a, err := archive.Open(zipPath, archive.DefaultLimits)
	if err != nil {
		t.Fatalf("our own backup was refused: %v", err)
	}
	defer a.Close()
	if err := a.Verify(context.Background(), nil); err != nil {
		t.Fatalf("our own backup does not verify: %v", err)
	}
	out := filepath.Join(t.TempDir(), "out")
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	sameTree(t, readTree(t, out), cases)

	// The same blank photo in a legacy archive, with no manifest to vouch
	// for it, is still held to the ratio.
	legacy := filepath.Join(t.TempDir(), "legacy.zip")
	archivetest.WriteZip(t, legacy, archivetest.Legacy(archive.LayoutA, fakeDB(20<<10),
		map[string][]byte{"members/photos/blank.bmp": cases["media/members/photos/blank.bmp"]}))
	_, err = archive.Open(legacy, archive.DefaultLimits)
	wantEntry(t, err, archive.ErrTooLarge, "media/members/photos/blank.bmp")
}

// A name too long for any file system is refused by the Writer and by Open
// up front, never half way through extracting.
func TestLongNames(t *testing.T) {
	for _, n := range []int{256, 304} {
		name := "media/" + strings.Repeat("x", n-4) + ".jpg"
		w := archive.NewWriter(&bytes.Buffer{}, archive.WriterOptions{})
		if _, err := w.AddBytes(context.Background(), name, []byte("x"), time.Time{}, nil); err == nil {
			t.Errorf("Writer took a %d-byte name", n)
		}
		w.Abort()
		p := filepath.Join(t.TempDir(), "long.zip")
		archivetest.WriteZip(t, p, []archivetest.Entry{{Name: archive.DBName, Body: fakeDB(4 << 10)}, {Name: name, Body: []byte("x")}})
		_, err := archive.Open(p, archive.DefaultLimits)
		wantEntry(t, err, archive.ErrUnsafe, name)
		if !strings.Contains(err.Error(), fmt.Sprint(n, " bytes long")) {
			t.Errorf("the message does not say how long the name is: %v", err)
		}
	}
}

// Each part of a split ZIP says it is one part of a split archive.
func TestSplitZip(t *testing.T) {
	if _, err := exec.LookPath("zip"); err != nil {
		t.Skip("zip is not installed (scripts/deps.sh installs it): cannot make a split archive")
	}
	dir := t.TempDir()
	big := make([]byte, 300<<10)
	for i := range big {
		big[i] = byte(i * 7 % 251)
	}
	os.WriteFile(filepath.Join(dir, "db.sqlite3"), big, 0o600)
	cmd := exec.Command("zip", "-q", "-0", "-s", "64k", "split.zip", "db.sqlite3")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("zip -s: %v\n%s", err, out)
	}
	for _, part := range []string{"split.z01", "split.z02", "split.zip"} {
		p := filepath.Join(dir, part)
		_, err := archive.Open(p, archive.DefaultLimits)
		if part == "split.z02" {
			// A middle part starts with no signature at all.
			if err == nil {
				t.Errorf("%s opened", part)
			}
			continue
		}
		wantEntry(t, err, archive.ErrUnsupported, p)
		if !strings.Contains(err.Error(), "part") || !strings.Contains(err.Error(), "split ZIP") {
			t.Errorf("%s: %v, want it to say it is a part of a split ZIP", part, err)
		}
	}

	// Our own case: a whole archive whose end record claims disk 3.
	one := filepath.Join(dir, "one.zip")
	backupOf(t, map[string][]byte{"db.sqlite3": fakeDB(4 << 10)}, one)
	b, _ := os.ReadFile(one)
	end := bytes.LastIndex(b, []byte("PK\x05\x06"))
	binary.LittleEndian.PutUint16(b[end+4:], 3)
	os.WriteFile(one, b, 0o600)
	_, err := archive.Open(one, archive.DefaultLimits)
	wantEntry(t, err, archive.ErrUnsupported, one)
	if !strings.Contains(err.Error(), "part 4") {
		t.Errorf("%v, want it to name part 4", err)
	}
}

// backupOf writes files into a new folder and backs it up to dst with
// writeBackup.
func backupOf(t *testing.T, files map[string][]byte, dst string) {
	t.Helper()
	src := t.TempDir()
	for name, b := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	writeBackup(t, src, files, dst)
}

// Names Windows cannot hold are real photos: the Writer keeps them, Open
// accepts them with a warning, a Linux restore keeps them exactly, and
// UsePortableNames (what Open does on Windows) renames them safely: no
// stream, no device, no two files on one name.
func TestWindowsNamesKept(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("writes the names to disk first, which Windows refuses; TestWindowsNamesOnWindows restores them there")
	}
	files := map[string][]byte{
		"db.sqlite3":                  fakeDB(8 << 10),
		"media/members/CON.jpg":       []byte("con"),
		"media/members/a:b.jpg":       []byte("a colon b"),
		"media/members/a_b.jpg":       []byte("a underscore b"), // what a:b.jpg becomes
		"media/members/trailing.":     []byte("dot"),
		"media/members/space ":        []byte("space"),
		"media/nul/inside.png":        []byte("in a folder named nul"),
		"media/members/what?.txt":     []byte("question"),
		"media/members/ordinary.jpeg": []byte("ordinary"),
	}
	p := filepath.Join(t.TempDir(), "names.zip")
	backupOf(t, files, p)
	a, err := archive.Open(p, archive.DefaultLimits)
	if err != nil {
		t.Fatalf("our own backup with Windows-unfriendly names: %v", err)
	}
	defer a.Close()
	w := strings.Join(notice.Texts(a.Warnings), "\n")
	if !strings.Contains(w, "6 file(s)") || !strings.Contains(w, "Windows") {
		t.Errorf("warnings do not say 6 names get new names on Windows: %q", w)
	}
	out := filepath.Join(t.TempDir(), "linux")
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	sameTree(t, readTree(t, out), files)

	renamed := a.UsePortableNames()
	want := map[string]string{
		"media/members/CON.jpg":   "media/members/_CON.jpg",
		"media/members/a:b.jpg":   "media/members/a_b~2.jpg",
		"media/members/trailing.": "media/members/trailing_",
		"media/members/space ":    "media/members/space_",
		"media/nul/inside.png":    "media/_nul/inside.png",
		"media/members/what?.txt": "media/members/what_.txt",
	}
	if fmt.Sprint(renamed) != fmt.Sprint(want) {
		t.Errorf("renames\n got %v\nwant %v", renamed, want)
	}
	win := filepath.Join(t.TempDir(), "windows")
	if err := a.Extract(context.Background(), win, archive.ExtractOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	wantTree := map[string][]byte{}
	for name, b := range files {
		if n, ok := want[name]; ok {
			name = n
		}
		wantTree[name] = b
	}
	sameTree(t, readTree(t, win), wantTree)
	for name := range readTree(t, win) {
		if _, err := archive.CheckName(name); err != nil {
			t.Errorf("renamed target %q still not portable: %v", name, err)
		}
	}
}

// A backup cut short after it was opened (a USB stick pulled, a copy still
// being written) says so in words, wherever the cut falls: in the database,
// in a stored photo, in a deflated one.
func TestCutShortWhileReading(t *testing.T) {
	files := map[string][]byte{
		"db.sqlite3":                 fakeDB(256 << 10),
		"media/members/photos/a.jpg": jpegBytes(t, 5),
		"media/notes/b.txt":          bytes.Repeat([]byte("Eid Paisa received\n"), 20000),
	}
	p := filepath.Join(t.TempDir(), "b.zip")
	backupOf(t, files, p)
	for _, name := range []string{"db.sqlite3", "media/members/photos/a.jpg", "media/notes/b.txt"} {
		t.Run(name, func(t *testing.T) {
			q := filepath.Join(t.TempDir(), "cut.zip")
			b, _ := os.ReadFile(p)
			os.WriteFile(q, b, 0o600)
			a, err := archive.Open(q, archive.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			var cut int64
			zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			for _, zf := range zr.File {
				if zf.Name == name {
					off, _ := zf.DataOffset()
					cut = off + int64(zf.CompressedSize64)/2
				}
			}
			if err := os.Truncate(q, cut); err != nil {
				t.Fatal(err)
			}
			err = a.Verify(context.Background(), nil)
			wantEntry(t, err, archive.ErrDamaged, name)
			if !strings.Contains(err.Error(), "cut short") {
				t.Errorf("%v: does not say the file is cut short", err)
			}
		})
	}
}
