package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mahall/backend/notice"
	"net/http"
	"os"
	"path"
	"runtime"
	"slices"
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
	Warnings []notice.Notice
	// DBSidecars are db.sqlite3-wal and db.sqlite3-journal of a legacy
	// backup (Target "db.sqlite3-wal", ...): not extracted with the rest,
	// but beside the database by ExtractSidecars, so that SQLite applies
	// them (see snapshot.ApplySidecars).
	DBSidecars []Entry

	f       *os.File  // the file Open opened; nil for OpenReaderAt
	closer  io.Closer // what Close closes: f, or OpenReaderAt's r when it is an io.Closer
	closed  bool
	entries []Entry // DB and media, in archive order (the order to read them in)
	// unportable counts the entries whose names Windows cannot hold.
	unportable int
	hasReadme  bool // the DamagedReadme note is there
	buf        []byte
	// preview: opened by OpenPreviewReaderAt, local headers unread, so
	// Verify refuses it.
	preview bool
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
	lim = lim.withDefaults()
	f, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	a, err := open(f, st.Size(), path, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	a.f, a.closer = f, f
	return a, nil
}

// OpenReaderAt is Open over an archive that is not a file of its own: the
// decrypted inner backup of an encrypted one (crypt.Opened), read in place.
// name is what errors and Path call it (the file the user chose). The checks
// are Open's, all of them. Close closes r too when r is an io.Closer.
func OpenReaderAt(r io.ReaderAt, size int64, name string, lim Limits) (*Archive, error) {
	a, err := open(r, size, name, lim.withDefaults())
	if err != nil {
		return nil, err
	}
	if c, ok := r.(io.Closer); ok {
		a.closer = c
	}
	return a, nil
}

// OpenPreviewReaderAt is OpenReaderAt for a preview only: every check but
// the entries' local headers, and so the overlap of their data, which needs
// where each local header ends. Over a crypt.Opened each local header read
// decrypts and authenticates a 64 KiB chunk, and with a photo every 64 KiB
// or so that is the whole payload: the preview of an encrypted backup of M
// (16,000 photos) took 2.9 s with the recovery key, against 0.3 s for the
// plain backup (measured beside each other, same load). A preview reads only
// the manifest (and an old backup's database), whose local headers
// archive/zip reads and checks as it opens them. Verify refuses an Archive
// opened this way: verify and restore use OpenReaderAt, every check.
func OpenPreviewReaderAt(r io.ReaderAt, size int64, name string, lim Limits) (*Archive, error) {
	a, err := openWith(r, size, name, lim.withDefaults(), true)
	if err != nil {
		return nil, err
	}
	if c, ok := r.(io.Closer); ok {
		a.closer = c
	}
	return a, nil
}

// openRegular opens path for reading only when it is a regular file (a
// symbolic link to one is fine), and never blocks: a named pipe, a device
// or a folder given as the archive is refused before it is opened, and
// checked again on the open file in case it was swapped in between.
func openRegular(path string) (*os.File, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := regularArchive(path, st); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	if st, err = f.Stat(); err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", path, err)
	}
	if err := regularArchive(path, st); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

func regularArchive(path string, st fs.FileInfo) error {
	switch {
	case st.IsDir():
		return entryErr(path, ErrNotZip, "is a folder, not a ZIP archive: choose the backup file inside it")
	case !st.Mode().IsRegular():
		return entryErr(path, ErrNotZip, "is a "+typeName(st.Mode())+", not a backup file: choose the .zip file of a backup")
	}
	return nil
}

func open(r io.ReaderAt, size int64, path string, lim Limits) (*Archive, error) {
	return openWith(r, size, path, lim, false)
}

// openWith is open; preview leaves the local headers unread (see
// OpenPreviewReaderAt).
func openWith(r io.ReaderAt, size int64, path string, lim Limits, preview bool) (*Archive, error) {
	if size == 0 {
		return nil, entryErr(path, ErrNotZip, "empty file, not a ZIP archive")
	}
	if part := splitPart(r, size); part > 0 {
		return nil, splitErr(path, part)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, notZip(r, path, size, err)
	}
	zr.RegisterDecompressor(zip.Deflate, newInflater)
	a := &Archive{Path: path, Size: size, preview: preview}
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
	if bytes.HasPrefix(head, []byte("PK\x07\x08")) {
		return splitErr(path, 0) // the spanning marker opens the first part
	}
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) ||
		bytes.HasPrefix(head, []byte("PK\x07\x08")) {
		return entryErr(path, ErrDamaged, "this ZIP file is cut short or damaged: its list of contents, at the end of the file, "+
			"is missing or unreadable. It may be an incomplete copy or download: copy the backup again from where it came from ("+zerr.Error()+")")
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
	var spans []span
	var steep *zip.File // the first big entry past lim.MaxRatio
	for _, zf := range zr.File {
		name, winProblem, err := CheckStoredName(zf.Name)
		if err != nil {
			return err
		}
		if winProblem != "" && !strings.HasSuffix(name, "/") {
			a.unportable++
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
		sp, err := checkSize(zf, lim, &total, a.Size, !a.preview)
		if err != nil {
			return err
		}
		spans = append(spans, sp)
		if steep == nil && overRatio(zf, lim) {
			steep = zf
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
	if a.preview {
		spans = nil // no offsets were read
	}
	if err := checkOverlap(spans); err != nil {
		return err
	}

	var manifest, db *zip.File
	var media, other []file
	hasManifest := slices.ContainsFunc(files, func(f file) bool { return f.name == ManifestName })
	for _, f := range files {
		switch {
		case isSidecar(f.name) && f.name != DBName+"-shm":
			// The old program's in-app backup zipped the data folder as
			// it was, sidecars included: they hold committed changes (a
			// WAL) or an unfinished one to undo (a hot journal), and
			// belong with the database, never in the media folder. Ours
			// holds them only beside a damaged database, kept raw
			// (applyManifest checks the manifest says so).
			a.DBSidecars = append(a.DBSidecars, Entry{Name: f.zf.Name, Target: f.name, Size: int64(f.zf.UncompressedSize64), file: f.zf})
		case !hasManifest && f.name == DBName+"-shm":
			// Only an index of the WAL, rebuilt from it: nothing to keep.
		case f.name == ManifestName:
			manifest = f.zf
		case f.name == DamagedReadme && hasManifest:
			// A note for people; applyManifest requires the manifest to
			// say the database is damaged when it is there.
			a.hasReadme = true
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
		switch {
		case f.name == ManifestName, f.name == DamagedReadme && hasManifest, isSidecar(f.name):
			continue
		case f.name == DBName:
			e = a.DB
		}
		a.entries = append(a.entries, e)
	}

	// A big entry deflated past MaxRatio is a bomb sign only where nothing
	// vouches for it: our own writer deflates a blank 70 MB photo about
	// 1000:1, and its manifest, which must then list the very same sizes,
	// makes that legitimate. Its expansion is still bounded by Deflate's
	// own limit (checkSize), by the declared sizes, which reading enforces,
	// and by the free-space check before a restore.
	if a.Layout != LayoutV1 && steep != nil {
		return entryErr(steep.Name, ErrTooLarge, fmt.Sprintf(
			"declares %d bytes from %d compressed, a ratio beyond the limit of %.0f:1 (a zip bomb?)",
			steep.UncompressedSize64, steep.CompressedSize64, lim.MaxRatio))
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
		for _, e := range a.DBSidecars {
			a.Warnings = append(a.Warnings, notice.Sidecar(printable(e.Name)))
		}
		a.Warnings = append(a.Warnings, notice.Legacy(string(a.Layout)))
		for _, e := range a.entries {
			if e.file.CRC32 == 0 && e.Size > 0 {
				a.Warnings = append(a.Warnings, notice.NoCheckValue(printable(e.Name)))
			}
		}
	}
	a.splitEntries()
	if a.unportable > 0 {
		a.Warnings = append(a.Warnings, notice.UnportableInArchive(a.unportable, printable(a.firstUnportable()), printable(PortableName(a.firstUnportable()))))
		if runtime.GOOS == "windows" {
			a.UsePortableNames()
		}
	}
	return nil
}

func (a *Archive) splitEntries() {
	if len(a.entries) > 0 && a.entries[0].Target == DBName {
		// As every backup of ours is: the media are the rest, shared, not
		// copied (a copy was 4 MB of live heap on L's 64,000 photos).
		a.DB, a.Media = a.entries[0], a.entries[1:len(a.entries):len(a.entries)]
		return
	}
	a.Media = nil
	for _, e := range a.entries {
		if e.Target == DBName {
			a.DB = e
		} else {
			a.Media = append(a.Media, e)
		}
	}
}

func (a *Archive) firstUnportable() string {
	for _, e := range a.entries {
		if _, problem, _ := CheckStoredName(e.Target); problem != "" {
			return e.Target
		}
	}
	return ""
}

// UsePortableNames gives every entry whose name Windows cannot hold a Target
// it can (PortableName), made unique against every other entry and folder
// (ignoring case) by a "~2", "~3" ... before the extension. Open calls it on
// Windows; elsewhere a caller restoring onto a Windows file system (a USB
// stick formatted FAT, say) may call it too. It returns the renames, old
// target to new.
func (a *Archive) UsePortableNames() map[string]string {
	taken := make(map[string]bool)
	for _, e := range a.entries {
		taken[foldKey(e.Target)] = true
		addParentKeys(taken, e.Target)
	}
	renamed := make(map[string]string)
	for i := range a.entries {
		e := &a.entries[i]
		p := PortableName(e.Target)
		if p == e.Target {
			continue
		}
		ext := path.Ext(p)
		stem := strings.TrimSuffix(p, ext)
		for n := 2; taken[foldKey(p)]; n++ {
			p = fmt.Sprintf("%s~%d%s", stem, n, ext)
		}
		taken[foldKey(p)] = true
		addParentKeys(taken, p)
		renamed[e.Target] = p
		e.Target = p
	}
	a.splitEntries()
	return renamed
}

func addParentKeys(taken map[string]bool, name string) {
	fold := foldKey(name)
	for i := range len(fold) {
		if fold[i] == '/' {
			taken[fold[:i]] = true
		}
	}
}

// isSidecar: one of the files SQLite keeps beside db.sqlite3.
func isSidecar(name string) bool {
	switch name {
	case DBName + "-wal", DBName + "-journal", DBName + "-shm":
		return true
	}
	return false
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

// maxDeflateRatio is the most Deflate can expand: a 258-byte match coded
// in 2 bits. An entry declaring more than that from its compressed bytes
// cannot be honest, whatever it is.
const maxDeflateRatio = 1032

// span is the byte range an entry's data occupies in the archive file.
type span struct {
	off, n int64
	name   string
}

// checkSize enforces the limits on one entry's declared sizes, before any
// byte of it is read, adds it to the running total, and returns where its
// data lies (with headers; without, it reads nothing and returns no span).
func checkSize(zf *zip.File, lim Limits, total *uint64, archiveSize int64, headers bool) (span, error) {
	size, comp := zf.UncompressedSize64, zf.CompressedSize64
	if size > uint64(lim.MaxEntryBytes) {
		return span{}, entryErr(zf.Name, ErrTooLarge, fmt.Sprintf("declares %d bytes, more than the limit of %d", size, lim.MaxEntryBytes))
	}
	*total += size
	if *total > uint64(lim.MaxTotalBytes) {
		return span{}, entryErr(zf.Name, ErrTooLarge, fmt.Sprintf("the entries up to this one declare %d bytes, more than the limit of %d", *total, lim.MaxTotalBytes))
	}
	if zf.Method == zip.Deflate && size > comp*maxDeflateRatio+1024 {
		return span{}, entryErr(zf.Name, ErrTooLarge, fmt.Sprintf(
			"declares %d bytes from %d compressed, more than Deflate can produce from that: the header lies (a zip bomb?)", size, comp))
	}
	if zf.Method == zip.Store && comp != size {
		return span{}, entryErr(zf.Name, ErrDamaged, fmt.Sprintf("stored entry declares %d bytes but occupies %d", size, comp))
	}
	if !headers {
		if comp > uint64(archiveSize) {
			return span{}, entryErr(zf.Name, ErrDamaged, fmt.Sprintf("its %d compressed bytes would extend past the end of the archive", comp))
		}
		return span{}, nil
	}
	// DataOffset reads the entry's local header (30 bytes and its name): a
	// damaged one would otherwise surface only half way through a restore.
	off, err := zf.DataOffset()
	if err != nil || off < 0 {
		return span{}, entryErr(zf.Name, ErrDamaged, "local header is damaged")
	}
	if comp > uint64(archiveSize) || uint64(off)+comp > uint64(archiveSize) {
		return span{}, entryErr(zf.Name, ErrDamaged, fmt.Sprintf("its %d compressed bytes would extend past the end of the archive", comp))
	}
	return span{off: off, n: int64(comp), name: zf.Name}, nil
}

func overRatio(zf *zip.File, lim Limits) bool {
	size, comp := zf.UncompressedSize64, zf.CompressedSize64
	return size > uint64(lim.RatioFloor) && (comp == 0 || float64(size)/float64(comp) > lim.MaxRatio)
}

// checkOverlap refuses entries whose data share bytes of the file. No
// writer makes them; they are how a small archive declares huge contents
// that each pass every per-entry check (many central-directory entries
// pointing at one deflate stream). With no overlap, the compressed bytes
// read add up to at most the file's size, and with maxDeflateRatio the
// work of a Verify is bounded by the archive's real size.
func checkOverlap(spans []span) error {
	spans = slices.DeleteFunc(spans, func(s span) bool { return s.n == 0 })
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.off, b.off) })
	for i := 1; i < len(spans); i++ {
		if prev := spans[i-1]; spans[i].off < prev.off+prev.n {
			return entryErr(spans[i].name, ErrUnsafe, "its data overlaps the data of "+printable(prev.name)+
				": no real ZIP shares data between entries, this is how a disguised zip bomb looks")
		}
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
