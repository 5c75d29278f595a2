package restore

// Benchmarks of a whole restore, verify and inspect, so a regression shows
// in `go test -run '^$' -bench . -benchtime 3x ./backend/restore` (see
// bench/README.md). The whole-process numbers against cp and unzip come from
// make bench.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/bench/benchdata"
)

// benchBackup makes a data folder (a 20,000-member database and 300 photos,
// about 20 MB) and a backup of it.
func benchBackup(b *testing.B) (benchdata.Folder, string) {
	b.Helper()
	dir := b.TempDir()
	data, err := benchdata.MakeFolder(filepath.Join(dir, "data"), 20_000, 300, 1)
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(dir, "backup.zip")
	if _, err := backupOf(context.Background(), folder.Layout{Root: data.Root}, path); err != nil {
		b.Fatal(err)
	}
	return data, path
}

// BenchmarkRun restores the backup over a data folder that holds the same
// data, so every run validates, extracts, makes a safety backup of the
// current data and swaps: all of a restore.
func BenchmarkRun(b *testing.B) {
	data, path := benchBackup(b)
	target := filepath.Join(b.TempDir(), "data")
	if err := os.CopyFS(target, os.DirFS(data.Root)); err != nil {
		b.Fatal(err)
	}
	l := folder.Layout{Root: target}
	ctx := context.Background()
	b.SetBytes(data.Bytes())
	for b.Loop() {
		res, err := restoreInto(ctx, l, path, Options{}, progress.Nop)
		if err != nil {
			b.Fatal(err)
		}
		if res.SafetyBackup == "" {
			b.Fatal("no safety backup was made of the data it replaced")
		}
		b.StopTimer()
		if err := os.RemoveAll(l.Backups()); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkRunSmall is a whole restore of a small register (the tests'
// makeData) over existing data: the fixed costs of a restore.
func BenchmarkRunSmall(b *testing.B) {
	archivePath := makeBackup(b, 2)
	work := b.TempDir()
	i := 0
	for b.Loop() {
		b.StopTimer()
		i++
		l := makeData(b, filepath.Join(work, fmt.Sprint(i), "Mahali"), 1)
		b.StartTimer()
		if _, err := restoreInto(context.Background(), l, archivePath, Options{}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify checks the whole backup: every entry against the
// manifest, and the database's integrity.
func BenchmarkVerify(b *testing.B) {
	data, path := benchBackup(b)
	ctx := context.Background()
	b.SetBytes(data.Bytes())
	for b.Loop() {
		if _, err := Verify(ctx, path, progress.Nop); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInspect reads the manifest and the database, never the media;
// its time should not grow with the photos.
func BenchmarkInspect(b *testing.B) {
	data, path := benchBackup(b)
	ctx := context.Background()
	for b.Loop() {
		p, err := Inspect(ctx, path)
		if err != nil {
			b.Fatal(err)
		}
		if p.MediaFiles != len(data.Photos) {
			b.Fatalf("inspect counts %d media files, want %d", p.MediaFiles, len(data.Photos))
		}
	}
}

// BenchmarkInspectSmall inspects a small register's backup (the tests'
// makeBackup).
func BenchmarkInspectSmall(b *testing.B) {
	archivePath := makeBackup(b, 2)
	for b.Loop() {
		if _, err := Inspect(context.Background(), archivePath); err != nil {
			b.Fatal(err)
		}
	}
}
