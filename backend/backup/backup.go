// Package backup makes a backup: a snapshot of the database and the media
// folder, written as a mahall-backup/1 archive to a temporary file that is
// synced and then renamed into place.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"mahall/backend/archive"
	"mahall/backend/durable"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/snapshot"
	"mahall/backend/version"
)

// Result describes a finished backup.
type Result struct {
	Path       string           `json:"path"`
	Size       int64            `json:"size"`
	CreatedAt  time.Time        `json:"createdAt"`
	Tables     map[string]int64 `json:"tables"`
	MediaFiles int              `json:"mediaFiles"`
	MediaBytes int64            `json:"mediaBytes"`
	Warnings   []string         `json:"warnings"` // e.g. photos members reference that are missing
}

// Sentinel errors callers branch on.
var (
	// ErrNothingToBackUp: the data folder has no database.
	ErrNothingToBackUp = errors.New("nothing to back up")
	// ErrBadDestination: dest is a place a backup must not be written to
	// (inside the media folder, over the database, a folder that does not
	// exist).
	ErrBadDestination = errors.New("cannot write the backup there")
)

// useWriteBehind is off only to measure what it gains.
var useWriteBehind = true

// maxPhotoWarnings bounds how many missing photos are named one by one; a
// register whose photos were all lost still gets a short, readable list.
const maxPhotoWarnings = 50

// DefaultName is mahall_backup_YYYY-MM-DD.zip for t (local date), the name
// people know from the old program.
func DefaultName(t time.Time) string { return "mahall_backup_" + t.Format("2006-01-02") + ".zip" }

// Create writes a backup of the opened data folder f to dest. An empty dest
// means DATA/backups/<DefaultName> (with -2, -3 … added if taken); a dest
// that is an existing folder means DefaultName inside it (also with -2, -3 …
// added if taken); any other dest is the file to write, replaced if it
// exists. f is open, so no restore is half way through and none can start.
// Cancel leaves no file behind.
func Create(ctx context.Context, f *folder.Folder, dest string, report progress.Func) (res Result, err error) {
	l := f.Layout
	report = progress.OrNop(report)
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	createdAt := time.Now()
	dbPath := l.DB()
	if st, err := os.Stat(dbPath); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return Result{}, fmt.Errorf("no database at %s: %w", dbPath, ErrNothingToBackUp)
		}
		return Result{}, fmt.Errorf("read %s: %w", dbPath, err)
	} else if !st.Mode().IsRegular() {
		return Result{}, fmt.Errorf("database %s is not a regular file", dbPath)
	}
	final, err := resolveDest(l, dest, createdAt)
	if err != nil {
		return Result{}, err
	}
	dir := filepath.Dir(final)

	// Everything below may fail half way; these are undone on the way out.
	tmp, err := os.CreateTemp(dir, folder.TempPattern(final))
	if err != nil {
		return Result{}, fmt.Errorf("create a temporary file in %s: %w", dir, err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// The snapshot goes beside the live database, not beside the archive:
	// the same local disk as its source, never a slow or removable
	// destination, and never a stray file in the user's chosen folder.
	snapPath := l.SnapshotPath()
	defer snapshot.Remove(snapPath)

	// Listing the media folder needs only the file system's metadata, so it
	// runs while the snapshot reads the database.
	walkCtx, stopWalk := context.WithCancel(ctx)
	defer stopWalk()
	walked := make(chan mediaList, 1)
	go func() { walked <- walkMedia(walkCtx, l.Media()) }()
	waitWalk := func() mediaList { stopWalk(); return <-walked }

	report(progress.Update{Phase: progress.PhaseScan, Current: folder.MediaName})
	err = snapshot.CopyTemp(ctx, dbPath, snapPath, func(done, total int64) {
		report(progress.Update{Phase: progress.PhaseSnapshot, BytesDone: done, BytesTotal: total, FilesTotal: 1, Current: folder.DBName})
	})
	if err != nil {
		waitWalk()
		return Result{}, fmt.Errorf("snapshot the database: %w", err)
	}
	media := <-walked
	if media.err != nil {
		return Result{}, media.err
	}
	snapInfo, err := os.Stat(snapPath)
	if err != nil {
		return Result{}, fmt.Errorf("read %s: %w", snapPath, err)
	}

	// Counting rows and looking for missing photos reads the snapshot and
	// stats files; it runs on the other core while the archive is written.
	// It must end before the snapshot is removed (the deferred call below
	// runs before the one above that removes it).
	descCtx, stopDesc := context.WithCancel(ctx)
	described := make(chan description, 1)
	go func() { described <- describe(descCtx, snapPath, l.Media()) }()
	var desc *description
	waitDescribe := func() description {
		if desc == nil {
			d := <-described
			desc = &d
		}
		return *desc
	}
	defer func() { stopDesc(); waitDescribe() }()

	// Archive: the database first, then the media in walk order.
	var out io.Writer = tmp
	if useWriteBehind {
		out = &writeBehind{f: tmp}
	}
	w := archive.NewWriter(out)
	defer w.Abort()
	// planned is the listing's total, corrected as files turn out to have
	// changed since; the bar never shows more than 100 %.
	planned := snapInfo.Size() + media.bytes
	up := progress.Update{
		Phase:      progress.PhaseArchive,
		BytesTotal: planned,
		FilesTotal: 1 + len(media.files),
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	report(up)
	add := func(name, path string) (archive.FileInfo, error) {
		base := up.BytesDone
		up.Current = name
		fi, err := w.Add(ctx, name, path, func(n int64) {
			up.BytesDone = base + n
			up.BytesTotal = max(planned, up.BytesDone)
			report(up)
		})
		if err != nil {
			return fi, err
		}
		up.FilesDone++
		return fi, nil
	}
	dbInfo, err := add(archive.DBName, snapPath)
	if err != nil {
		return Result{}, addErr(ctx, archive.DBName, err)
	}
	res = Result{CreatedAt: createdAt.UTC(), Warnings: append([]string{}, media.warnings...)}
	// The media are read ahead on another goroutine while this one hashes
	// and the archive's goroutine writes.
	free := make(chan []byte, prefetchDepth)
	for range prefetchDepth {
		free <- nil
	}
	fetchCtx, stopFetch := context.WithCancel(ctx)
	fetchedc := make(chan fetched, prefetchDepth)
	go prefetch(fetchCtx, media.files, free, fetchedc)
	defer func() {
		stopFetch()
		for range fetchedc {
		}
	}()
	for it := range fetchedc {
		m := it.m
		before := up.BytesDone
		up.Current = m.name
		fi, err := addFetched(ctx, w, it, free, func(n int64) {
			up.BytesDone = before + n
			up.BytesTotal = max(planned, up.BytesDone)
			report(up)
		})
		if err == nil {
			up.FilesDone++
		}
		if errors.Is(err, fs.ErrNotExist) && ctx.Err() == nil {
			// Deleted since the listing (a photo replaced in the app):
			// the backup holds the folder as it was when read.
			res.Warnings = append(res.Warnings, fmt.Sprintf("%s was removed during the backup and is not in it", m.name))
			planned -= m.size
			up.BytesTotal = max(planned, up.BytesDone)
			up.FilesTotal--
			continue
		}
		if err != nil {
			return Result{}, addErr(ctx, m.name, err)
		}
		planned += fi.Size - m.size
		up.BytesDone = before + fi.Size
		up.BytesTotal = max(planned, up.BytesDone)
		res.MediaFiles++
		res.MediaBytes += fi.Size
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	d := waitDescribe()
	if d.err != nil {
		return Result{}, d.err
	}
	res.Tables = d.tables
	res.Warnings = append(res.Warnings, d.warnings...)
	m := archive.Manifest{
		CreatedAt:      res.CreatedAt,
		ProgramVersion: version.Version,
		SourceDir:      l.Root,
		Database:       archive.DatabaseInfo{Size: dbInfo.Size, SHA256: dbInfo.SHA256, Tables: d.tables},
	}
	if err := w.Close(m); err != nil {
		return Result{}, fmt.Errorf("write %s: %w", final, err)
	}

	// One sync for the whole archive, then the rename makes it visible
	// under its final name only once it is entirely on disk.
	report(progress.Update{Phase: progress.PhaseSync, BytesDone: up.BytesTotal, BytesTotal: up.BytesTotal,
		FilesDone: up.FilesDone, FilesTotal: up.FilesTotal, Current: filepath.Base(final)})
	if err := tmp.Sync(); err != nil {
		return Result{}, fmt.Errorf("write %s: %w", final, err)
	}
	if err := tmp.Close(); err != nil {
		return Result{}, fmt.Errorf("write %s: %w", final, err)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return Result{}, fmt.Errorf("rename %s to %s: %w", tmp.Name(), final, err)
	}
	renamed = true
	if err := durable.SyncDir(dir); err != nil {
		return Result{}, err
	}
	st, err := os.Stat(final)
	if err != nil {
		return Result{}, fmt.Errorf("read %s: %w", final, err)
	}
	res.Path, res.Size = final, st.Size()
	report(progress.Update{Phase: progress.PhaseDone, BytesDone: up.BytesTotal, BytesTotal: up.BytesTotal,
		FilesDone: up.FilesDone, FilesTotal: up.FilesTotal, Current: final})
	return res, nil
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
	warnings []string // member photos missing from the media folder
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
	missing, err := register.MissingPhotos(ctx, db, mediaDir)
	if err != nil {
		return description{err: fmt.Errorf("check member photos: %w", err)}
	}
	var warnings []string
	for i, p := range missing {
		if i == maxPhotoWarnings {
			warnings = append(warnings, fmt.Sprintf("%d more member photos are missing from the media folder, so this backup cannot hold them", len(missing)-i))
			break
		}
		warnings = append(warnings, fmt.Sprintf("The photo %s of a member is missing from the media folder, so this backup cannot hold it", p))
	}
	return description{tables: tables, warnings: warnings}
}

// resolveDest turns the caller's dest into the archive's final path and
// refuses places a backup must not go.
func resolveDest(l folder.Layout, dest string, now time.Time) (string, error) {
	var final string
	switch {
	case dest == "":
		if err := os.MkdirAll(l.Backups(), 0o700); err != nil {
			return "", fmt.Errorf("create backups folder %s: %w", l.Backups(), err)
		}
		final = UnusedName(l.Backups(), DefaultName(now))
	default:
		abs, err := filepath.Abs(dest)
		if err != nil {
			return "", fmt.Errorf("backup destination %s: %w", dest, err)
		}
		st, err := os.Stat(abs)
		switch {
		case err == nil && st.IsDir():
			final = UnusedName(abs, DefaultName(now))
		case err == nil || errors.Is(err, fs.ErrNotExist):
			final = abs
		default:
			return "", fmt.Errorf("backup destination %s: %w", abs, err)
		}
	}

	dir := filepath.Dir(final)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return "", fmt.Errorf("backup destination %s: folder %s does not exist: %w", final, dir, ErrBadDestination)
	}
	if st, err := os.Lstat(final); err == nil && !st.Mode().IsRegular() {
		return "", fmt.Errorf("backup destination %s exists and is not a regular file: %w", final, ErrBadDestination)
	}
	// Compare real paths, so a symlink or a different spelling of the
	// same folder does not slip past.
	realDir := realPath(dir)
	realRoot := realPath(l.Root)
	if within(realDir, realPath(l.Media())) {
		return "", fmt.Errorf("backup destination %s is inside the media folder %s, which the backup reads: %w", final, l.Media(), ErrBadDestination)
	}
	if sameDir(realDir, realRoot) {
		if folder.Own(filepath.Base(final)) {
			return "", fmt.Errorf("backup destination %s would overwrite the data folder's own file: %w", final, ErrBadDestination)
		}
	}
	return final, nil
}

// UnusedName is name in dir, or name with -2, -3 … before its extension when
// that is taken. Restore names its safety backups with it too.
func UnusedName(dir, name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	p := filepath.Join(dir, name)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = filepath.Join(dir, stem+"-"+strconv.Itoa(i)+ext)
	}
}

// realPath resolves symlinks in as much of p as exists.
func realPath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(realPath(parent), filepath.Base(p))
}

func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// within reports whether dir is root or below it.
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return false
	}
	return rel == "." || filepath.IsLocal(rel)
}
