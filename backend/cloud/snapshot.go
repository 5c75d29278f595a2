package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kopia/kopia/fs/localfs"
	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/manifest"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/policy"
	"github.com/kopia/kopia/snapshot/restore"
	"github.com/kopia/kopia/snapshot/snapshotfs"
	"github.com/kopia/kopia/snapshot/upload"
)

// Tag names on our kopia snapshots (kopia's CLI shows them with --tags).
const (
	tagVersion = "tag:mahall-version"
	tagCounts  = "tag:mahall-counts"
)

// Meta is what a snapshot is tagged with, so List can show it without
// downloading anything: the program version and the register's counts
// (rows per table, photos), as in the snapshot's manifest.json.
type Meta struct {
	Version string
	Counts  map[string]int64
}

// Snapshot is one complete cloud snapshot.
type Snapshot struct {
	ID      string
	Time    time.Time // when it was taken (UTC)
	Version string
	Counts  map[string]int64
	Files   int64
	Size    int64 // bytes of the files in it, before deduplication and compression
}

// Progress is reported while a snapshot is taken or restored.
type Progress struct {
	Bytes      int64 // bytes read (snapshot) or written (restore) so far
	TotalBytes int64 // estimate; 0 while unknown
	Uploaded   int64 // bytes sent to the storage (snapshot only)
}

// Snapshot sends the folder src (db.sqlite3, media/..., manifest.json, as a
// restore expects; db.sqlite3 a consistent copy the caller made) to the cloud
// copy. Only data the cloud copy does not hold yet is sent. progress may be
// nil; it is called from several goroutines, one call at a time.
//
// The snapshot is listed only once everything it refers to is stored: if the
// run stops half-way (the network drops, the program is killed), List never
// shows a partial one, and the next run sends only what is still missing.
func (r *Repository) Snapshot(ctx context.Context, src string, meta Meta, progress func(Progress)) (Snapshot, error) {
	for _, name := range []string{"db.sqlite3", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(src, name)); err != nil {
			return Snapshot{}, fmt.Errorf("the folder to send is not a complete backup (no %s): %w", name, err)
		}
	}
	dir, err := localfs.Directory(src)
	if err != nil {
		return Snapshot{}, fmt.Errorf("read %s: %w", src, err)
	}
	counts, err := json.Marshal(meta.Counts)
	if err != nil {
		return Snapshot{}, err
	}

	var (
		man     *snapshot.Manifest
		session = repo.WriteSessionOptions{Purpose: "mahall-snapshot"}
		prog    *uploadProgress
	)
	if progress != nil {
		prog = &uploadProgress{report: progress}
		// Called as each piece is handed to the storage: the bytes really
		// sent, compressed and encrypted, not the files' sizes.
		session.OnUpload = prog.UploadedBytes
	}
	err = repo.WriteSession(ctx, r.rep, session, func(ctx context.Context, w repo.RepositoryWriter) error {
		previous, err := snapshot.FindPreviousManifests(ctx, w, source, nil)
		if err != nil {
			return fmt.Errorf("find the previous snapshots: %w", err)
		}
		tree, err := policy.TreeForSource(ctx, w, source)
		if err != nil {
			return fmt.Errorf("read the cloud copy's policy: %w", err)
		}
		u := upload.NewUploader(w)
		u.FailFast = true // a photo that cannot be read makes the snapshot fail, not silently lack it
		if prog != nil {
			u.Progress = prog
		}
		man, err = u.Upload(ctx, dir, tree, source, previous...)
		if err != nil {
			return fmt.Errorf("send the files: %w", err)
		}
		if man.IncompleteReason != "" {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			// A storage write that failed in the background stops the
			// uploader without an error; the flush brings out the cause
			// (the server gone, the keys revoked).
			if err := w.Flush(ctx); err != nil {
				return fmt.Errorf("the snapshot stopped before the end: %w", err)
			}
			return fmt.Errorf("the snapshot stopped before the end (%s)", man.IncompleteReason)
		}
		if man.Stats.ErrorCount > 0 {
			return fmt.Errorf("%d files could not be read", man.Stats.ErrorCount)
		}
		man.Description = "Mahall register"
		man.Tags = map[string]string{tagVersion: meta.Version, tagCounts: string(counts)}
		if _, err := snapshot.SaveSnapshot(ctx, w, man); err != nil {
			return fmt.Errorf("record the snapshot: %w", err)
		}
		if _, err := policy.ApplyRetentionPolicy(ctx, w, source, true); err != nil {
			return fmt.Errorf("apply the keep rules: %w", err)
		}
		return nil
	})
	if err != nil {
		return Snapshot{}, classify("make a cloud snapshot", err)
	}
	return fromManifest(man), nil
}

// List returns the complete snapshots, newest first. kopia's checkpoints of
// an interrupted run are never listed.
func (r *Repository) List(ctx context.Context) ([]Snapshot, error) {
	mans, err := snapshot.ListSnapshots(ctx, r.rep, source)
	if err != nil {
		return nil, classify("list the cloud snapshots", err)
	}
	var out []Snapshot
	for _, m := range mans {
		if m.IncompleteReason != "" || m.RootEntry == nil {
			continue
		}
		out = append(out, fromManifest(m))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Time.After(out[j].Time) })
	return out, nil
}

func fromManifest(m *snapshot.Manifest) Snapshot {
	s := Snapshot{
		ID:      string(m.ID),
		Time:    m.StartTime.ToTime().UTC(),
		Version: m.Tags[tagVersion],
		Files:   int64(m.Stats.TotalFileCount),
		Size:    m.Stats.TotalFileSize,
	}
	if sum := m.RootEntry.DirSummary; sum != nil {
		s.Files, s.Size = sum.TotalFileCount, sum.TotalFileSize
	}
	if c := m.Tags[tagCounts]; c != "" {
		json.Unmarshal([]byte(c), &s.Counts) //nolint:errcheck // counts are for display; a bad tag shows none
	}
	return s
}

// ErrNoSnapshot means the ID names no complete snapshot of ours.
var ErrNoSnapshot = errors.New("that cloud snapshot does not exist (it may have been removed by the keep rules)")

// Restore writes snapshot id into dst, which must be missing or empty: a
// staging folder the caller then checks (manifest, checksums, database) and
// swaps in as for any restore. Each file is written under a temporary name
// and renamed, so a file under its own name is always complete. kopia checks
// every piece it downloads against its authenticated encryption. On an
// error dst may hold part of the snapshot: the caller discards it. progress
// may be nil; it is called one call at a time.
func (r *Repository) Restore(ctx context.Context, id string, dst string, progress func(Progress)) error {
	man, err := loadManifest(ctx, r, id)
	if err != nil {
		return err
	}
	if man.Source != source || man.IncompleteReason != "" || man.RootEntry == nil {
		return fmt.Errorf("%w (%s is not a complete register snapshot)", ErrNoSnapshot, id)
	}
	if entries, err := os.ReadDir(dst); err == nil && len(entries) > 0 {
		return fmt.Errorf("restore a cloud snapshot into %s: the folder is not empty", dst)
	}
	root, err := snapshotfs.SnapshotRoot(r.rep, man)
	if err != nil {
		return classify("read cloud snapshot "+id, err)
	}
	out := &restore.FilesystemOutput{
		TargetPath:           dst,
		OverwriteDirectories: true, // dst may exist, empty
		WriteFilesAtomically: true,
		SkipOwners:           true, // another computer's user IDs mean nothing here
	}
	if err := out.Init(ctx); err != nil {
		return fmt.Errorf("prepare %s: %w", dst, err)
	}
	cancel := make(chan struct{})
	stop := context.AfterFunc(ctx, func() { close(cancel) })
	defer stop()
	// RestoreDirEntryAtDepth: kopia's zero value would write placeholders
	// (".kopia-entry") instead of the files below the top folder.
	opts := restore.Options{Parallel: 4, Cancel: cancel, RestoreDirEntryAtDepth: math.MaxInt32}
	if progress != nil {
		var mu sync.Mutex // kopia reports from its parallel workers
		opts.ProgressCallback = func(_ context.Context, st restore.Stats) {
			mu.Lock()
			defer mu.Unlock()
			progress(Progress{Bytes: st.RestoredTotalFileSize, TotalBytes: st.EnqueuedTotalFileSize})
		}
	}
	if _, err := restore.Entry(ctx, r.rep, out, root, opts); err != nil {
		return classify("restore cloud snapshot "+id, err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("restore cloud snapshot %s: %w", id, err)
	}
	return nil
}

// uploadProgress turns kopia's upload events into Progress calls.
type uploadProgress struct {
	upload.NullUploadProgress
	report                 func(Progress)
	mu                     sync.Mutex
	bytes, total, uploaded atomic.Int64
}

func (p *uploadProgress) Enabled() bool { return true }

func (p *uploadProgress) send() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.report(Progress{Bytes: p.bytes.Load(), TotalBytes: p.total.Load(), Uploaded: p.uploaded.Load()})
}

func (p *uploadProgress) HashedBytes(n int64)                { p.bytes.Add(n); p.send() }
func (p *uploadProgress) CachedFile(_ string, n int64)       { p.bytes.Add(n); p.send() }
func (p *uploadProgress) UploadedBytes(n int64)              { p.uploaded.Add(n); p.send() }
func (p *uploadProgress) EstimatedDataSize(_ int64, n int64) { p.total.Store(n); p.send() }

func loadManifest(ctx context.Context, r *Repository, id string) (*snapshot.Manifest, error) {
	man, err := snapshot.LoadSnapshot(ctx, r.rep, manifest.ID(id))
	if errors.Is(err, snapshot.ErrSnapshotNotFound) {
		return nil, fmt.Errorf("%w (%s)", ErrNoSnapshot, id)
	}
	if err != nil {
		return nil, classify("read cloud snapshot "+id, err)
	}
	return man, nil
}
