package archive

import (
	"archive/zip"
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/flate"
)

const (
	// chunkSize is the unit of reading, hashing and writing: large enough
	// that syscalls and channel hand-offs cost nothing next to the copy
	// (a few thousand per GB), small enough that a chunk is still in the
	// CPU cache when it is written after being hashed, and that cancel is
	// checked many times a second.
	chunkSize = 256 << 10
	// outBufSize is the size of the writes to the archive file.
	outBufSize = 1 << 20
	// deflateLevel 2 of klauspost/compress: on a register database it
	// compresses to within 2 points of level 6 at several times the speed
	// (measured in BenchmarkDeflateLevels).
	deflateLevel = 2
	// entryMode is what an extracting tool gives the files: the register
	// is private data.
	entryMode = 0o600
)

// WriterOptions tune a Writer; the zero value is the tuned default, which
// BenchmarkWriterOverlap compares with the others.
type WriterOptions struct {
	// Buffers is the number of chunks in flight between Add (reading and
	// hashing) and the goroutine that compresses and writes; 1 means no
	// overlap. 0: 4.
	Buffers int
	// Chunk is the size of those chunks in bytes. 0: 256 KiB.
	Chunk int
}

// ErrWriterClosed is returned by Add after Close or Abort.
var ErrWriterClosed = errors.New("archive writer is closed")

// Writer writes a mahall-backup/1 archive to w, hashing every entry as it
// goes and choosing Store for already-compressed media, Deflate otherwise.
//
// Add reads and hashes an entry in the caller's goroutine while a second
// goroutine compresses and writes the chunks already read, so hashing
// overlaps compression and I/O (also across entries). Because of that, a
// write error may surface at the next Add or at Close rather than at the
// Add whose data failed. Any error from Add other than a refused name
// poisons the Writer: every later call returns it.
//
// Always finish a Writer with Close, or with Abort when giving up (Abort
// after Close does nothing, so `defer w.Abort()` is the usual pattern).
type Writer struct {
	bw *bufio.Writer
	zw *zip.Writer

	ops  chan writeOp
	free chan []byte
	done chan struct{}

	mu   sync.Mutex
	werr error // first error of the writing goroutine

	err    error // sticky error seen by the caller's goroutine
	closed bool
	files  []FileInfo
	names  map[string]string // folded name -> name
	total  int64             // bytes of the entries added
	// keepSidecars lets db.sqlite3-wal and -journal in (KeepSidecars).
	keepSidecars bool
	flateWr      *flate.Writer
}

type writeOp struct {
	hdr  *zip.FileHeader // starts a new entry when non-nil
	data []byte          // a chunk of the current entry; recycled after writing
	// release, when set, is called instead of recycling data: the buffer
	// is the caller's (AddBytes).
	release func()
}

// NewWriter starts an archive. dst is normally a temporary *os.File; the
// Writer never closes or syncs it.
func NewWriter(dst io.Writer, opt WriterOptions) *Writer {
	buffers, chunk := cmp.Or(opt.Buffers, 4), cmp.Or(opt.Chunk, chunkSize)
	w := &Writer{
		bw:    bufio.NewWriterSize(dst, outBufSize),
		ops:   make(chan writeOp, buffers+2),
		free:  make(chan []byte, buffers),
		done:  make(chan struct{}),
		names: make(map[string]string),
	}
	// zip.NewWriter keeps a *bufio.Writer that is large enough instead of
	// wrapping it in its own 4 KiB one, and flushes it in Close.
	w.zw = zip.NewWriter(w.bw)
	w.zw.RegisterCompressor(zip.Deflate, w.newDeflater)
	for range buffers {
		w.free <- make([]byte, chunk)
	}
	go w.writeLoop()
	return w
}

// newDeflater reuses one klauspost flate writer for every entry: it is
// faster than the standard library's and its state is worth keeping. Only
// the writing goroutine calls it, one entry at a time.
func (w *Writer) newDeflater(out io.Writer) (io.WriteCloser, error) {
	if w.flateWr == nil {
		fw, err := flate.NewWriter(out, deflateLevel)
		if err != nil {
			return nil, err
		}
		w.flateWr = fw
	} else {
		w.flateWr.Reset(out)
	}
	return w.flateWr, nil
}

func (w *Writer) writeLoop() {
	defer close(w.done)
	var cur io.Writer
	for op := range w.ops {
		if w.writeErr() == nil {
			var err error
			if op.hdr != nil {
				cur, err = w.zw.CreateHeader(op.hdr)
				if err != nil {
					err = fmt.Errorf("write %s: %w", op.hdr.Name, err)
				}
			}
			if err == nil && op.data != nil {
				if _, err = cur.Write(op.data); err != nil {
					err = fmt.Errorf("write archive: %w", err)
				}
			}
			if err != nil {
				w.mu.Lock()
				w.werr = err
				w.mu.Unlock()
			}
		}
		switch {
		case op.release != nil:
			op.release()
		case op.data != nil:
			w.free <- op.data[:cap(op.data)]
		}
	}
}

func (w *Writer) writeErr() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.werr
}

// Add writes one entry named name ("db.sqlite3" or "media/…") from the file at
// path on disk, streaming it, and returns its FileInfo. report receives the
// bytes written so far for this entry.
func (w *Writer) Add(ctx context.Context, name, path string, report func(n int64)) (FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return FileInfo{}, err
	}
	defer f.Close()
	return w.AddFile(ctx, name, f, report)
}

// AddFile is Add for a file the caller has opened (and checked: the backup
// opens media without following links). It reads f to its end; f must be a
// regular file.
func (w *Writer) AddFile(ctx context.Context, name string, f *os.File, report func(n int64)) (FileInfo, error) {
	st, err := f.Stat()
	if err != nil {
		return FileInfo{}, fmt.Errorf("stat %s: %w", f.Name(), err)
	}
	if !st.Mode().IsRegular() {
		return FileInfo{}, fmt.Errorf("add %s: not a regular file", f.Name())
	}
	return w.add(ctx, name, f.Name(), f, st.ModTime(), report)
}

// AddBytes adds an entry whose whole content is data, which the caller has
// already read (a small file read in one go, say). It hashes data at once and
// hands it to the writing goroutine as it is: no copy into chunks and one
// hand-off per entry, which is what matters for thousands of small photos.
// data must not change until release is called; release is called exactly
// once (by the writing goroutine, or before AddBytes returns when data was
// not queued), so the caller can reuse the buffer. release may be nil.
// The backup no longer uses it: its read-ahead of small photos into
// recycled buffers (prefetch) did not earn its place (issue 9, see
// backup.addListed); tests use it to write entries from memory.
func (w *Writer) AddBytes(ctx context.Context, name string, data []byte, modTime time.Time, release func()) (FileInfo, error) {
	if release == nil {
		release = func() {}
	}
	if w.err != nil {
		release()
		return FileInfo{}, w.err
	}
	if w.closed {
		release()
		return FileInfo{}, ErrWriterClosed
	}
	if err := ctx.Err(); err != nil {
		release()
		return FileInfo{}, w.fail(err)
	}
	if err := w.writeErr(); err != nil {
		release()
		return FileInfo{}, w.fail(err)
	}
	clean, err := w.checkNew(name)
	if err != nil {
		release()
		return FileInfo{}, err
	}
	if modTime.IsZero() {
		modTime = time.Now()
	}
	hdr := &zip.FileHeader{Name: clean, Method: MethodFor(clean), Modified: modTime}
	hdr.SetMode(entryMode)
	if err := w.checkSize(clean, int64(len(data))); err != nil {
		release()
		return FileInfo{}, w.fail(err)
	}
	w.total += int64(len(data))
	sum := sha256.Sum256(data)
	op := writeOp{hdr: hdr, release: release}
	if len(data) > 0 {
		op.data = data
	}
	w.ops <- op
	fi := FileInfo{Name: clean, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
	w.files = append(w.files, fi)
	return fi, nil
}

// KeepSidecars lets the Writer take db.sqlite3-wal and db.sqlite3-journal as
// entries: only for a backup that keeps a damaged database raw (its
// manifest must then say Damaged), where they may hold what is left of the
// latest changes.
func (w *Writer) KeepSidecars() { w.keepSidecars = true }

// AddNote writes the DamagedReadme note (the only note the format has) with
// text as its content. It is not a file of the backup: it is not in the
// manifest and a restore does not extract it.
func (w *Writer) AddNote(ctx context.Context, text string) error {
	if w.err != nil {
		return w.err
	}
	if w.closed {
		return ErrWriterClosed
	}
	if err := ctx.Err(); err != nil {
		return w.fail(err)
	}
	hdr := &zip.FileHeader{Name: DamagedReadme, Method: zip.Deflate, Modified: time.Now()}
	hdr.SetMode(entryMode)
	w.ops <- writeOp{hdr: hdr, data: []byte(text), release: func() {}}
	return nil
}

// add reads r to its end into the entry name; src names where the content
// comes from in errors.
func (w *Writer) add(ctx context.Context, name, src string, r io.Reader, modTime time.Time, report func(n int64)) (FileInfo, error) {
	if w.err != nil {
		return FileInfo{}, w.err
	}
	if w.closed {
		return FileInfo{}, ErrWriterClosed
	}
	clean, err := w.checkNew(name)
	if err != nil {
		return FileInfo{}, err
	}
	if modTime.IsZero() {
		modTime = time.Now()
	}
	hdr := &zip.FileHeader{Name: clean, Method: MethodFor(clean), Modified: modTime}
	hdr.SetMode(entryMode)
	w.ops <- writeOp{hdr: hdr}

	h := sha256.New()
	var size int64
	for {
		buf, err := w.nextBuffer(ctx)
		if err != nil {
			return FileInfo{}, w.fail(err)
		}
		n, rerr := io.ReadFull(r, buf)
		if n > 0 {
			h.Write(buf[:n])
			size += int64(n)
			if err := w.checkSize(clean, size); err != nil {
				w.free <- buf
				return FileInfo{}, w.fail(err)
			}
			w.ops <- writeOp{data: buf[:n]}
			if report != nil {
				report(size)
			}
		} else {
			w.free <- buf
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return FileInfo{}, w.fail(fmt.Errorf("read %s: %w", src, rerr))
		}
	}
	w.total += size
	fi := FileInfo{Name: clean, Size: size, SHA256: hex.EncodeToString(h.Sum(nil))}
	w.files = append(w.files, fi)
	return fi, nil
}

// nextBuffer waits for a free chunk, giving up on cancel or on an error of
// the writing goroutine (say, a full disk) so Add stops at once.
func (w *Writer) nextBuffer(ctx context.Context) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := w.writeErr(); err != nil {
		return nil, err
	}
	select {
	case buf := <-w.free:
		return buf, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// checkNew validates a new entry's name: safe (CheckName), a place the
// format allows, and not already in the archive (also ignoring case).
func (w *Writer) checkNew(name string) (string, error) {
	clean, _, err := CheckStoredName(name)
	if err != nil {
		return "", err
	}
	if strings.HasSuffix(clean, "/") {
		return "", entryErr(name, ErrUnsafe, "directory entries are not written")
	}
	if clean != DBName && !strings.HasPrefix(clean, MediaPrefix) && !(w.keepSidecars && isSidecar(clean) && clean != DBName+"-shm") {
		return "", entryErr(name, ErrUnsafe, "a mahall-backup holds only "+DBName+" and entries under "+MediaPrefix)
	}
	if prev, ok := w.names[foldKey(clean)]; ok {
		if prev == clean {
			return "", entryErr(name, ErrDuplicate, "already added")
		}
		return "", entryErr(name, ErrDuplicate, "differs only in case from "+prev)
	}
	// The manifest is an entry too, so the reader's count is len+2.
	if len(w.names)+2 > DefaultLimits.MaxEntries {
		return "", entryErr(name, ErrTooLarge, fmt.Sprintf(
			"a backup can hold at most %d files, and a restore would refuse more", DefaultLimits.MaxEntries-1))
	}
	w.names[foldKey(clean)] = clean
	return clean, nil
}

// checkSize keeps the Writer inside the limits a restore applies
// (DefaultLimits), so it never finishes an archive that Open refuses: the
// entry being added has size bytes so far.
func (w *Writer) checkSize(name string, size int64) error {
	if size > DefaultLimits.MaxEntryBytes {
		return entryErr(name, ErrTooLarge, fmt.Sprintf(
			"is larger than %d bytes, the most a restore accepts for one file", DefaultLimits.MaxEntryBytes))
	}
	if w.total+size > DefaultLimits.MaxTotalBytes {
		return entryErr(name, ErrTooLarge, fmt.Sprintf(
			"brings the backup past %d bytes, the most a restore accepts", DefaultLimits.MaxTotalBytes))
	}
	return nil
}

// fail poisons the Writer with err and stops the writing goroutine.
func (w *Writer) fail(err error) error {
	if w.err == nil {
		w.err = err
	}
	w.stop()
	return w.err
}

// stop ends the writing goroutine and waits for it; it is idempotent.
func (w *Writer) stop() {
	if !w.closed {
		w.closed = true
		close(w.ops)
		<-w.done
	}
}

// Abort stops the Writer without writing the manifest or the central
// directory; the output is not a usable archive. It does nothing after
// Close.
func (w *Writer) Abort() {
	if w.err == nil && !w.closed {
		w.err = ErrWriterClosed
	}
	w.stop()
}

// Close writes manifest.json (with m.Files filled from the entries added) and
// the central directory, and returns the first error of any of it.
//
// It also sets m.Format and m.Version, m.CreatedAt to now when zero (always
// in UTC), and m.Database.Size and SHA256 from the db.sqlite3 entry when the
// caller left the checksum empty. It does not close or sync dst.
func (w *Writer) Close(m Manifest) error {
	if w.err != nil {
		w.stop()
		return w.err
	}
	if w.closed {
		return ErrWriterClosed
	}
	w.stop()
	if err := w.writeErr(); err != nil {
		w.err = err
		return err
	}
	w.err = ErrWriterClosed

	m.Format, m.Version = FormatName, FormatVersion
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	m.CreatedAt = m.CreatedAt.UTC()
	m.Files = w.files
	for _, f := range m.Files {
		if f.Name == DBName && m.Database.SHA256 == "" {
			m.Database.Size, m.Database.SHA256 = f.Size, f.SHA256
		}
	}
	hdr := &zip.FileHeader{Name: ManifestName, Method: zip.Deflate, Modified: m.CreatedAt}
	hdr.SetMode(entryMode)
	fw, err := w.zw.CreateHeader(hdr)
	if err != nil {
		return fmt.Errorf("write %s: %w", ManifestName, err)
	}
	if err := writeManifest(fw, m); err != nil {
		return fmt.Errorf("write %s: %w", ManifestName, err)
	}
	// zip.Writer.Close writes the central directory and flushes w.bw.
	if err := w.zw.Close(); err != nil {
		return fmt.Errorf("write archive directory: %w", err)
	}
	return nil
}
