package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
	"mahall/backend/progress"
	"mahall/internal/testkit/portable"
)

// fakeDB is the bytes of a made-up database: an SQLite header and rows of
// invented register text, enough to compress like the real thing.
func fakeDB(size int) []byte {
	r := rand.New(rand.NewSource(7))
	names := []string{"Abdul Rahiman", "Fathima Beevi", "Muhammed Koya", "Ayisha Kutty", "Safiya Haji"}
	var b bytes.Buffer
	b.WriteString("SQLite format 3\x00")
	for b.Len() < size {
		b.WriteString(names[r.Intn(len(names))])
		b.WriteString("|9")
		for range 9 {
			b.WriteByte(byte('0' + r.Intn(10)))
		}
		b.WriteString("|members/photos/")
		b.WriteString(hex.EncodeToString([]byte{byte(r.Intn(256)), byte(r.Intn(256)), byte(r.Intn(256))}))
		b.WriteString(".jpg\n")
	}
	return b.Bytes()[:size]
}

func noise(w, h int, seed int64) image.Image {
	r := rand.New(rand.NewSource(seed))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			n := uint8(r.Intn(40))
			img.Set(x, y, color.RGBA{uint8(x) + n, uint8(y) + n, 90 + n, 255})
		}
	}
	return img
}

func jpegBytes(t testing.TB, seed int64) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, noise(96, 128, seed), &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngBytes(t testing.TB, seed int64) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, noise(64, 64, seed)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// dataFolder writes a made-up data folder and returns its files, keyed by
// "/"-separated path relative to it.
func dataFolder(t testing.TB, dir string) map[string][]byte {
	big := make([]byte, 2*1024*1024+12345) // crosses chunk boundaries
	rand.New(rand.NewSource(3)).Read(big)
	files := map[string][]byte{
		"db.sqlite3":                    fakeDB(300 << 10),
		"media/members/photos/1001.jpg": jpegBytes(t, 1),
		"media/members/photos/1002.png": pngBytes(t, 2),
		"media/members/photos/ഫാത്തിമ ബീവി.jpg":     jpegBytes(t, 3),
		"media/members/photos/with  two spaces.JPG": jpegBytes(t, 4),
		"media/members/photos/Ünïcödé.jpeg":         jpegBytes(t, 5),
		"media/icons/favicon.ico":                   bytes.Repeat([]byte{0, 0, 1, 0, 0xff, 0x80}, 500),
		"media/empty.txt":                           {},
		"media/video/big.bin":                       big,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func sortedNames(files map[string][]byte) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// writeBackup archives the data folder src the way the backup package will.
func writeBackup(t testing.TB, src string, files map[string][]byte, dst string) {
	t.Helper()
	writeBackupWith(t, src, files, dst, archive.WriterOptions{})
}

func writeBackupWith(t testing.TB, src string, files map[string][]byte, dst string, opt archive.WriterOptions) {
	t.Helper()
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := archive.NewWriter(f, opt)
	defer w.Abort()
	for _, name := range sortedNames(files) {
		fi, err := w.Add(context.Background(), name, filepath.Join(src, filepath.FromSlash(name)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size != int64(len(files[name])) || fi.SHA256 != sha(files[name]) {
			t.Fatalf("Add %s returned %+v, want size %d sha %s", name, fi, len(files[name]), sha(files[name]))
		}
	}
	m := archive.Manifest{ProgramVersion: "test", SourceDir: src, Database: archive.DatabaseInfo{Tables: map[string]int64{"society_member": 3}}}
	if err := w.Close(m); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// readTree returns every regular file under dir, keyed by "/" path; it
// fails on anything else (a symlink, say).
func readTree(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	got := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			t.Errorf("%s: not a regular file", p)
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func sameTree(t *testing.T, got, want map[string][]byte) {
	t.Helper()
	for name, body := range want {
		g, ok := got[name]
		if !ok {
			t.Errorf("missing %s", name)
		} else if !bytes.Equal(g, body) {
			t.Errorf("%s: %d bytes differ from the %d written", name, len(g), len(body))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("unexpected file %s", name)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	src := t.TempDir()
	files := dataFolder(t, src)
	zipPath := filepath.Join(t.TempDir(), "backup.zip")
	writeBackup(t, src, files, zipPath)

	a, err := archive.Open(zipPath, archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if a.Layout != archive.LayoutV1 || a.Manifest == nil {
		t.Fatalf("layout %q, manifest %v", a.Layout, a.Manifest)
	}
	if len(a.Warnings) != 0 {
		t.Errorf("warnings on our own backup: %q", a.Warnings)
	}
	m := a.Manifest
	if m.Format != archive.FormatName || m.Version != 1 || m.ProgramVersion != "test" || m.SourceDir != src ||
		m.CreatedAt.Location() != time.UTC || time.Since(m.CreatedAt) > time.Hour {
		t.Errorf("manifest header %+v", m)
	}
	if m.Database.Size != int64(len(files["db.sqlite3"])) || m.Database.SHA256 != sha(files["db.sqlite3"]) || m.Database.Tables["society_member"] != 3 {
		t.Errorf("manifest database %+v", m.Database)
	}
	if len(m.Files) != len(files) {
		t.Errorf("manifest lists %d files, want %d", len(m.Files), len(files))
	}
	for _, f := range m.Files {
		if f.SHA256 != sha(files[f.Name]) || f.Size != int64(len(files[f.Name])) {
			t.Errorf("manifest entry %+v wrong", f)
		}
	}
	if a.DB.Target != "db.sqlite3" || len(a.Media) != len(files)-1 {
		t.Errorf("DB %+v, %d media", a.DB, len(a.Media))
	}

	var last progress.Update
	if err := a.Verify(context.Background(), func(u progress.Update) { last = u }); err != nil {
		t.Fatal(err)
	}
	if last.Phase != progress.PhaseVerify || last.FilesDone != len(files) || last.BytesDone != last.BytesTotal {
		t.Errorf("last verify progress %+v", last)
	}

	out := filepath.Join(t.TempDir(), "staging")
	var updates int
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, func(u progress.Update) { updates++; last = u }); err != nil {
		t.Fatal(err)
	}
	sameTree(t, readTree(t, out), files)
	if updates < len(files) || last.FilesDone != len(files) || last.BytesDone != last.BytesTotal {
		t.Errorf("%d updates, last %+v", updates, last)
	}
	st, err := os.Stat(filepath.Join(out, "media", "members", "photos", "1001.jpg"))
	// Windows has no Unix modes: every file reads as 0666 there.
	if err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Errorf("extracted file mode %v, %v", st.Mode(), err)
	}

	dbCopy := filepath.Join(t.TempDir(), "db.sqlite3")
	if err := a.ExtractDB(context.Background(), dbCopy); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(dbCopy); !bytes.Equal(b, files["db.sqlite3"]) {
		t.Error("ExtractDB wrote other bytes")
	}
}

// TestWrittenZip checks the ZIP itself, as any unzip tool sees it.
func TestWrittenZip(t *testing.T) {
	src := t.TempDir()
	files := dataFolder(t, src)
	when := time.Date(2023, 5, 6, 7, 8, 9, 0, time.UTC)
	os.Chtimes(filepath.Join(src, "media/members/photos/1001.jpg"), when, when)
	zipPath := filepath.Join(t.TempDir(), "backup.zip")
	writeBackup(t, src, files, zipPath)

	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if n := len(zr.File); n != len(files)+1 || zr.File[n-1].Name != archive.ManifestName {
		t.Fatalf("%d entries, last %q: manifest must be last", n, zr.File[n-1].Name)
	}
	wantMethod := map[string]uint16{
		"db.sqlite3": zip.Deflate, "media/members/photos/1001.jpg": zip.Store, "media/members/photos/1002.png": zip.Store,
		"media/members/photos/with  two spaces.JPG": zip.Store, "media/icons/favicon.ico": zip.Deflate,
		"media/members/photos/Ünïcödé.jpeg": zip.Store, "media/video/big.bin": zip.Deflate, archive.ManifestName: zip.Deflate,
	}
	for _, f := range zr.File {
		if want, ok := wantMethod[f.Name]; ok && f.Method != want {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, want)
		}
		nonASCII := strings.ContainsFunc(f.Name, func(r rune) bool { return r >= 0x80 })
		if nonASCII != (f.Flags&0x800 != 0) {
			t.Errorf("%s: UTF-8 flag %v", f.Name, f.Flags&0x800 != 0)
		}
		if f.Mode() != 0o600 {
			t.Errorf("%s: mode %v", f.Name, f.Mode())
		}
	}
	for _, f := range zr.File {
		if f.Name == "media/members/photos/1001.jpg" && !f.Modified.Equal(when) {
			t.Errorf("modified %v, want %v", f.Modified, when)
		}
	}
}

func TestWriterRefusesNames(t *testing.T) {
	body := []byte("x")
	cases := []struct {
		names []string
		want  error
	}{
		{[]string{"media/../x.jpg"}, archive.ErrUnsafe},
		{[]string{"notes.txt"}, archive.ErrUnsafe},
		{[]string{archive.ManifestName}, archive.ErrUnsafe},
		{[]string{"media/a.jpg", "media/a.jpg"}, archive.ErrDuplicate},
		{[]string{"media/a.jpg", "media/A.jpg"}, archive.ErrDuplicate},
		{[]string{"media/a\x07.jpg"}, archive.ErrUnsafe},
		{[]string{`media\a.jpg`, "media/a.jpg"}, archive.ErrDuplicate},
	}
	for _, c := range cases {
		w := archive.NewWriter(new(bytes.Buffer), archive.WriterOptions{})
		var err error
		for _, n := range c.names {
			if _, err = w.AddBytes(context.Background(), n, body, time.Time{}, nil); err != nil {
				break
			}
		}
		var ee *archive.EntryError
		if !errors.Is(err, c.want) || !errors.As(err, &ee) || ee.Entry != c.names[len(c.names)-1] {
			t.Errorf("%q: got %v, want %v naming the last", c.names, err, c.want)
		}
		// A refused name does not spoil the archive.
		if err := w.Close(archive.Manifest{}); err != nil {
			t.Errorf("%q: Close after a refused name: %v", c.names, err)
		}
	}
}

func TestCancelAdd(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.bin")
	if err := os.WriteFile(big, make([]byte, 8<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := archive.NewWriter(new(bytes.Buffer), archive.WriterOptions{})
	var seen int64
	_, err := w.Add(ctx, "media/big.bin", big, func(n int64) {
		seen = n
		cancel() // after the first chunk
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Add: %v, want context.Canceled", err)
	}
	if seen >= 8<<20 {
		t.Errorf("read all %d bytes before stopping", seen)
	}
	if err := w.Close(archive.Manifest{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Close after a cancelled Add: %v", err)
	}
}

// TestWriteError: a failing destination (a full disk) surfaces from Add
// or Close, never silently.
func TestWriteError(t *testing.T) {
	w := archive.NewWriter(failAfter{n: new(int), limit: 3 << 20}, archive.WriterOptions{})
	var err error
	body := make([]byte, 1<<20)
	rand.New(rand.NewSource(1)).Read(body)
	src := filepath.Join(t.TempDir(), "f.bin")
	if err := os.WriteFile(src, body, 0o600); err != nil {
		t.Fatal(err)
	}
	for i := 0; err == nil && i < 10; i++ {
		_, err = w.Add(context.Background(), "media/f"+string(rune('a'+i))+".bin", src, nil)
	}
	if cerr := w.Close(archive.Manifest{}); err == nil {
		err = cerr
	}
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("got %v, want the write error", err)
	}
}

type failAfter struct {
	n     *int
	limit int
}

func (f failAfter) Write(p []byte) (int, error) {
	if *f.n+len(p) > f.limit {
		return 0, errors.New("disk full")
	}
	*f.n += len(p)
	return len(p), nil
}

func TestFlippedByteIsCaught(t *testing.T) {
	for _, entry := range []string{"db.sqlite3", "media/members/photos/1001.jpg", "media/video/big.bin", "media/icons/favicon.ico"} {
		t.Run(entry, func(t *testing.T) {
			src := t.TempDir()
			files := dataFolder(t, src)
			zipPath := filepath.Join(t.TempDir(), "backup.zip")
			writeBackup(t, src, files, zipPath)
			archivetest.FlipByte(t, zipPath, entry)

			a, err := archive.Open(zipPath, archive.DefaultLimits)
			if err != nil {
				t.Fatal(err) // the structure is intact; only data changed
			}
			defer a.Close()
			wantEntry(t, a.Verify(context.Background(), nil), archive.ErrChecksum, entry)
			wantEntry(t, a.Extract(context.Background(), filepath.Join(t.TempDir(), "x"), archive.ExtractOptions{}, nil), archive.ErrChecksum, entry)
			if entry == archive.DBName {
				dst := filepath.Join(t.TempDir(), "db")
				wantEntry(t, a.ExtractDB(context.Background(), dst), archive.ErrChecksum, entry)
				if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("ExtractDB left %s behind after a checksum error", dst)
				}
			}
		})
	}
}

func wantEntry(t *testing.T, err, sentinel error, entry string) {
	t.Helper()
	t.Logf("error: %v", err)
	var ee *archive.EntryError
	if !errors.Is(err, sentinel) || !errors.As(err, &ee) || ee.Entry != entry {
		t.Fatalf("got %v, want %v naming %q", err, sentinel, entry)
	}
	if !strings.Contains(err.Error(), strings.Trim(strQuote(entry), `"`)) {
		t.Errorf("message %q does not name %q", err, entry)
	}
}

func strQuote(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 }) {
		return strings.ReplaceAll(s, "\x00", `\x00`)
	}
	return s
}

func TestHostileArchives(t *testing.T) {
	db := fakeDB(20 << 10)
	for _, c := range archivetest.HostileCases(db) {
		t.Run(c.Name, func(t *testing.T) {
			parent := t.TempDir()
			path := filepath.Join(parent, "backup.zip")
			c.Write(t, path)
			entry := c.Entry
			if entry == "" {
				entry = path
			}
			a, err := archive.Open(path, archive.DefaultLimits)
			if !c.WhenRead {
				if err == nil {
					a.Close()
				}
				wantEntry(t, err, c.Want, entry)
				return
			}
			if err != nil {
				t.Fatalf("Open: %v (the problem shows only when reading)", err)
			}
			defer a.Close()
			wantEntry(t, a.Verify(context.Background(), nil), c.Want, entry)
			out := filepath.Join(parent, "out")
			wantEntry(t, a.Extract(context.Background(), out, archive.ExtractOptions{}, nil), c.Want, entry)
			for name, b := range readTree(t, out) {
				if len(b) > 200<<10 {
					t.Errorf("%s: extraction wrote %d bytes", name, len(b))
				}
			}
			got, _ := os.ReadDir(parent)
			if len(got) != 2 {
				t.Errorf("files beside the archive and the output folder: %v", got)
			}
		})
	}
}

func TestNotZipSaysWhatItIs(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct {
		body []byte
		want string
	}{
		"backup.rar": {append([]byte("Rar!\x1a\x07\x01\x00"), make([]byte, 64)...), "(looks like RAR)"},
		"backup.png": {pngBytes(t, 1), "(looks like a PNG image)"},
		"db.sqlite3": {fakeDB(4096), "SQLite database"},
		"notes.txt":  {[]byte("hello, this is text\n"), "text file"},
	}
	for name, c := range cases {
		p := filepath.Join(dir, name)
		os.WriteFile(p, c.body, 0o600)
		_, err := archive.Open(p, archive.DefaultLimits)
		if !errors.Is(err, archive.ErrNotZip) || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), p+": not a ZIP archive") {
			t.Errorf("%s: %v, want ErrNotZip saying %q", name, err, c.want)
		}
	}
}

func TestLimits(t *testing.T) {
	db := fakeDB(100 << 10)
	random := make([]byte, 50<<10)
	rand.New(rand.NewSource(1)).Read(random)
	entries := archivetest.Legacy(archive.LayoutA, db, map[string][]byte{"a.jpg": []byte("aaaa"), "b.jpg": random})
	path := filepath.Join(t.TempDir(), "b.zip")
	archivetest.WriteZip(t, path, entries)
	cases := []struct {
		lim   archive.Limits
		entry string
	}{
		{archive.Limits{MaxEntries: 2}, path},
		{archive.Limits{MaxEntryBytes: 60 << 10}, "db.sqlite3"},
		{archive.Limits{MaxTotalBytes: 140 << 10}, "media/b.jpg"},
		{archive.Limits{MaxRatio: 2, RatioFloor: 1}, "db.sqlite3"}, // register text deflates past 2:1
	}
	for _, c := range cases {
		_, err := archive.Open(path, c.lim)
		wantEntry(t, err, archive.ErrTooLarge, c.entry)
	}
	a, err := archive.Open(path, archive.Limits{}) // zero means the defaults
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
}

// A blank BMP-style icon deflates about 1000:1; a member's photo like that
// must restore, while the same ratio on a big entry is a bomb.
func TestRatioOnlyForBigEntries(t *testing.T) {
	blank := make([]byte, 1<<20)
	path := filepath.Join(t.TempDir(), "icon.zip")
	archivetest.WriteZip(t, path, archivetest.Legacy(archive.LayoutA, fakeDB(64<<10),
		map[string][]byte{"members/photos/blank.ico": blank}))
	a, err := archive.Open(path, archive.DefaultLimits)
	if err != nil {
		t.Fatalf("a 1 MiB blank icon was refused: %v", err)
	}
	a.Close()
	_, err = archive.Open(path, archive.Limits{RatioFloor: 512 << 10})
	wantEntry(t, err, archive.ErrTooLarge, "media/members/photos/blank.ico")
}

func TestLegacyLayouts(t *testing.T) {
	db := fakeDB(64 << 10)
	media := map[string][]byte{
		"members/photos/1001.jpg":       jpegBytes(t, 1),
		"members/photos/ആമിന.png":       pngBytes(t, 2),
		"members/photos/with space.jpg": jpegBytes(t, 3),
	}
	want := map[string][]byte{"db.sqlite3": db}
	for n, b := range media {
		want["media/"+n] = b
	}
	backslashed := func(es []archivetest.Entry) []archivetest.Entry {
		for i := range es {
			es[i].Name = strings.ReplaceAll(es[i].Name, "/", `\`)
		}
		return es
	}
	withDirs := func(es []archivetest.Entry) []archivetest.Entry {
		return append([]archivetest.Entry{{Name: "media/"}, {Name: "media/members/", Mode: fs.ModeDir | 0o755}}, es...)
	}
	cases := []struct {
		name    string
		entries []archivetest.Entry
		layout  archive.Layout
		want    map[string][]byte
	}{
		{"A", archivetest.Legacy(archive.LayoutA, db, media), archive.LayoutA, want},
		{"A with backslashes", backslashed(archivetest.Legacy(archive.LayoutA, db, media)), archive.LayoutA, want},
		{"A with folder entries", withDirs(archivetest.Legacy(archive.LayoutA, db, media)), archive.LayoutA, want},
		{"B", archivetest.Legacy(archive.LayoutB, db, media), archive.LayoutB, want},
		{"B with backslashes", backslashed(archivetest.Legacy(archive.LayoutB, db, media)), archive.LayoutB, want},
		{"C", archivetest.Legacy(archive.LayoutC, db, nil), archive.LayoutC, map[string][]byte{"db.sqlite3": db}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "mahall_backup_2024-01-02.zip")
			archivetest.WriteZip(t, path, c.entries)
			a, err := archive.Open(path, archive.DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			if a.Layout != c.layout || a.Manifest != nil {
				t.Errorf("layout %q, want %q", a.Layout, c.layout)
			}
			if len(a.Warnings) == 0 || !strings.Contains(a.Warnings[0].Text, "no manifest") {
				t.Errorf("warnings %q, want one about the missing manifest", a.Warnings)
			}
			if err := a.Verify(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "staging")
			if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); err != nil {
				t.Fatal(err)
			}
			sameTree(t, readTree(t, out), c.want)
		})
	}
}

// TestExtractWritesNothingThrough: Extract never writes through a symbolic
// link or over an existing file in the folder it is given.
func TestExtractWritesNothingThrough(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.zip")
	archivetest.WriteZip(t, path, archivetest.Legacy(archive.LayoutA, fakeDB(1000), map[string][]byte{"members/x.jpg": []byte("x")}))
	a, err := archive.Open(path, archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()

	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "db.sqlite3"), []byte("old"), 0o600)
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Extract over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "db.sqlite3")); string(b) != "old" {
		t.Error("existing file overwritten")
	}

	// Last: it skips the test where the system has no links it reports as links.
	outside := t.TempDir()
	out = t.TempDir()
	portable.Symlink(t, outside, filepath.Join(out, "media"))
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); err == nil {
		t.Error("Extract followed a symlink out of its folder")
	}
	if got, _ := os.ReadDir(outside); len(got) != 0 {
		t.Errorf("wrote %v outside", got)
	}
}

func TestExtractCancel(t *testing.T) {
	src := t.TempDir()
	files := dataFolder(t, src)
	zipPath := filepath.Join(t.TempDir(), "backup.zip")
	writeBackup(t, src, files, zipPath)
	a, err := archive.Open(zipPath, archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	var done int
	err = a.Extract(ctx, filepath.Join(t.TempDir(), "x"), archive.ExtractOptions{}, func(u progress.Update) {
		done = u.FilesDone
		if u.FilesDone == 2 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || done > 2 {
		t.Errorf("got %v after %d files, want context.Canceled after 2", err, done)
	}
}

func TestCheckName(t *testing.T) {
	ok := map[string]string{
		"db.sqlite3":                      "db.sqlite3",
		`media\members\photos\a.jpg`:      "media/members/photos/a.jpg",
		"media/members/photos/ഫോട്ടോ.jpg": "media/members/photos/ഫോട്ടോ.jpg",
		"media/a b/c d.jpg":               "media/a b/c d.jpg",
		"media/":                          "media/",
		"media/console.jpg":               "media/console.jpg",
		"media/com10.jpg":                 "media/com10.jpg",
		"media/.hidden":                   "media/.hidden",
	}
	for in, want := range ok {
		if got, err := archive.CheckName(in); err != nil || got != want {
			t.Errorf("CheckName(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	bad := []string{"", "/", "../x", `..\x`, "a/../b", "a/./b", "a//b", "/etc/passwd", `\\server\share\x`, `C:\x`, "c:x", "C:/x",
		"a\x00b", "a\x01b", "media/CON", "media/nul.txt", "media/Com1.jpg", "media/LPT9", "media/AUX .jpg", "media/a:b",
		"media/a?.jpg", "media/a.", "media/a ", "media/\xff.jpg", ".", "..", "media/CONIN$"}
	for _, in := range bad {
		if got, err := archive.CheckName(in); !errors.Is(err, archive.ErrUnsafe) {
			t.Errorf("CheckName(%q) = %q, %v; want ErrUnsafe", in, got, err)
		}
	}
}

func TestManifestMustMatch(t *testing.T) {
	db := fakeDB(10 << 10)
	media := map[string][]byte{"members/a.jpg": []byte("aaa"), "members/b.jpg": []byte("bbbb")}
	edit := func(f func(m *archive.Manifest)) []archivetest.Entry { return archivetest.V1(t, db, media, f) }
	badJSON := edit(nil)
	badJSON[len(badJSON)-1].Body = []byte(`{"format": "mahall-backup", `)
	cases := []struct {
		name    string
		entries []archivetest.Entry
		want    error
		entry   string
	}{
		{"not JSON", badJSON, archive.ErrManifest, archive.ManifestName},
		{"another format", edit(func(m *archive.Manifest) { m.Format = "other-backup" }), archive.ErrManifest, archive.ManifestName},
		{"version 0", edit(func(m *archive.Manifest) { m.Version = 0 }), archive.ErrManifest, archive.ManifestName},
		{"lists itself", edit(func(m *archive.Manifest) {
			m.Files = append(m.Files, archive.FileInfo{Name: archive.ManifestName, SHA256: m.Files[0].SHA256})
		}), archive.ErrManifest, archive.ManifestName},
		{"file not listed", edit(func(m *archive.Manifest) { m.Files = m.Files[:2] }), archive.ErrChecksum, "media/members/b.jpg"},
		{"size lies", edit(func(m *archive.Manifest) { m.Files[1].Size++ }), archive.ErrChecksum, "media/members/a.jpg"},
		{"database checksum disagrees", edit(func(m *archive.Manifest) { m.Database.SHA256 = m.Files[1].SHA256 }), archive.ErrChecksum, archive.DBName},
		{"bad sha256", edit(func(m *archive.Manifest) { m.Files[2].SHA256 = "XYZ" }), archive.ErrManifest, archive.ManifestName},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.zip")
			archivetest.WriteZip(t, path, c.entries)
			_, err := archive.Open(path, archive.DefaultLimits)
			wantEntry(t, err, c.want, c.entry)
		})
	}
	// And the untouched one opens.
	path := filepath.Join(t.TempDir(), "b.zip")
	archivetest.WriteZip(t, path, edit(nil))
	a, err := archive.Open(path, archive.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Verify(context.Background(), nil); err != nil || a.Layout != archive.LayoutV1 {
		t.Fatalf("%v, layout %q", err, a.Layout)
	}
}
