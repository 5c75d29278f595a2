package archive_test

// Benchmarks of the archive's hot paths, on made-up data small enough for
// `go test -run '^$' -bench . -benchtime 3x` (see bench/README.md). The
// whole-process numbers against cp and Info-ZIP come from make bench.

import (
	"archive/zip"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/progress"
	"mahall/bench/benchdata"
)

func nopBytes(int64) {}

// writeOne writes an archive holding the file at src under name to dst and
// closes it.
func writeOne(ctx context.Context, dst io.Writer, name, src string) error {
	w := archive.NewWriter(dst, archive.WriterOptions{})
	if _, err := w.Add(ctx, name, src, nopBytes); err != nil {
		return err
	}
	return w.Close(archive.Manifest{Format: archive.FormatName, Version: archive.FormatVersion, CreatedAt: time.Now().UTC()})
}

// entryMethod reports how name was compressed in an archive written once to
// a file, so a benchmark measures the path its name says.
func entryMethod(b *testing.B, name, src string) uint16 {
	b.Helper()
	p := filepath.Join(b.TempDir(), "probe.zip")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	if err := writeOne(context.Background(), f, name, src); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		b.Fatal(err)
	}
	defer zr.Close()
	for _, e := range zr.File {
		if e.Name == name {
			return e.Method
		}
	}
	b.Fatalf("%s not in the archive", name)
	return 0
}

// BenchmarkWriterAddStored is the media path: an 11 MB JPEG, hashed and
// stored. Written to io.Discard so the number is the writer's own cost
// (hashing, framing, copying), not the disk's.
func BenchmarkWriterAddStored(b *testing.B) {
	src := filepath.Join(b.TempDir(), "photo.jpg")
	n, err := benchdata.LargeJPEG(src, 4000, 3000, 1)
	if err != nil {
		b.Fatal(err)
	}
	const name = "media/members/photos/photo.jpg"
	if m := entryMethod(b, name, src); m != zip.Store {
		b.Fatalf("a JPEG was written with method %d, want Store", m)
	}
	ctx := context.Background()
	b.SetBytes(n)
	for b.Loop() {
		if err := writeOne(ctx, io.Discard, name, src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriterAddSmall is the photo path: 200 JPEGs of about 55 KB,
// each added from its file (Add) or from bytes already read (AddBytes, what
// the backup does for small files), to io.Discard.
func BenchmarkWriterAddSmall(b *testing.B) {
	dir := b.TempDir()
	var paths []string
	var data [][]byte
	var total int64
	for i := range 200 {
		p := filepath.Join(dir, strconv.Itoa(i)+".jpg")
		n, err := benchdata.JPEG(p, 320, 320, uint64(i))
		if err != nil {
			b.Fatal(err)
		}
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		paths, data, total = append(paths, p), append(data, body), total+n
	}
	ctx := context.Background()
	run := func(b *testing.B, add func(w *archive.Writer, i int) error) {
		b.SetBytes(total)
		for b.Loop() {
			w := archive.NewWriter(io.Discard, archive.WriterOptions{})
			for i := range paths {
				if err := add(w, i); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(archive.Manifest{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("Add", func(b *testing.B) {
		run(b, func(w *archive.Writer, i int) error {
			_, err := w.Add(ctx, "media/"+strconv.Itoa(i)+".jpg", paths[i], nopBytes)
			return err
		})
	})
	b.Run("AddBytes", func(b *testing.B) {
		run(b, func(w *archive.Writer, i int) error {
			_, err := w.AddBytes(ctx, "media/"+strconv.Itoa(i)+".jpg", data[i], time.Time{}, nil)
			return err
		})
	})
}

// BenchmarkWriterAddDeflated is the database path: a register-like SQLite
// file of about 11 MB, hashed and deflated.
func BenchmarkWriterAddDeflated(b *testing.B) {
	src := filepath.Join(b.TempDir(), "db.sqlite3")
	n, _, err := benchdata.Database(src, 60_000, nil, 1)
	if err != nil {
		b.Fatal(err)
	}
	if m := entryMethod(b, archive.DBName, src); m != zip.Deflate {
		b.Fatalf("the database was written with method %d, want Deflate", m)
	}
	ctx := context.Background()
	b.SetBytes(n)
	for b.Loop() {
		if err := writeOne(ctx, io.Discard, archive.DBName, src); err != nil {
			b.Fatal(err)
		}
	}
}

// benchArchive writes a mahall-backup/1 archive of a generated folder (a
// 20,000-member database and 300 photos, about 20 MB) and returns its path
// and the bytes it holds.
func benchArchive(b *testing.B) (string, int64) {
	b.Helper()
	dir := b.TempDir()
	folder, err := benchdata.MakeFolder(filepath.Join(dir, "data"), 20_000, 300, 1)
	if err != nil {
		b.Fatal(err)
	}
	p := filepath.Join(dir, "backup.zip")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	ctx := context.Background()
	w := archive.NewWriter(f, archive.WriterOptions{})
	db, err := w.Add(ctx, archive.DBName, filepath.Join(folder.Root, "db.sqlite3"), nopBytes)
	if err != nil {
		b.Fatal(err)
	}
	for _, ph := range folder.Photos {
		if _, err := w.Add(ctx, archive.MediaPrefix+ph, filepath.Join(folder.Root, "media", filepath.FromSlash(ph)), nopBytes); err != nil {
			b.Fatal(err)
		}
	}
	m := archive.Manifest{
		Format: archive.FormatName, Version: archive.FormatVersion, CreatedAt: time.Now().UTC(),
		ProgramVersion: "bench", SourceDir: folder.Root,
		Database: archive.DatabaseInfo{Size: db.Size, SHA256: db.SHA256, Tables: folder.Tables},
	}
	if err := w.Close(m); err != nil {
		b.Fatal(err)
	}
	if err := f.Sync(); err != nil {
		b.Fatal(err)
	}
	return p, folder.Bytes()
}

// BenchmarkExtract opens, validates and extracts a whole archive (hashing
// and syncing every file) into a fresh folder, as a restore's staging does.
func BenchmarkExtract(b *testing.B) {
	p, n := benchArchive(b)
	ctx := context.Background()
	out := b.TempDir()
	b.SetBytes(n)
	i := 0
	for b.Loop() {
		i++
		dst := filepath.Join(out, strconv.Itoa(i))
		a, err := archive.Open(p, archive.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		if err := a.Extract(ctx, dst, archive.ExtractOptions{}, progress.Nop); err != nil {
			b.Fatal(err)
		}
		a.Close()
		b.StopTimer()
		if err := os.RemoveAll(dst); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}

// BenchmarkVerify reads every entry to its end against the manifest.
func BenchmarkVerify(b *testing.B) {
	p, n := benchArchive(b)
	ctx := context.Background()
	b.SetBytes(n)
	for b.Loop() {
		a, err := archive.Open(p, archive.DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		if err := a.Verify(ctx, progress.Nop); err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}
