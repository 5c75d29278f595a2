package backup_test

// A benchmark of a whole backup on a small made-up data folder, so a
// regression in the snapshot, hashing or archive path shows in
// `go test -run '^$' -bench . -benchtime 3x` (see bench/README.md).

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/backup"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/bench/benchdata"
)

// BenchmarkCreate backs up a 20,000-member database and 300 photos (about
// 20 MB): snapshot, hashing, archive, fsync and rename.
func BenchmarkCreate(b *testing.B) { benchCreate(b, 20_000, 300) }

// BenchmarkCreateManyPhotos is the per-file path that dominates a real
// register (thousands of photos of tens of kilobytes): 1,500 photos and a
// small database, about 85 MB.
func BenchmarkCreateManyPhotos(b *testing.B) { benchCreate(b, 2_000, 1_500) }

func benchCreate(b *testing.B, members, photos int) {
	dir := b.TempDir()
	data, err := benchdata.MakeFolder(filepath.Join(dir, "data"), members, photos, 1)
	if err != nil {
		b.Fatal(err)
	}
	dest := filepath.Join(dir, "backup.zip")
	ctx := context.Background()
	b.SetBytes(data.Bytes())
	for b.Loop() {
		f, err := folder.Open(ctx, data.Root, folder.Options{})
		if err != nil {
			b.Fatal(err)
		}
		res, err := backup.Create(ctx, f, dest, progress.Nop)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		if res.MediaFiles != len(data.Photos) {
			b.Fatalf("backup holds %d media files, want %d", res.MediaFiles, len(data.Photos))
		}
		b.StopTimer()
		if err := os.Remove(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
