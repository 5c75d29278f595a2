// Package archivetest builds ZIP files for tests: legacy backups as the old
// program wrote them, and hostile archives that the archive reader must
// refuse. Every archive is written entry by entry with raw headers, so a
// test can make the headers lie (sizes, CRC, file type).
package archivetest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"hash/crc32"
	"image"
	"image/png"
	"io/fs"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"mahall/backend/archive"
)

// Entry is one ZIP entry to write.
type Entry struct {
	Name   string // written exactly as given: "\" stays "\"
	Body   []byte // the content; for a symbolic link, its target
	Method uint16 // zip.Store (0) or zip.Deflate (8)
	// Mode 0 writes a regular file the way Python's zipfile on Windows
	// does (creator FAT, no Unix mode). Anything else is written as a Unix
	// mode: fs.ModeSymlink|0o777, fs.ModeDevice|0o644, fs.ModeDir|0o755 ...
	Mode     fs.FileMode
	Modified time.Time // zero: 2024-01-02 03:04:05 UTC
	// DeclaredSize, when non-zero, is written as the uncompressed size in
	// place of the real one: a lie, for overlong and undersized entries.
	DeclaredSize int64
	BadCRC       bool // write a CRC-32 that does not match Body

	raw *raw // pre-compressed data (Bomb)
}

type raw struct {
	data []byte
	size uint64
	crc  uint32
}

// Bytes returns the ZIP holding entries, in order.
func Bytes(t testing.TB, entries []Entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		data, size, crc := e.Body, uint64(len(e.Body)), crc32.ChecksumIEEE(e.Body)
		switch {
		case e.raw != nil:
			data, size, crc = e.raw.data, e.raw.size, e.raw.crc
		case e.Method == zip.Deflate:
			data = deflate(t, e.Body)
		case e.Method != zip.Store:
			t.Fatalf("archivetest: entry %q: method %d not supported", e.Name, e.Method)
		}
		if e.DeclaredSize != 0 {
			size = uint64(e.DeclaredSize)
		}
		if e.BadCRC {
			crc ^= 0xdeadbeef
		}
		fh := &zip.FileHeader{
			Name:               e.Name,
			Method:             e.Method,
			CRC32:              crc,
			CompressedSize64:   uint64(len(data)),
			UncompressedSize64: size,
		}
		mod := e.Modified
		if mod.IsZero() {
			mod = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
		}
		fh.SetModTime(mod) //nolint:staticcheck // CreateRaw writes only the MS-DOS time, as Python does
		if e.Mode != 0 {
			fh.SetMode(e.Mode)
		}
		if !isASCII(e.Name) {
			fh.Flags |= 0x800 // UTF-8 names, as Python's zipfile marks them
		}
		w, err := zw.CreateRaw(fh)
		if err != nil {
			t.Fatalf("archivetest: entry %q: %v", e.Name, err)
		}
		if _, err := w.Write(data); err != nil {
			t.Fatalf("archivetest: entry %q: %v", e.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatalf("archivetest: %v", err)
	}
	return buf.Bytes()
}

// WriteZip writes the ZIP holding entries to path.
func WriteZip(t testing.TB, path string, entries []Entry) {
	t.Helper()
	if err := os.WriteFile(path, Bytes(t, entries), 0o600); err != nil {
		t.Fatal(err)
	}
}

func deflate(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.DefaultCompression) // Python's zlib default, level 6
	if err != nil {
		t.Fatal(err)
	}
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func isASCII(s string) bool {
	for i := range len(s) {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Legacy returns the entries of a backup in layout A, B or C as the old
// program wrote them: Deflate, no folder entries, "/" separators, db.sqlite3
// first, then media in sorted order. media is keyed by the path relative
// to the media folder ("members/photos/x.png"); C ignores it.
func Legacy(layout archive.Layout, db []byte, media map[string][]byte) []Entry {
	entries := []Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate}}
	if layout == archive.LayoutC {
		return entries
	}
	names := make([]string, 0, len(media))
	for n := range media {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		name := n
		if layout == archive.LayoutA {
			name = archive.MediaPrefix + n
		}
		entries = append(entries, Entry{Name: name, Body: media[n], Method: zip.Deflate})
	}
	return entries
}

// Bomb is an entry named name that inflates to mib MiB of zeros, honestly
// declared, from about a thousandth of that: a 2048 MiB bomb is a 2 MB
// file, built in well under a second by repeating one deflate block.
func Bomb(t testing.TB, name string, mib int) Entry {
	t.Helper()
	zeros := make([]byte, 1<<20)
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(zeros)
	w.Flush() // ends the block on a byte boundary, so it can be repeated
	block := append([]byte(nil), buf.Bytes()...)
	buf.Reset()
	w.Close() // the final, empty block
	tail := buf.Bytes()

	data := bytes.Repeat(block, mib)
	data = append(data, tail...)
	crc := uint32(0)
	for range mib {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	return Entry{Name: name, Method: zip.Deflate, raw: &raw{data: data, size: uint64(mib) << 20, crc: crc}}
}

// FlipByte flips one byte in the middle of the stored data of the entry
// named name in the ZIP at path, leaving every header intact.
func FlipByte(t testing.TB, path, name string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var off int64 = -1
	for _, f := range zr.File {
		if f.Name == name {
			if f.CompressedSize64 == 0 {
				t.Fatalf("archivetest: entry %q has no data to flip", name)
			}
			if off, err = f.DataOffset(); err != nil {
				t.Fatal(err)
			}
			off += int64(f.CompressedSize64 / 2)
		}
	}
	zr.Close()
	if off < 0 {
		t.Fatalf("archivetest: no entry %q in %s", name, path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b := make([]byte, 1)
	if _, err := f.ReadAt(b, off); err != nil {
		t.Fatal(err)
	}
	b[0] ^= 0x55
	if _, err := f.WriteAt(b, off); err != nil {
		t.Fatal(err)
	}
}

// V1 returns the entries of a mahall-backup/1 archive holding db and media
// (keyed by path relative to the media folder), with a manifest computed
// from them. edit, when not nil, may change the manifest before it is
// written, to make it lie.
func V1(t testing.TB, db []byte, media map[string][]byte, edit func(*archive.Manifest)) []Entry {
	t.Helper()
	m := archive.Manifest{
		Format: archive.FormatName, Version: archive.FormatVersion,
		CreatedAt:      time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
		ProgramVersion: "test", SourceDir: "/data",
		Database: archive.DatabaseInfo{Size: int64(len(db)), SHA256: sum(db), Tables: map[string]int64{}},
	}
	entries := []Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate}}
	m.Files = append(m.Files, archive.FileInfo{Name: archive.DBName, Size: int64(len(db)), SHA256: sum(db)})
	for _, e := range Legacy(archive.LayoutA, nil, media)[1:] {
		e.Method = archive.MethodFor(e.Name)
		entries = append(entries, e)
		m.Files = append(m.Files, archive.FileInfo{Name: e.Name, Size: int64(len(e.Body)), SHA256: sum(e.Body)})
	}
	if edit != nil {
		edit(&m)
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(entries, Entry{Name: archive.ManifestName, Body: body, Method: zip.Deflate})
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// Case is one hostile or broken archive and how the reader must refuse it.
type Case struct {
	Name  string
	Write func(t testing.TB, path string) // writes the file to refuse
	Want  error                           // the sentinel the error wraps
	// Entry is what the *archive.EntryError names: an entry name, or ""
	// for the archive as a whole (the error then names its path).
	Entry string
	// WhenRead: Open accepts the structure; the lie shows only when the
	// data is read (Verify, ExtractDB, Extract).
	WhenRead bool
}

// longName has a 304-byte file name: no file system holds it.
var longName = "media/members/" + strings.Repeat("ഫ", 100) + ".jpg"

// HostileCases are the archives a restore must refuse, each with a valid
// database body db so that only the named problem is wrong.
func HostileCases(db []byte) []Case {
	photo := []byte("\xff\xd8\xff\xe0 not really a jpeg, but stored like one")
	zipOf := func(entries ...Entry) func(testing.TB, string) {
		return func(t testing.TB, path string) { WriteZip(t, path, entries) }
	}
	withDB := func(entries ...Entry) func(testing.TB, string) {
		return zipOf(append([]Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate}}, entries...)...)
	}
	file := func(name string) Entry { return Entry{Name: name, Body: photo} }
	bytesFile := func(b func(testing.TB) []byte) func(testing.TB, string) {
		return func(t testing.TB, path string) {
			if err := os.WriteFile(path, b(t), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
	return []Case{
		{Name: "dot-dot slash", Write: withDB(file("media/../../evil.txt")), Want: archive.ErrUnsafe, Entry: "media/../../evil.txt"},
		{Name: "dot-dot backslash", Write: withDB(file(`..\..\evil.txt`)), Want: archive.ErrUnsafe, Entry: `..\..\evil.txt`},
		{Name: "absolute path", Write: withDB(file("/etc/x")), Want: archive.ErrUnsafe, Entry: "/etc/x"},
		{Name: "drive letter", Write: withDB(file(`C:\x`)), Want: archive.ErrUnsafe, Entry: `C:\x`},
		{Name: "NUL in name", Write: withDB(file("media/a\x00.jpg")), Want: archive.ErrUnsafe, Entry: "media/a\x00.jpg"},
		{Name: "name too long for a file system", Write: withDB(file(longName)), Want: archive.ErrUnsafe, Entry: longName},
		{Name: "symlink entry", Write: withDB(Entry{Name: "media/link.jpg", Body: []byte("/etc/passwd"), Mode: fs.ModeSymlink | 0o777}), Want: archive.ErrUnsafe, Entry: "media/link.jpg"},
		{Name: "device entry", Write: withDB(Entry{Name: "media/dev", Mode: fs.ModeDevice | fs.ModeCharDevice | 0o644}), Want: archive.ErrUnsafe, Entry: "media/dev"},
		{Name: "zip bomb", Write: func(t testing.TB, path string) {
			WriteZip(t, path, []Entry{{Name: archive.DBName, Body: db, Method: zip.Deflate}, Bomb(t, "media/bomb.jpg", 2048)})
		}, Want: archive.ErrTooLarge, Entry: "media/bomb.jpg"},
		{Name: "truncated archive", Write: func(t testing.TB, path string) {
			b := Bytes(t, Legacy(archive.LayoutA, db, map[string][]byte{"members/photos/a.jpg": photo}))
			if err := os.WriteFile(path, b[:len(b)*2/3], 0o600); err != nil {
				t.Fatal(err)
			}
		}, Want: archive.ErrDamaged},
		{Name: "PNG, not a ZIP", Write: bytesFile(pngBytes), Want: archive.ErrNotZip},
		{Name: "gzip, not a ZIP", Write: bytesFile(func(t testing.TB) []byte {
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(db)
			zw.Close()
			return buf.Bytes()
		}), Want: archive.ErrNotZip},
		{Name: "empty file", Write: bytesFile(func(testing.TB) []byte { return nil }), Want: archive.ErrNotZip},
		{Name: "empty ZIP", Write: zipOf(), Want: archive.ErrNoDB},
		{Name: "no database", Write: zipOf(file("media/members/photos/a.jpg")), Want: archive.ErrNoDB},
		{Name: "duplicate entries", Write: withDB(file("media/a.jpg"), file("media/a.jpg")), Want: archive.ErrDuplicate, Entry: "media/a.jpg"},
		{Name: "names differing only in case", Write: withDB(file("media/Photo.jpg"), file("media/photo.jpg")), Want: archive.ErrDuplicate, Entry: "media/photo.jpg"},
		{Name: "file and folder of one name", Write: withDB(file("media/a"), file("media/a/b.jpg")), Want: archive.ErrDuplicate, Entry: "media/a"},
		{Name: "mixed legacy layouts", Write: withDB(file("media/a.jpg"), file("members/b.jpg")), Want: archive.ErrUnsupported, Entry: "members/b.jpg"},
		{Name: "unexpected entry beside a manifest", Write: func(t testing.TB, path string) {
			WriteZip(t, path, append(V1(t, db, nil, nil), file("notes.txt")))
		}, Want: archive.ErrUnsafe, Entry: "notes.txt"},
		{Name: "manifest from a newer program", Write: func(t testing.TB, path string) {
			WriteZip(t, path, V1(t, db, nil, func(m *archive.Manifest) { m.Version = 2 }))
		}, Want: archive.ErrUnsupported, Entry: archive.ManifestName},
		{Name: "manifest lists a missing file", Write: func(t testing.TB, path string) {
			WriteZip(t, path, V1(t, db, nil, func(m *archive.Manifest) {
				m.Files = append(m.Files, archive.FileInfo{Name: "media/gone.jpg", Size: 3, SHA256: sum([]byte("abc"))})
			}))
		}, Want: archive.ErrChecksum, Entry: "media/gone.jpg"},
		{Name: "manifest checksum does not match", Write: func(t testing.TB, path string) {
			WriteZip(t, path, V1(t, db, map[string][]byte{"members/photos/a.jpg": photo}, func(m *archive.Manifest) {
				m.Files[1].SHA256 = sum([]byte("something else"))
			}))
		}, Want: archive.ErrChecksum, Entry: "media/members/photos/a.jpg", WhenRead: true},
		{Name: "entry longer than declared", Write: withDB(Entry{Name: "media/a.txt", Body: bytes.Repeat([]byte("x"), 100<<10), Method: zip.Deflate, DeclaredSize: 500}),
			Want: archive.ErrChecksum, Entry: "media/a.txt", WhenRead: true},
		{Name: "bad CRC in a legacy archive", Write: withDB(Entry{Name: "media/a.jpg", Body: photo, BadCRC: true}),
			Want: archive.ErrChecksum, Entry: "media/a.jpg", WhenRead: true},
	}
}

func pngBytes(t testing.TB) []byte {
	img := image.NewGray(image.Rect(0, 0, 8, 8))
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ShareData returns zipBytes with one more central-directory entry for each
// of names, every one a copy of the entry named from: same sizes, CRC and
// local header offset, so they all point at from's data. No writer makes
// such archives; they are a zip bomb in disguise (each entry alone looks
// honest). The local headers keep from's name, which Go's reader ignores.
func ShareData(t testing.TB, zipBytes []byte, from string, names ...string) []byte {
	t.Helper()
	le := binary.LittleEndian
	end := bytes.LastIndex(zipBytes, []byte("PK\x05\x06"))
	if end < 0 || len(zipBytes)-end < 22 {
		t.Fatal("archivetest: no end of central directory")
	}
	count := int(le.Uint16(zipBytes[end+10:]))
	cdSize := int(le.Uint32(zipBytes[end+12:]))
	cdOff := int(le.Uint32(zipBytes[end+16:]))
	cd := zipBytes[cdOff : cdOff+cdSize]
	var rec []byte
	for p := 0; p < len(cd); {
		n := 46 + int(le.Uint16(cd[p+28:])) + int(le.Uint16(cd[p+30:])) + int(le.Uint16(cd[p+32:]))
		if string(cd[p+46:p+46+int(le.Uint16(cd[p+28:]))]) == from {
			rec = cd[p : p+n]
		}
		p += n
	}
	if rec == nil {
		t.Fatalf("archivetest: no entry %q", from)
	}
	nameLen := int(le.Uint16(rec[28:]))
	var extra bytes.Buffer
	for _, name := range names {
		r := append([]byte(nil), rec[:46]...)
		le.PutUint16(r[28:], uint16(len(name)))
		r = append(r, name...)
		r = append(r, rec[46+nameLen:]...)
		extra.Write(r)
	}
	if count+len(names) > 0xffff {
		t.Fatal("archivetest: ShareData writes no ZIP64 directory")
	}
	out := append([]byte(nil), zipBytes[:cdOff+cdSize]...)
	out = append(out, extra.Bytes()...)
	eocd := append([]byte(nil), zipBytes[end:]...)
	le.PutUint16(eocd[8:], uint16(count+len(names)))
	le.PutUint16(eocd[10:], uint16(count+len(names)))
	le.PutUint32(eocd[12:], uint32(cdSize+extra.Len()))
	return append(out, eocd...)
}
