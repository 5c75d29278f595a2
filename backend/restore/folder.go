package restore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"mahall/backend/archive"
	"mahall/backend/folder"
	"mahall/backend/killpoint"
	"mahall/backend/progress"
)

// Filler writes a backup folder (db.sqlite3, media/..., manifest.json; see
// archive.VerifyFolder) into dir, an empty folder, reporting the bytes
// written so far out of total. A cloud copy's restore is one.
type Filler func(ctx context.Context, dir string, report func(done, total int64)) error

// RunFolder restores a backup that fill writes as a backup folder, with the
// same steps and guarantees as Run: the same checks of the data folder, the
// space check (for size bytes), the safety backup, and the journalled swap.
// The folder is checked as strictly as a ZIP before anything is swapped in:
// every file against the manifest's size and SHA-256, nothing unlisted, the
// database's integrity_check and register tables. name says where the
// backup comes from, in messages and in Result.Preview.Path.
func RunFolder(ctx context.Context, f *folder.Folder, name string, size int64, fill Filler, opt Options, report progress.Func) (res Result, err error) {
	if err := writable(f); err != nil {
		return Result{}, err
	}
	r := &run{f: f, l: f.Layout, path: name, opt: opt, report: progress.OrNop(report)}
	defer r.cleanup(&err)
	return r.do(ctx, func() (source, error) {
		return &folderSource{r: r, size: size, fill: fill}, nil
	})
}

type folderSource struct {
	r    *run
	size int64
	fill Filler
}

func (s *folderSource) Close() error     { return nil }
func (s *folderSource) keepsMedia() bool { return false }
func (s *folderSource) bytes() int64     { return s.size }

func (s *folderSource) stage(ctx context.Context, dir string, rep *merged) (Preview, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Preview{}, fmt.Errorf("create staging folder %s: %w", dir, err)
	}
	err := s.fill(ctx, dir, func(done, total int64) {
		rep.extract(progress.Update{BytesDone: done, BytesTotal: total, Current: s.r.path})
	})
	if err != nil {
		return Preview{}, err
	}
	m, err := archive.VerifyFolder(ctx, dir)
	if err != nil {
		return Preview{}, fmt.Errorf("%s: %w", s.r.path, err)
	}
	db := filepath.Join(dir, archive.DBName)
	if err := s.r.checkDatabase(ctx, db); err != nil {
		return Preview{}, err
	}
	killpoint.At("database checked")
	// The manifest has been checked; the swap puts only the database and
	// the media in place, and the staging folder goes with the rest.
	if err := os.Remove(filepath.Join(dir, archive.ManifestName)); err != nil {
		return Preview{}, fmt.Errorf("remove %s from staging: %w", archive.ManifestName, err)
	}
	t := m.CreatedAt
	p := Preview{Path: s.r.path, Size: s.size, Format: string(archive.LayoutV1), CreatedAt: &t,
		Version: m.ProgramVersion}
	have := make(map[string]bool, len(m.Files))
	for _, fi := range m.Files {
		if strings.HasPrefix(fi.Name, archive.MediaPrefix) {
			p.MediaFiles++
			p.MediaBytes += fi.Size
			have[fi.Name] = true
		}
	}
	return describe(ctx, p, s.r.path, db, have)
}
