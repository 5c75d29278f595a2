package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"mahall/backend/archive"
	"mahall/backend/catalog"
	"mahall/backend/crypt"
	"mahall/backend/durable"
	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/snapshot"
	"mahall/backend/version"
)

// Create is the package's Create with these options. A backup is these
// steps, in order: check that there is a database; resolve where the
// archive goes; snapshot the database while the media folder is listed;
// describe the snapshot (row counts, missing photos) while the archive is
// written; write the archive; commit it (sync, rename into place).
func (o Options) Create(ctx context.Context, f *folder.Folder, dest string, report progress.Func) (Result, error) {
	l := f.Layout
	report = progress.OrNop(report)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	createdAt := time.Now()
	if err := checkDatabase(l.DB(), o.damaged == ""); err != nil {
		return Result{}, err
	}
	if dest == "" && f.ReadOnly() {
		return Result{}, fmt.Errorf("the data folder %s cannot be written (it is read-only), so the backup cannot go into its "+
			"backups folder. Your data was not changed. Say where the backup should go instead, for example: "+
			"mahall_backup_restore backup /media/usb/: %w", l.Root, ErrBadDestination)
	}
	final, err := resolveDest(l, dest, createdAt)
	if err != nil {
		return Result{}, err
	}

	// Everything below may fail half way; these are undone on the way out.
	tmp, err := newTempArchive(final)
	if err != nil {
		return Result{}, err
	}
	defer tmp.discard()
	// The snapshot goes beside the live database, not beside the archive:
	// the same local disk as its source, never a slow or removable
	// destination, and never a stray file in the user's chosen folder.
	snapPath := f.SnapshotPath()
	defer snapshot.Remove(snapPath)
	if o.damaged != "" {
		// No SQLite reader can copy a damaged file: its raw bytes are all
		// there is. The data folder is locked, so no program of ours
		// writes it meanwhile. (snapPath, never created, is still what
		// the deferred Remove removes: never the database itself.)
		snapPath = l.DB()
	}

	media, snapSize, copied, err := o.snapshotAndList(ctx, l, snapPath, report)
	if err != nil {
		return Result{}, err
	}
	// The description reads the snapshot, so it ends (this deferred call)
	// before the snapshot is removed (the one above).
	var desc *describer
	if o.damaged == "" {
		desc = startDescribe(ctx, snapPath, l.Media())
	} else {
		desc = described(description{warnings: []notice.Notice{notice.DamagedSafety()}})
	}
	defer desc.cancel()

	b := newBar(report, snapSize+media.bytes, 1+len(media.files))
	res := Result{CreatedAt: createdAt.UTC(), Warnings: append(append([]notice.Notice{}, media.warnings...), media.unportableWarning()...)}
	if copied.RolledBack {
		res.Warnings = append(res.Warnings, notice.RolledBackChange())
	}
	if err := o.writeArchive(ctx, tmp.f, final, l, snapPath, media.files, desc, b, &res); err != nil {
		return Result{}, err
	}

	report(b.at(progress.PhaseSync, filepath.Base(final)))
	if err := tmp.commit(ctx, final); err != nil {
		return Result{}, err
	}
	st, err := os.Stat(final)
	if err != nil {
		return Result{}, fmt.Errorf("read %s: %w", final, err)
	}
	res.Path, res.Size = final, st.Size()
	catalog.Remember(final, res.Made())
	report(b.at(progress.PhaseDone, final))
	return res, nil
}

// checkDatabase refuses a data folder without a database to back up, and
// (when refuseEmpty) an empty database file, which would make a backup of
// nothing.
func checkDatabase(dbPath string, refuseEmpty bool) error {
	st, err := os.Stat(dbPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("no database at %s: %w", dbPath, ErrNothingToBackUp)
	case err != nil:
		return fmt.Errorf("read %s: %w", dbPath, err)
	case !st.Mode().IsRegular():
		return fmt.Errorf("database %s is not a regular file", dbPath)
	case st.Size() == 0 && refuseEmpty:
		return fmt.Errorf("the register database %s is empty (0 bytes): it holds no areas, houses or members, "+
			"so no backup was made (it would hold nothing). If the register should have data, it was lost: restore your "+
			"latest backup: %w", dbPath, ErrEmptyRegister)
	}
	return nil
}

// tempArchive is the file the archive is written to, beside its final
// name; it is removed unless commit renamed it into place.
type tempArchive struct {
	f       *os.File
	renamed bool
}

func newTempArchive(final string) (*tempArchive, error) {
	dir := filepath.Dir(final)
	f, err := os.CreateTemp(dir, durable.TempPattern(final))
	if err != nil {
		return nil, fmt.Errorf("create a temporary file in %s: %w", dir, err)
	}
	return &tempArchive{f: f}, nil
}

// commit makes the archive durable under its final name: one sync for the
// whole file, then the rename makes it visible under that name only once it
// is entirely on disk.
//
// A backup always writes a new file, and this fsync of a new file is where
// much of the time goes (issue 17). What was tried, and did not earn its
// place (issue 9's rule: at least 10 % less wall time on M): an early
// write-back (sync_file_range every 8 MB) was 25 % slower; reserving the
// archive's size first (fallocate) was 12 % slower (benchprof on M, fastest
// of 5, load under 2: 2.81 s with it, 2.53 s without). bench/cmd/fsyncprobe,
// 1 GB to a new file, fastest of 5: write then fsync 0.49 s, fallocate,
// write, fdatasync 0.57 s, write then syncfs 0.73 s, write then fdatasync
// 1.06 s. So: write, then one fsync.
func (t *tempArchive) commit(ctx context.Context, final string) error {
	if err := t.f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if err := t.f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(t.f.Name(), final); err != nil {
		return fmt.Errorf("rename %s to %s: %w", t.f.Name(), final, err)
	}
	t.renamed = true
	return durable.SyncDir(filepath.Dir(final))
}

func (t *tempArchive) discard() {
	if !t.renamed {
		t.f.Close()
		os.Remove(t.f.Name())
	}
}

// snapshotAndList copies the database to snapPath while another goroutine
// lists the media folder (the listing needs only the file system's
// metadata), and returns the listing and the snapshot's size.
// With o.damaged set there is no snapshot: snapPath is the database itself.
func (o Options) snapshotAndList(ctx context.Context, l folder.Layout, snapPath string, report progress.Func) (mediaList, int64, snapshot.Copied, error) {
	walkCtx, stopWalk := context.WithCancel(ctx)
	defer stopWalk()
	walked := make(chan mediaList, 1)
	go func() { walked <- walkMedia(walkCtx, l.Media()) }()

	report(progress.Update{Phase: progress.PhaseScan, Current: folder.MediaName})
	var copied snapshot.Copied
	var err error
	if o.damaged == "" {
		copied, err = snapshot.CopyTemp(ctx, l.DB(), snapPath, func(done, total int64) {
			report(progress.Update{Phase: progress.PhaseSnapshot, BytesDone: done, BytesTotal: total, FilesTotal: 1, Current: folder.DBName})
		})
	}
	if err != nil {
		stopWalk()
		<-walked
		return mediaList{}, 0, copied, fmt.Errorf("snapshot the database: %w", err)
	}
	media := <-walked
	if media.err != nil {
		return mediaList{}, 0, copied, media.err
	}
	st, err := os.Stat(snapPath)
	if err != nil {
		return mediaList{}, 0, copied, fmt.Errorf("read %s: %w", snapPath, err)
	}
	return media, st.Size(), copied, nil
}

// writeArchive writes the archive to out: the database snapshot first, then
// the media in listing order, then the manifest, which needs the
// description. It fills in what res says the backup holds.
func (o Options) writeArchive(ctx context.Context, out *os.File, final string, l folder.Layout, snapPath string,
	media []mediaFile, desc *describer, b *bar, res *Result) error {
	var dst io.Writer = out
	var enc *crypt.Writer
	if o.Lock != nil {
		var err error
		if enc, err = crypt.NewWriter(dst, *o.Lock, res.CreatedAt); err != nil {
			return err
		}
		defer enc.Abort() // after Close, does nothing
		dst = enc
		res.Encrypted = true
	}
	w := archive.NewWriter(dst, archive.WriterOptions{})
	defer w.Abort()
	if err := ctx.Err(); err != nil {
		return err
	}
	b.report(b.up)

	dbInfo, err := w.Add(ctx, archive.DBName, snapPath, b.begin(archive.DBName))
	if err != nil {
		return addErr(ctx, archive.DBName, err)
	}
	b.added()
	if o.damaged != "" {
		// What SQLite kept beside the damaged file may hold the latest
		// changes: keep it raw too, for whoever tries to repair it.
		w.KeepSidecars()
		for _, s := range []string{"-wal", "-journal"} {
			if _, err := os.Lstat(l.DB() + s); err != nil {
				continue
			}
			if _, err := w.Add(ctx, archive.DBName+s, l.DB()+s, nil); err != nil {
				return addErr(ctx, archive.DBName+s, err)
			}
		}
	}
	held, err := addMedia(ctx, w, media, b, res)
	if err != nil {
		return err
	}

	d := desc.wait()
	if d.err != nil {
		return d.err
	}
	res.Tables = d.tables
	res.Warnings = append(res.Warnings, d.warnings...)
	m := archive.Manifest{
		CreatedAt:      res.CreatedAt,
		ProgramVersion: version.Version,
		SourceDir:      l.Root,
		Database:       archive.DatabaseInfo{Size: dbInfo.Size, SHA256: dbInfo.SHA256, Tables: d.tables},
	}
	if o.damaged == "" {
		slices.Sort(held)
		m.MissingPhotos = append([]string{}, archive.MissingPhotos(d.photos, func(target string) bool {
			_, ok := slices.BinarySearch(held, target)
			return ok
		})...)
	}
	if o.damaged != "" {
		m.Damaged = &archive.Damaged{Reason: o.damaged}
		if err := w.AddNote(ctx, damagedReadme(l.Root, o.damaged, res.CreatedAt.Local())); err != nil {
			return addErr(ctx, archive.DamagedReadme, err)
		}
		res.Damaged = true
	}
	if err := w.Close(m); err != nil {
		return fmt.Errorf("write %s: %w", final, err)
	}
	if enc != nil {
		if err := enc.Close(); err != nil {
			return fmt.Errorf("write %s: %w", final, err)
		}
	}
	return nil
}

// addMedia adds the listed media files to w, one after the other, while the
// archive's goroutine writes (see addListed). A file deleted since the listing (a photo replaced in the app) is
// left out with a warning: the backup holds the folder as it was when read.
// It returns the names of the entries added.
func addMedia(ctx context.Context, w *archive.Writer, files []mediaFile, b *bar, res *Result) (held []string, err error) {
	for _, m := range files {
		fi, err := addListed(ctx, w, m, b.begin(m.name))
		if errors.Is(err, fs.ErrNotExist) && ctx.Err() == nil {
			res.Warnings = append(res.Warnings, notice.Removed(m.name))
			b.removed(m.size)
			continue
		}
		if errors.Is(err, errReplaced) && ctx.Err() == nil {
			res.Warnings = append(res.Warnings, notice.Replaced(m.name))
			b.removed(m.size)
			continue
		}
		if err != nil {
			return nil, addErr(ctx, m.name, err)
		}
		b.added()
		b.resized(m.size, fi.Size)
		res.MediaFiles++
		res.MediaBytes += fi.Size
		held = append(held, m.name)
	}
	return held, ctx.Err()
}

// bar keeps the archive phase's progress. The listing's total is the plan,
// corrected as files turn out to have changed size since, or to be gone;
// the bar never shows more than 100 %.
type bar struct {
	report  progress.Func
	up      progress.Update
	planned int64
	base    int64 // bytes done before the current entry
}

func newBar(report progress.Func, planned int64, files int) *bar {
	return &bar{report: report, planned: planned,
		up: progress.Update{Phase: progress.PhaseArchive, BytesTotal: planned, FilesTotal: files}}
}

// begin starts the entry name and returns the callback that reports its
// bytes as they are added.
func (b *bar) begin(name string) func(n int64) {
	b.base, b.up.Current = b.up.BytesDone, name
	return func(n int64) {
		b.up.BytesDone = b.base + n
		b.fit()
		b.report(b.up)
	}
}

func (b *bar) added() { b.up.FilesDone++ }

// resized corrects the plan when the entry just added had another size than
// listed.
func (b *bar) resized(listed, actual int64) {
	b.planned += actual - listed
	b.up.BytesDone = b.base + actual
	b.fit()
}

// removed takes a file that was listed but is gone out of the plan.
func (b *bar) removed(listed int64) {
	b.planned -= listed
	b.fit()
	b.up.FilesTotal--
}

func (b *bar) fit() { b.up.BytesTotal = max(b.planned, b.up.BytesDone) }

// at is the finished bar in a later phase (sync, done).
func (b *bar) at(phase, current string) progress.Update {
	return progress.Update{Phase: phase, BytesDone: b.up.BytesTotal, BytesTotal: b.up.BytesTotal,
		FilesDone: b.up.FilesDone, FilesTotal: b.up.FilesTotal, Current: current}
}

// describer reads the table counts and the missing photos from the
// snapshot on another goroutine (it reads the snapshot and stats files, so
// it runs on the other core while the archive is written).
type describer struct {
	stop context.CancelFunc
	done chan description
	got  *description
}

func startDescribe(ctx context.Context, snapPath, mediaDir string) *describer {
	ctx, stop := context.WithCancel(ctx)
	d := &describer{stop: stop, done: make(chan description, 1)}
	go func() { d.done <- describe(ctx, snapPath, mediaDir) }()
	return d
}

// described is a describer that already has its description.
func described(d description) *describer {
	done := make(chan description, 1)
	done <- d
	return &describer{stop: func() {}, done: done}
}

// wait returns the description, waiting for it once.
func (d *describer) wait() description {
	if d.got == nil {
		got := <-d.done
		d.got = &got
	}
	return *d.got
}

// cancel stops the description if it still runs, and waits for it to end.
func (d *describer) cancel() {
	d.stop()
	d.wait()
}

func addErr(ctx context.Context, name string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("add %s to the backup: %w", name, err)
}

// description is what the backup says about the database it holds.
type description struct {
	tables   map[string]int64
	photos   []string        // every photo members name (register.Photos)
	warnings []notice.Notice // member photos missing from the media folder
	err      error
}

// describe reads the table counts and the missing photos from the snapshot,
// so they describe exactly the database the backup holds.
func describe(ctx context.Context, snapPath, mediaDir string) description {
	db, err := register.Open(snapPath)
	if err != nil {
		return description{err: fmt.Errorf("read the database snapshot: %w", err)}
	}
	defer db.Close()
	tables, err := register.Counts(ctx, db)
	if err != nil {
		return description{err: fmt.Errorf("count rows of the database snapshot: %w", err)}
	}
	photos, err := register.Photos(ctx, db)
	if err != nil {
		return description{err: fmt.Errorf("read member photos: %w", err)}
	}
	missing, err := register.MissingFiles(ctx, photos, mediaDir)
	if err != nil {
		return description{err: fmt.Errorf("check member photos: %w", err)}
	}
	var warnings []notice.Notice
	for i, p := range missing {
		if i == maxPhotoWarnings {
			warnings = append(warnings, notice.MorePhotosMissing(len(missing)-i))
			break
		}
		warnings = append(warnings, notice.PhotoMissingFrom(p))
	}
	return description{tables: tables, photos: photos, warnings: warnings}
}
