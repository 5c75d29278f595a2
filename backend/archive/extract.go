package archive

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/klauspost/compress/flate"

	"mahall/backend/progress"
)

// SyncMode says how Extract makes what it wrote durable.
type SyncMode int

const (
	// SyncAuto: on Linux one syncfs for the whole file system after the
	// last file (as `sync -f` does); elsewhere an fsync per file and then
	// the folders.
	SyncAuto SyncMode = iota
	// SyncEachFile: an fsync per file on every OS, to compare with SyncAuto.
	SyncEachFile
	// SyncNone: nothing is synced. Only for fuzzing, where syncing a
	// shared file system thousands of times a second would measure the
	// disk, not the reader.
	SyncNone
)

// ExtractOptions change how Extract works; the zero value is what a restore
// uses.
type ExtractOptions struct {
	Sync SyncMode
}

// readErr turns an error from reading an entry into one that names it and
// says what it means for the user.
func readErr(name string, err error) error {
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, zip.ErrChecksum):
		return entryErr(name, ErrChecksum, "CRC-32 does not match: the entry is damaged")
	case errors.Is(err, zip.ErrFormat):
		return entryErr(name, ErrChecksum, "data does not match its header (longer than declared, or damaged)")
	case errors.As(err, &corrupt):
		return entryErr(name, ErrChecksum, "compressed data is damaged ("+err.Error()+")")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return entryErr(name, ErrChecksum, "data is damaged: it ends before the entry does")
	case errors.Is(err, zip.ErrAlgorithm):
		return entryErr(name, ErrUnsupported, "compression method is not supported")
	}
	return fmt.Errorf("read %s: %w", printable(name), err)
}

// copyEntry streams one entry into dst in a single pass, hashing as it goes,
// and checks its size and (when the manifest gave one) its SHA-256. It never
// reads more than one byte past the declared size, whatever the entry's
// data claims. progress is called after every chunk with the bytes so far.
func (a *Archive) copyEntry(ctx context.Context, e Entry, dst io.Writer, progress func(n int64)) error {
	if a.closed {
		return errClosed
	}
	if a.buf == nil {
		a.buf = make([]byte, chunkSize)
	}
	rc, err := e.file.Open()
	if err != nil {
		return readErr(e.Name, err)
	}
	defer rc.Close()
	src := io.LimitReader(rc, e.Size+1)
	h := sha256.New()
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		k, rerr := fill(src, a.buf)
		if k > 0 {
			h.Write(a.buf[:k])
			if dst != nil {
				if _, err := dst.Write(a.buf[:k]); err != nil {
					return err
				}
			}
			n += int64(k)
			if progress != nil {
				progress(n)
			}
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			if a.shrunk() {
				return entryErr(e.Name, ErrDamaged, "the backup file became shorter while it was read, and now ends before this entry does: "+
					"it is cut short (a copy still being written, or the disk was removed). Copy the backup again from where it came from, then try again")
			}
			return readErr(e.Name, rerr)
		}
	}
	if n != e.Size {
		return entryErr(e.Name, ErrChecksum, fmt.Sprintf("holds %d bytes or more, but its header declares %d", n, e.Size))
	}
	if e.SHA256 != "" {
		if sum := hex.EncodeToString(h.Sum(nil)); sum != e.SHA256 {
			return entryErr(e.Name, ErrChecksum, "SHA-256 does not match the manifest: the entry is damaged or was changed")
		}
	}
	return nil
}

// shrunk reports whether the archive file is now shorter than when it was
// opened: a read error is then the file being cut short under us, not
// damaged data.
func (a *Archive) shrunk() bool {
	if a.f == nil {
		return false // not a file of its own: nothing can cut it short
	}
	st, err := a.f.Stat()
	return err == nil && st.Size() < a.Size
}

// fill reads until buf is full or src ends. Unlike io.ReadFull it keeps a
// clean io.EOF apart from a reader that itself reports io.ErrUnexpectedEOF
// (a truncated deflate stream).
func fill(src io.Reader, buf []byte) (int, error) {
	k := 0
	for k < len(buf) {
		m, err := src.Read(buf[k:])
		k += m
		if err != nil {
			return k, err
		}
	}
	return k, nil
}

func (a *Archive) totals() (bytes int64) {
	for _, e := range a.entries {
		bytes += e.Size
	}
	return bytes
}

// Verify reads every entry to its end, comparing sizes and (where there is a
// manifest) SHA-256; it reports progress in bytes. For a legacy layout the
// ZIP CRC-32 is all there is (see the Warnings of Open).
func (a *Archive) Verify(ctx context.Context, report progress.Func) error {
	_, err := a.eachEntry(progress.PhaseVerify, report, func(e Entry, read func(int64)) error {
		return a.copyEntry(ctx, e, nil, read)
	})
	for _, e := range a.DBSidecars {
		if err != nil {
			break
		}
		err = a.copyEntry(ctx, e, nil, nil)
	}
	return err
}

// eachEntry runs do on every entry in archive order, reporting phase with
// bytes and files done as do reads, and returns the last update sent.
func (a *Archive) eachEntry(phase string, report progress.Func, do func(e Entry, read func(n int64)) error) (progress.Update, error) {
	report = progress.OrNop(report)
	u := progress.Update{Phase: phase, BytesTotal: a.totals(), FilesTotal: len(a.entries)}
	report(u)
	for _, e := range a.entries {
		base := u.BytesDone
		u.Current = e.Target
		err := do(e, func(n int64) {
			u.BytesDone = base + n
			report(u)
		})
		if err != nil {
			return u, err
		}
		u.BytesDone = base + e.Size
		u.FilesDone++
		report(u)
	}
	return u, nil
}

// ExtractDB writes the database entry to dst (checking its checksum where
// there is a manifest), for inspection or for a restore's check of it before
// staging. dst is created (mode 0600) or truncated, and removed again on
// error. It is not synced: every caller reads it and deletes it, and a crash
// leaves it to be thrown away (the fsync of 200 MB on L was a write no reader
// needed: Verify of L wrote 195 MB).
func (a *Archive) ExtractDB(ctx context.Context, dst string) (err error) {
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", dst, cerr)
		}
		if err != nil {
			os.Remove(dst)
		}
	}()
	return a.copyEntry(ctx, a.DB, writerNamed{f, dst}, nil)
}

// ExtractSidecars writes the DBSidecars beside the database extracted at db
// (db+"-wal", db+"-journal"), checking their CRC-32 and sizes. They are
// removed again on error.
func (a *Archive) ExtractSidecars(ctx context.Context, db string) (err error) {
	for _, e := range a.DBSidecars {
		dst := db + strings.TrimPrefix(e.Target, DBName)
		f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		err = a.copyEntry(ctx, e, writerNamed{f, dst}, nil)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(dst)
			return err
		}
	}
	return nil
}

// writerNamed makes sure write errors (a full disk, say) name the file.
// An *os.File's own errors usually do already; those are not wrapped again.
type writerNamed struct {
	f    *os.File
	name string
}

func (w writerNamed) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	var pe *fs.PathError
	if err != nil && !errors.As(err, &pe) {
		err = fmt.Errorf("write %s: %w", w.name, err)
	}
	return n, err
}

// Extract writes every entry under dir at its Target, hashing as it writes
// and checking against the manifest where there is one; files are synced.
//
// dir is created if missing (0700); folders are created 0700 and files 0600
// with O_EXCL, through an os.Root, so nothing is written outside dir and no
// existing file or symbolic link is ever written through. Everything is on
// disk when Extract returns nil (on Linux with one syncfs for the whole
// file system, as `sync -f` does, instead of an fsync per file; elsewhere
// with an fsync per file), and the folders are synced too. On error,
// the caller removes dir.
func (a *Archive) Extract(ctx context.Context, dir string, opt ExtractOptions, report progress.Func) error {
	report = progress.OrNop(report)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	made := map[string]bool{".": true}
	var dirs []string
	u, err := a.eachEntry(progress.PhaseExtract, report, func(e Entry, read func(int64)) error {
		if parent := path.Dir(e.Target); !made[parent] {
			if err := root.MkdirAll(parent, 0o700); err != nil {
				return fmt.Errorf("create folder for %s: %w", printable(e.Name), err)
			}
			for p := parent; !made[p]; p = path.Dir(p) {
				made[p] = true
				dirs = append(dirs, p)
			}
		}
		return a.extractOne(ctx, root, dir, e, opt, read)
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opt.Sync == SyncNone {
		return nil
	}
	u.Phase, u.Current = progress.PhaseSync, ""
	report(u)
	return syncTree(dir, dirs)
}

func (a *Archive) extractOne(ctx context.Context, root *os.Root, dir string, e Entry, opt ExtractOptions, progress func(int64)) (err error) {
	name := filepath.Join(dir, filepath.FromSlash(e.Target))
	f, err := root.OpenFile(e.Target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", name, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", name, cerr)
		}
	}()
	if err := a.copyEntry(ctx, e, writerNamed{f, name}, progress); err != nil {
		return err
	}
	if opt.Sync == SyncEachFile || (opt.Sync == SyncAuto && syncEachFileByDefault) {
		if err := f.Sync(); err != nil {
			return fmt.Errorf("sync %s: %w", name, err)
		}
	}
	return nil
}
