package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/mholt/archives"
)

// maxManifestBytes bounds manifest.json, which Open reads into memory. A
// manifest line is about 150 bytes, so this is over a million files.
const maxManifestBytes = 256 << 20

// Entry is one validated entry of an archive.
type Entry struct {
	Name   string // name in the archive
	Target string // where it goes, relative to the data folder, "/" separated: "db.sqlite3" or "media/…"
	Size   int64  // declared uncompressed size
	SHA256 string // from the manifest, lower-case hex; "" for legacy layouts

	file *zip.File
}

// Archive is an opened, structurally validated backup. Its methods must not
// be called concurrently.
type Archive struct {
	Path     string
	Size     int64
	Layout   Layout
	Manifest *Manifest // nil for legacy layouts
	DB       Entry
	Media    []Entry
	Warnings []string

	r       io.ReaderAt
	closer  io.Closer // what Close closes: the file Open opened, or OpenReaderAt's r
	closed  bool
	entries []Entry // DB and media, in archive order (the order to read them in)
	buf     []byte
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultLimits.MaxEntries
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultLimits.MaxTotalBytes
	}
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = DefaultLimits.MaxEntryBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultLimits.MaxRatio
	}
	if l.RatioFloor <= 0 {
		l.RatioFloor = DefaultLimits.RatioFloor
	}
	return l
}

// Open opens path and validates its structure without extracting: a ZIP;
// every name local; regular files only; no duplicates (also case-folded);
// limits; a db.sqlite3 at the root; manifest consistent with the entries;
// layout detected. Nothing is read beyond the central directory, each
// entry's small local header, and the manifest.
//
// Layouts: manifest.json present means mahall-backup/1, whose entries must
// be db.sqlite3 and media/… only. Otherwise db.sqlite3 with entries all
// under media/ is A, with entries none under media/ is B (their Target
// gets the media/ prefix), alone is C. A legacy archive mixing both kinds
// is refused (ErrUnsupported): guessing where its files belong could put
// photos in the wrong place. Directory entries are allowed and ignored.
//
// A zero field of lim means the DefaultLimits value. Every refusal is an
// *EntryError naming the entry (or, for the archive as a whole, path).
func Open(path string, lim Limits) (*Archive, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if st.IsDir() {
		f.Close()
		return nil, entryErr(path, ErrNotZip, "is a folder, not a ZIP archive")
	}
	a, err := open(f, st.Size(), path, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	a.closer = f
	return a, nil
}

// OpenReaderAt is Open over an archive that is not a file of its own: the
// decrypted inner backup of an encrypted one (crypt.Opened), read in place.
// name is what errors and Path call it (the file the user chose). The checks
// are Open's, all of them. Close closes r too when r is an io.Closer.
func OpenReaderAt(r io.ReaderAt, size int64, name string, lim Limits) (*Archive, error) {
	a, err := open(r, size, name, lim)
	if err != nil {
		return nil, err
	}
	if c, ok := r.(io.Closer); ok {
		a.closer = c
	}
	return a, nil
}

func open(r io.ReaderAt, size int64, path string, lim Limits) (*Archive, error) {
	lim = lim.withDefaults()
	if size == 0 {
		return nil, entryErr(path, ErrNotZip, "empty file, not a ZIP archive")
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, notZip(r, path, size, err)
	}
	zr.RegisterDecompressor(zip.Deflate, newInflater)
	a := &Archive{Path: path, Size: size, r: r}
	if err := a.check(zr, lim); err != nil {
		return nil, err
	}
	return a, nil
}

// newInflater uses klauspost's inflate (faster than the standard library's)
// over a large buffer: zip hands the decompressor a section reader, and
// without a buffer every 4 KiB would be its own read syscall.
func newInflater(r io.Reader) io.ReadCloser {
	return flate.NewReader(bufio.NewReaderSize(r, 256<<10))
}

// notZip explains why a file could not be read as a ZIP: damaged when it
// starts like one, otherwise what it seems to be instead.
func notZip(f io.ReaderAt, path string, size int64, zerr error) error {
	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && err != io.EOF {
		return fmt.Errorf("read %s: %w", path, err)
	}
	head = head[:n]
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) ||
		bytes.HasPrefix(head, []byte("PK\x07\x08")) {
		return entryErr(path, ErrDamaged, "truncated or damaged ZIP archive ("+zerr.Error()+")")
	}
	if what := identify(f, size, head); what != "" {
		return entryErr(path, ErrNotZip, "not a ZIP archive (looks like "+what+")")
	}
	return entryErr(path, ErrNotZip, "not a ZIP archive")
}

// identify names what a file is when it is not a ZIP: mholt/archives knows
// the archive and compression formats a user might pick by mistake (RAR,
// 7-Zip, tar, gzip, ...); the standard library knows images and documents.
func identify(f io.ReaderAt, size int64, head []byte) string {
	// An empty file name makes Identify judge by content alone.
	format, _, err := archives.Identify(context.Background(), "", io.NewSectionReader(f, 0, size))
	if _, weak := format.(archives.Brotli); weak {
		// Brotli has no magic number; Identify guesses it by trying to
		// decode, and says so of plenty of binary files that are not.
		format = nil
	}
	if err == nil && format != nil {
		ext := strings.TrimPrefix(format.Extension(), ".")
		switch ext {
		case "gz":
			return "gzip"
		case "7z":
			return "7-Zip"
		case "rar":
			return "RAR"
		case "tar":
			return "a tar archive"
		case "":
			return format.MediaType()
		}
		return strings.ToUpper(ext)
	}
	if bytes.HasPrefix(head, []byte("SQLite format 3\x00")) {
		return "an SQLite database on its own; a backup is a .zip holding db.sqlite3"
	}
	switch ct := http.DetectContentType(head); {
	case strings.HasPrefix(ct, "image/"):
		return "a " + strings.ToUpper(strings.TrimPrefix(ct, "image/")) + " image"
	case strings.HasPrefix(ct, "application/pdf"):
		return "a PDF document"
	case strings.HasPrefix(ct, "text/html"):
		return "an HTML page"
	case strings.HasPrefix(ct, "text/"):
		return "a text file"
	}
	return ""
}

// check validates every entry and detects the layout.
func (a *Archive) check(zr *zip.Reader, lim Limits) error {
	if len(zr.File) == 0 {
		return entryErr(a.Path, ErrNoDB, "empty ZIP archive: it holds no files")
	}
	if len(zr.File) > lim.MaxEntries {
		return entryErr(a.Path, ErrTooLarge, fmt.Sprintf("holds %d entries, more than the limit of %d", len(zr.File), lim.MaxEntries))
	}
	type file struct {
		name string
		zf   *zip.File
	}
	var files []file
	seen := make(map[string]string) // folded name -> name
	dirs := make(map[string]string) // folded folder -> an entry that needs it
	var total uint64
	for _, zf := range zr.File {
		name, err := CheckName(zf.Name)
		if err != nil {
			return err
		}
		if zf.Flags&0x1 != 0 {
			return entryErr(zf.Name, ErrUnsupported, "entry is encrypted")
		}
		mode := zf.Mode()
		if strings.HasSuffix(name, "/") {
			// A folder entry: other tools add them; they carry nothing.
			if mode.Type()&^fs.ModeDir != 0 {
				return entryErr(zf.Name, ErrUnsafe, "is a "+typeName(mode)+", not a regular file or folder")
			}
			if zf.UncompressedSize64 != 0 || zf.CompressedSize64 > 2 {
				return entryErr(zf.Name, ErrUnsafe, "folder entry holds data")
			}
			dir := strings.TrimSuffix(name, "/")
			dirs[foldKey(dir)] = name
			addParents(dirs, dir, name)
			continue
		}
		if mode.Type() != 0 {
			return entryErr(zf.Name, ErrUnsafe, "is a "+typeName(mode)+"; only regular files are allowed")
		}
		if zf.Method != zip.Store && zf.Method != zip.Deflate {
			return entryErr(zf.Name, ErrUnsupported, fmt.Sprintf("compression method %d is not supported (only Store and Deflate)", zf.Method))
		}
		if err := checkSize(zf, lim, &total, a.Size); err != nil {
			return err
		}
		fold := foldKey(name)
		if prev, ok := seen[fold]; ok {
			if prev == name {
				return entryErr(zf.Name, ErrDuplicate, "appears twice in the archive")
			}
			return entryErr(zf.Name, ErrDuplicate, "differs only in case from "+printable(prev))
		}
		seen[fold] = name
		addParents(dirs, name, name)
		files = append(files, file{name, zf})
	}
	for fold, name := range seen {
		if other, ok := dirs[fold]; ok {
			return entryErr(name, ErrDuplicate, "is a file, but "+printable(other)+" needs a folder of that name")
		}
	}

	var manifest, db *zip.File
	var media, other []file
	for _, f := range files {
		switch {
		case f.name == ManifestName:
			manifest = f.zf
		case f.name == DBName:
			db = f.zf
		case strings.HasPrefix(f.name, MediaPrefix):
			media = append(media, f)
		default:
			other = append(other, f)
		}
	}
	if db == nil {
		reason := "no " + DBName + " at the root of the archive"
		for _, f := range files {
			if strings.HasSuffix(f.name, "/"+DBName) {
				reason += " (there is " + printable(f.name) + ": was the data folder zipped inside another folder?)"
				break
			}
		}
		return entryErr(a.Path, ErrNoDB, reason)
	}

	a.DB = Entry{Name: db.Name, Target: DBName, Size: int64(db.UncompressedSize64), file: db}
	target := func(f file) string { return f.name }
	switch {
	case manifest != nil:
		a.Layout = LayoutV1
		if len(other) > 0 {
			return entryErr(other[0].zf.Name, ErrUnsafe, "unexpected entry in a "+string(LayoutV1)+" archive (only "+DBName+", "+MediaPrefix+"… and "+ManifestName+" belong there)")
		}
	case len(media) > 0 && len(other) > 0:
		return entryErr(other[0].zf.Name, ErrUnsupported, fmt.Sprintf(
			"archive mixes entries under %s (such as %s) with entries outside it: not a backup layout this program knows",
			MediaPrefix, printable(media[0].name)))
	case len(media) > 0:
		a.Layout = LayoutA
	case len(other) > 0:
		a.Layout = LayoutB
		target = func(f file) string { return MediaPrefix + f.name }
	default:
		a.Layout = LayoutC
	}
	for _, f := range files {
		e := Entry{Name: f.zf.Name, Target: target(f), Size: int64(f.zf.UncompressedSize64), file: f.zf}
		switch f.name {
		case ManifestName:
			continue
		case DBName:
			e = a.DB
		}
		a.entries = append(a.entries, e)
	}

	if a.Layout == LayoutV1 {
		m, err := readManifest(manifest)
		if err != nil {
			return err
		}
		if err := a.applyManifest(m); err != nil {
			return err
		}
	} else {
		a.Warnings = append(a.Warnings, fmt.Sprintf(
			"legacy layout %s (made by the old program): there is no manifest, so entries can be checked only against their sizes and ZIP CRC-32, not SHA-256", a.Layout))
		for _, e := range a.entries {
			if e.file.CRC32 == 0 && e.Size > 0 {
				a.Warnings = append(a.Warnings, fmt.Sprintf("%s: no CRC-32 recorded, so its content cannot be checked at all", printable(e.Name)))
			}
		}
	}
	for _, e := range a.entries {
		if e.Target == DBName {
			a.DB = e
		} else {
			a.Media = append(a.Media, e)
		}
	}
	return nil
}

// addParents records every folder above name (folded) as needed by entry.
func addParents(dirs map[string]string, name, entry string) {
	fold := foldKey(name)
	for i := range len(fold) {
		if fold[i] == '/' {
			dirs[fold[:i]] = entry
		}
	}
}

// checkSize enforces the limits on one entry's declared sizes, before any
// byte of it is read, and adds it to the running total.
func checkSize(zf *zip.File, lim Limits, total *uint64, archiveSize int64) error {
	size, comp := zf.UncompressedSize64, zf.CompressedSize64
	if size > uint64(lim.MaxEntryBytes) {
		return entryErr(zf.Name, ErrTooLarge, fmt.Sprintf("declares %d bytes, more than the limit of %d", size, lim.MaxEntryBytes))
	}
	*total += size
	if *total > uint64(lim.MaxTotalBytes) {
		return entryErr(zf.Name, ErrTooLarge, fmt.Sprintf("the entries up to this one declare %d bytes, more than the limit of %d", *total, lim.MaxTotalBytes))
	}
	if size > uint64(lim.RatioFloor) && (comp == 0 || float64(size)/float64(comp) > lim.MaxRatio) {
		return entryErr(zf.Name, ErrTooLarge, fmt.Sprintf(
			"declares %d bytes from %d compressed, a ratio beyond the limit of %.0f:1 (a zip bomb?)", size, comp, lim.MaxRatio))
	}
	// DataOffset reads the entry's local header (30 bytes and its name): a
	// damaged one would otherwise surface only half way through a restore.
	off, err := zf.DataOffset()
	if err != nil || off < 0 {
		return entryErr(zf.Name, ErrDamaged, "local header is damaged")
	}
	if comp > uint64(archiveSize) || uint64(off)+comp > uint64(archiveSize) {
		return entryErr(zf.Name, ErrDamaged, fmt.Sprintf("its %d compressed bytes would extend past the end of the archive", comp))
	}
	if zf.Method == zip.Store && comp != size {
		return entryErr(zf.Name, ErrDamaged, fmt.Sprintf("stored entry declares %d bytes but occupies %d", size, comp))
	}
	return nil
}

func typeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "symbolic link"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "device file"
	case m&fs.ModeNamedPipe != 0:
		return "named pipe"
	case m&fs.ModeSocket != 0:
		return "socket"
	case m&fs.ModeDir != 0:
		return "folder"
	}
	return "special file"
}

// Close releases the file.
func (a *Archive) Close() error {
	if a.closed {
		return nil
	}
	a.closed = true
	if a.closer == nil {
		return nil
	}
	return a.closer.Close()
}

var errClosed = errors.New("archive is closed")
