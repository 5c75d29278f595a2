package restore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"mahall/backend/archive"
	"mahall/backend/backup"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/killpoint"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/snapshot"
)

// Options change how Run behaves.
type Options struct {
	Force bool // accept a database with no society_* table
	// FreeSpace reports the bytes this user may still write on the file
	// system holding dir; nil asks the disk. Tests pretend there is room,
	// to make the writes themselves run out.
	FreeSpace func(dir string) (uint64, error) `json:"-"`
	// Key opens an encrypted backup (crypt.Unlock or UnlockRecovery); nil
	// refuses one with crypt.ErrPasswordNeeded.
	Key *crypt.Key `json:"-"`
	// Now is the clock the record of the restore (LastRestore) is stamped
	// with; nil is time.Now.
	Now func() time.Time `json:"-"`
}

// Result describes a finished restore.
type Result struct {
	Preview      Preview `json:"preview"`
	SafetyBackup string  `json:"safetyBackup"` // "" when there was no data to protect
	// Notes are things the person should know about what was done, in
	// plain words (notice.PhotosKept).
	Notes []notice.Notice `json:"notes"`
	// SafetyDamaged: the data replaced was a damaged register; the safety
	// backup holds it as a raw copy, marked damaged (backup.CreateSafety).
	SafetyDamaged bool `json:"safetyDamaged,omitempty"`
	// Unrecorded says why the record of this restore (LastRestore) could
	// not be written, "" when it was: the restore itself is done, only the
	// overview's "Restored from" line will be missing. For the app's log and
	// the CLI's warning.
	Unrecorded string `json:"-"`
}

// Run restores the backup at path into the opened data folder f (which
// Open may have just created). It refuses while another process holds a
// write lock on the database, validates everything, extracts to staging,
// makes the safety backup into DATA/backups/pre-restore-<time>.zip, and
// swaps. On any error the data folder is exactly as it was and no staging is
// left (a folder that Open created is removed again by Close).
//
// The safety backup runs beside the database check and the extraction (it
// reads the data folder; they read the archive). If the restore fails before
// the swap begins, the safety backup it just made is removed with the rest:
// the data it protects was never touched, and the folder must be exactly as
// before. Once the swap has begun it is never removed.
//
// Opening the current database to see whether another program holds it lets
// SQLite do what any open does: roll back a hot journal, drop a -wal file
// that a non-WAL database does not use. No data changes.
func Run(ctx context.Context, f *folder.Folder, path string, opt Options, report progress.Func) (res Result, err error) {
	if err := writable(f); err != nil {
		return Result{}, err
	}
	r := &run{f: f, l: f.Layout, path: path, opt: opt, report: progress.OrNop(report)}
	defer r.cleanup(&err)
	return r.do(ctx, func() (source, error) {
		// An encrypted backup is decrypted and authenticated whole here,
		// before the space check, staging or the safety backup.
		a, err := openArchive(ctx, path, opt.Key, true, r.report)
		if err != nil {
			return nil, err
		}
		return &zipSource{r: r, a: a}, nil
	})
}

// writable refuses a data folder that cannot be written before anything is
// read or made.
func writable(f *folder.Folder) error {
	if f.ReadOnly() {
		return fmt.Errorf("the data folder %s cannot be written (it is read-only, or this user may only read it), "+
			"so no backup can be restored into it. Your data was not changed. Make the folder writable, or restore into another "+
			"folder with --data-dir", f.Root)
	}
	return nil
}

// source is where a restore's new data comes from: a backup ZIP (zipSource)
// or a backup folder written by a filler (folderSource, for cloud copies).
// Everything else a restore does is the same for both.
type source interface {
	// bytes is what the new data takes on disk, for the space check.
	bytes() int64
	// stage puts the new data into dir, checked (checksums, database,
	// register tables), and describes it. Progress goes through rep.
	stage(ctx context.Context, dir string, rep *merged) (Preview, error)
	// keepsMedia: the new data is a database alone (layout C), and the
	// current photos stay.
	keepsMedia() bool
	Close() error
}

// zipSource restores a backup ZIP.
type zipSource struct {
	r *run
	a *archive.Archive
}

func (z *zipSource) Close() error     { return z.a.Close() }
func (z *zipSource) keepsMedia() bool { return z.a.Layout == archive.LayoutC }

func (z *zipSource) bytes() int64 {
	n := z.a.DB.Size
	for _, e := range z.a.Media {
		n += e.Size
	}
	return n
}

func (z *zipSource) stage(ctx context.Context, dir string, rep *merged) (Preview, error) {
	pv, err := z.r.checkDB(ctx, z.a)
	if err != nil {
		return Preview{}, err
	}
	killpoint.At("database checked")
	if err := z.a.Extract(ctx, dir, archive.ExtractOptions{}, rep.extract); err != nil {
		return Preview{}, err
	}
	staged := filepath.Join(dir, archive.DBName)
	if z.a.Damaged() {
		// Back as they were: nothing of a damaged register is applied.
		return pv, z.a.ExtractSidecars(ctx, staged)
	}
	return pv, applySidecars(ctx, z.a, staged)
}

// run is one restore's state, so that cleanup knows what it made.
type run struct {
	f      *folder.Folder
	l      folder.Layout
	path   string
	opt    Options
	report progress.Func

	staging        string
	safety         string // the safety backup's path, once it may exist
	madeBackupsDir bool
	swapped        bool // Swap was called: from here the journal rules
	safetyDamaged  bool // the current register was damaged; the safety backup holds it raw
}

func (r *run) do(ctx context.Context, openSource func() (source, error)) (Result, error) {
	l := r.l
	r.report(progress.Update{Phase: progress.PhaseValidate, Current: r.path})
	if err := checkNotInUse(ctx, l.DB()); err != nil {
		return Result{}, err
	}
	if err := checkMovable(l); err != nil {
		return Result{}, err
	}
	hasData := l.HasData()
	if !hasData {
		if n, err := countFiles(l.Media()); err != nil {
			return Result{}, err
		} else if n > 0 {
			return Result{}, fmt.Errorf("the data folder %s has a media folder with %d file(s) but no %s; move the media folder away before restoring", l.Root, n, folder.DBName)
		}
	}

	src, err := openSource()
	if err != nil {
		return Result{}, err
	}
	defer src.Close()

	extractBytes := src.bytes()
	var safetyBytes int64
	if hasData {
		if safetyBytes, err = dataSize(l); err != nil {
			return Result{}, err
		}
	}
	if err := checkSpace(l, r.opt.FreeSpace, extractBytes, safetyBytes); err != nil {
		return Result{}, err
	}
	killpoint.At("space checked")

	if r.staging, err = r.f.NewStaging(); err != nil {
		return Result{}, err
	}
	if hasData {
		if err := os.Mkdir(l.Backups(), 0o700); err == nil {
			r.madeBackupsDir = true
		} else if !errors.Is(err, fs.ErrExist) {
			return Result{}, fmt.Errorf("create backups folder %s: %w", l.Backups(), err)
		}
		safety, err := backup.UnusedName(l.Backups(), folder.SafetyName(time.Now()))
		if err != nil {
			return Result{}, fmt.Errorf("the safety backup of your current data cannot be made, so nothing was restored. Your data was not changed. %w", err)
		}
		r.safety = safety
	}
	pv, err := r.stage(ctx, src)
	if err != nil {
		return Result{}, err
	}
	killpoint.At("extracted")

	r.report(progress.Update{Phase: progress.PhaseSwap, Current: l.Root})
	// The safety backup takes its own look at the database; a program that
	// opened it since the first check must not have it open for the swap.
	if err := checkNotInUse(ctx, l.DB()); err != nil {
		return Result{}, err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	// A database-only backup keeps the current photos, when there are any
	// to keep; into a new folder it brings an empty media folder.
	keepMedia := src.keepsMedia() && isDir(l.Media())
	swapIn := r.f.Swap
	if keepMedia {
		swapIn = r.f.SwapDatabase
	}
	r.swapped = true
	if err := swapIn(r.staging); err != nil {
		return Result{}, heldOpenAfterSwap(l, err, errors.Is(err, folder.ErrRolledBack))
	}
	r.report(progress.Update{Phase: progress.PhaseDone, Current: l.Root})
	res := Result{Preview: pv, SafetyBackup: r.safety, Notes: []notice.Notice{}}
	now := time.Now
	if r.opt.Now != nil {
		now = r.opt.Now
	}
	if err := recordRestore(l, LastRestore{Path: pv.Path, BackupCreatedAt: pv.CreatedAt, At: now().UTC()}); err != nil {
		res.Unrecorded = err.Error()
	}
	if keepMedia {
		res.Notes = append(res.Notes, notice.PhotosKept())
	}
	if r.safetyDamaged {
		res.SafetyDamaged = true
		res.Preview.Warnings = append(res.Preview.Warnings, notice.ReplacedDamaged(r.safety))
	}
	return res, nil
}

func (r *run) checkRegister(ctx context.Context, db string) error {
	d, err := register.Open(db)
	if err != nil {
		return dbErr(r.path, db, err)
	}
	defer d.Close()
	ok, err := register.IsRegister(ctx, d)
	if err != nil {
		return dbErr(r.path, db, err)
	}
	if !ok && !r.opt.Force {
		return &dbError{err: ErrNotRegister, msg: fmt.Sprintf(
			"%s in %s has no Mahall register tables (society_*); is this the right file? use --force to restore it anyway",
			archive.DBName, r.path)}
	}
	return nil
}

// stage checks the archive's database and extracts the archive into the
// staging folder, while the safety backup (if any) is written beside: the
// safety backup mostly reads the data folder and compresses, the check is
// CPU work on one file, the extraction reads the archive and writes
// staging, so on two cores they overlap. The first failure cancels the
// rest; cleanup then removes the safety backup, which protected nothing.
func (r *run) stage(ctx context.Context, src source) (Preview, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	rep := &merged{report: r.report}

	safetyDone := make(chan error, 1)
	if r.safety != "" {
		go func() {
			res, err := backup.CreateSafety(ctx, r.f, r.safety, rep.safety)
			r.safetyDamaged = res.Damaged
			if err != nil {
				err = fmt.Errorf("safety backup %s: %w", r.safety, err)
				cancel(err)
			}
			safetyDone <- err
		}()
	} else {
		safetyDone <- nil
	}

	pv, err := src.stage(ctx, folder.NewDir(r.staging), rep)
	if err != nil {
		cancel(err)
	}
	rep.extractDone()
	safetyErr := <-safetyDone
	// The error that started it, not the cancellation it caused.
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return Preview{}, cause
	}
	if err != nil {
		return Preview{}, err
	}
	if safetyErr != nil {
		return Preview{}, safetyErr
	}
	return pv, nil
}

// checkDB extracts the archive's database to a file of its own in staging
// and checks it (SQLite, integrity_check, register tables) before the long
// extraction starts, so a wrong or damaged file is refused in seconds. The
// extraction writes it again with the rest; the manifest's SHA-256 (or the
// ZIP's CRC for legacy layouts) ties both copies to the same bytes.
func (r *run) checkDB(ctx context.Context, a *archive.Archive) (Preview, error) {
	db := filepath.Join(r.staging, "check-"+archive.DBName)
	defer os.Remove(db)
	if err := a.ExtractDB(ctx, db); err != nil {
		return Preview{}, err
	}
	if a.Damaged() {
		if !r.opt.Force {
			return Preview{}, &dbError{err: ErrDamagedBackup, msg: fmt.Sprintf(
				"%s holds a damaged register, kept as it was by an earlier restore, so restoring it would put the damaged "+
					"data back. Your data was not changed. If that is what you want (to hand the damaged file to someone "+
					"who can repair it), restore it again with --force", r.path)}
		}
		return damagedPreview(a), nil
	}
	if err := applySidecars(ctx, a, db); err != nil {
		return Preview{}, err
	}
	if err := r.checkDatabase(ctx, db); err != nil {
		return Preview{}, err
	}
	return preview(ctx, a, db)
}

// checkDatabase is every check of a backup's database: SQLite's
// integrity_check, then the register tables.
func (r *run) checkDatabase(ctx context.Context, db string) error {
	if err := snapshot.Check(ctx, db); err != nil {
		return dbErr(r.path, db, err)
	}
	return r.checkRegister(ctx, db)
}

// merged shows one progress stream for two concurrent jobs: the
// extraction's while it runs, then the safety backup's if that is still
// going. Updates are serialised, since report is called from both.
type merged struct {
	report progress.Func

	mu         sync.Mutex
	extracted  bool
	lastSafety *progress.Update
}

func (m *merged) extract(u progress.Update) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u.Phase = progress.PhaseExtract
	m.report(u)
	if killpoint.Enabled {
		killpoint.At("extract " + u.Current)
	}
}

func (m *merged) extractDone() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.extracted = true
	if m.lastSafety != nil {
		m.report(*m.lastSafety)
	}
}

func (m *merged) safety(u progress.Update) {
	m.mu.Lock()
	defer m.mu.Unlock()
	u.Phase = progress.PhaseSafety
	if m.extracted {
		m.report(u)
	} else {
		m.lastSafety = &u
	}
	if killpoint.Enabled {
		killpoint.At("safety " + u.Current)
	}
}

// cleanup undoes what a failed run made: staging (unless a journal still
// needs it), the safety backup (unless the swap began), and the backups
// folder if it was created for it.
func (r *run) cleanup(errp *error) {
	if *errp == nil {
		return
	}
	if r.staging != "" {
		if _, err := os.Stat(r.l.Journal()); errors.Is(err, fs.ErrNotExist) {
			os.RemoveAll(r.staging)
		}
	}
	// A swap that failed before its journal was written moved nothing: the
	// safety backup protected nothing either.
	if r.safety != "" && (!r.swapped || errors.Is(*errp, folder.ErrSwapNotStarted)) {
		os.Remove(r.safety)
		if r.madeBackupsDir {
			os.Remove(r.l.Backups()) // only if empty
		}
	}
}

// dataSize is the size of what a safety backup copies: the database, its
// sidecars and the media.
func dataSize(l folder.Layout) (int64, error) {
	var n int64
	for _, p := range append([]string{l.DB()}, l.DBSidecars()...) {
		if st, err := os.Stat(p); err == nil {
			n += st.Size()
		}
	}
	_, media, err := l.MediaUsage()
	if err != nil {
		return 0, err
	}
	n += media
	return n, nil
}

func isDir(p string) bool {
	st, err := os.Lstat(p)
	return err == nil && st.IsDir()
}

func countFiles(dir string) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return fs.SkipDir
			}
			return err
		}
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read media folder %s: %w", dir, err)
	}
	return n, nil
}
