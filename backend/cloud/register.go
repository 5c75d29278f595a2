package cloud

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"mahall/backend/archive"
	"mahall/backend/backup"
	"mahall/backend/durable"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/snapshot"
	"mahall/backend/version"
)

// This file joins a cloud copy to the data folder: what a cloud snapshot of
// the register is (BackupFolder) and how one is restored (RestoreFolder).

// MediaFilesCount is the key of Meta.Counts (and Snapshot.Counts) that holds
// the number of media files; the other keys are table names with row counts.
const MediaFilesCount = "media files"

// BackupFolder sends a cloud snapshot of the opened data folder f to the
// cloud copy connected in f's cloud folder (folder.Layout.Cloud). The
// snapshot is what a ZIP backup holds, laid out as files: the consistent
// database snapshot a backup takes (SQLite's online backup), the media, and
// the same manifest (time, program version, row counts, every file's size
// and SHA-256), so RestoreFolder checks it as strictly as a ZIP.
//
// The layout is built in a folder inside the data folder, the media as hard
// links (copies where the disk has none), and removed at the end; a run
// that is killed leaves it for the next folder.Open to remove. When the
// network is gone this fails with ErrUnreachable and leaves nothing
// half-made: the next run sends what is still missing.
func BackupFolder(ctx context.Context, f *folder.Folder, progress func(Progress)) (Snapshot, error) {
	l := f.Layout
	if _, err := os.Stat(l.DB()); err != nil {
		return Snapshot{}, fmt.Errorf("%w (%s)", backup.ErrNothingToBackUp, l.DB())
	}
	r, err := Open(ctx, l.Cloud())
	if err != nil {
		return Snapshot{}, err
	}
	defer r.Close(ctx) //nolint:errcheck // the snapshot is recorded or not before this
	return r.SnapshotFolder(ctx, f, progress)
}

// SnapshotFolder is BackupFolder on a repository the caller has open, so an
// automatic run can set the keep rules and tidy up in the same connection.
func (r *Repository) SnapshotFolder(ctx context.Context, f *folder.Folder, progress func(Progress)) (Snapshot, error) {
	l := f.Layout
	if _, err := os.Stat(l.DB()); err != nil {
		return Snapshot{}, fmt.Errorf("%w (%s)", backup.ErrNothingToBackUp, l.DB())
	}
	stage := l.CloudStaging()
	if err := os.Mkdir(stage, 0o700); err != nil {
		return Snapshot{}, fmt.Errorf("create %s: %w", stage, err)
	}
	defer os.RemoveAll(stage)
	m, err := layOut(ctx, l, stage)
	if err != nil {
		return Snapshot{}, err
	}
	counts := map[string]int64{}
	for k, v := range m.Database.Tables {
		counts[k] = v
	}
	counts[MediaFilesCount] = int64(len(m.Files) - 1)
	return r.Snapshot(ctx, stage, Meta{Version: m.ProgramVersion, Counts: counts}, progress)
}

// layOut writes the backup folder of l into stage and returns its manifest.
func layOut(ctx context.Context, l folder.Layout, stage string) (archive.Manifest, error) {
	db := filepath.Join(stage, archive.DBName)
	// A damaged register fails here: the ZIP backup keeps a raw copy of one
	// (with a warning), a cloud copy waits until it is repaired.
	if _, err := snapshot.CopyTemp(ctx, l.DB(), db, nil); err != nil {
		return archive.Manifest{}, fmt.Errorf("snapshot the database: %w", err)
	}
	tables, err := countRows(ctx, db)
	if err != nil {
		return archive.Manifest{}, err
	}
	if err := linkTree(ctx, l.Media(), filepath.Join(stage, folder.MediaName)); err != nil {
		return archive.Manifest{}, err
	}
	return archive.WriteFolderManifest(ctx, stage, archive.Manifest{
		ProgramVersion: version.Version,
		SourceDir:      l.Root,
		Database:       archive.DatabaseInfo{Tables: tables},
	})
}

func countRows(ctx context.Context, db string) (map[string]int64, error) {
	d, err := register.Open(db)
	if err != nil {
		return nil, fmt.Errorf("read the database snapshot: %w", err)
	}
	defer d.Close()
	tables, err := register.Counts(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("count rows of the database snapshot: %w", err)
	}
	return tables, nil
}

// linkTree mirrors the regular files under src into dst as hard links, or
// copies where links cannot be made. A missing src gives an empty dst. Links
// are safe here: kopia only reads them, and the app replaces a photo by
// writing a new file, which leaves the linked old one as it was.
func linkTree(ctx context.Context, src, dst string) error {
	if err := os.MkdirAll(dst, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == src {
				return fs.SkipDir
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o700)
		case !d.Type().IsRegular():
			return nil // a link or device in the media folder: a ZIP backup leaves it out too
		}
		if os.Link(p, to) == nil {
			return nil
		}
		return durable.CopyNew(ctx, p, to)
	})
	if err != nil {
		return fmt.Errorf("gather the media folder %s: %w", src, err)
	}
	return nil
}

// RestoreFolder restores cloud snapshot id (the newest when id is "") from
// the cloud copy r into the opened data folder f, through the same checks,
// safety backup and journalled swap as a ZIP restore (restore.RunFolder).
// It returns what was restored.
func RestoreFolder(ctx context.Context, f *folder.Folder, r *Repository, id string, opt restore.Options, report progress.Func) (restore.Result, Snapshot, error) {
	snaps, err := r.List(ctx)
	if err != nil {
		return restore.Result{}, Snapshot{}, err
	}
	var snap Snapshot
	for _, s := range snaps {
		if id == "" || s.ID == id {
			snap = s
			break
		}
	}
	if snap.ID == "" {
		if id == "" {
			return restore.Result{}, Snapshot{}, fmt.Errorf("%w (the cloud copy has no snapshots yet)", ErrNoSnapshot)
		}
		return restore.Result{}, Snapshot{}, fmt.Errorf("%w (%s)", ErrNoSnapshot, id)
	}
	name := "cloud snapshot " + snap.ID
	fill := func(ctx context.Context, dir string, rep func(done, total int64)) error {
		return r.Restore(ctx, snap.ID, dir, func(p Progress) { rep(p.Bytes, p.TotalBytes) })
	}
	res, err := restore.RunFolder(ctx, f, name, snap.Size, fill, opt, report)
	return res, snap, err
}
