package archive_test

// Benchmarks behind the choices made in this package (Deflate level,
// hashing beside writing, how extraction syncs). The whole-archive
// benchmarks are in bench_test.go.

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	kflate "github.com/klauspost/compress/flate"

	"mahall/backend/archive"
)

// BenchmarkDeflateLevels is how the Writer's Deflate level was chosen: the
// speed (MB/s) and the compressed size (% of the input) of a register-like
// database at each level of klauspost/compress, against the standard
// library's fastest and default levels.
func BenchmarkDeflateLevels(b *testing.B) {
	db := fakeDB(8 << 20)
	if real := os.Getenv("MAHALL_BENCH_DB"); real != "" { // a real-shaped SQLite file, if you have one
		var err error
		if db, err = os.ReadFile(real); err != nil {
			b.Fatal(err)
		}
	}
	run := func(b *testing.B, newW func(*bytes.Buffer) interface {
		Write([]byte) (int, error)
		Close() error
	}) {
		var out bytes.Buffer
		b.SetBytes(int64(len(db)))
		for b.Loop() {
			out.Reset()
			w := newW(&out)
			w.Write(db)
			w.Close()
		}
		b.ReportMetric(100*float64(out.Len())/float64(len(db)), "%size")
	}
	for _, lv := range []int{1, 2, 3, 4, 5, 6} {
		b.Run(fmt.Sprintf("klauspost-%d", lv), func(b *testing.B) {
			run(b, func(out *bytes.Buffer) interface {
				Write([]byte) (int, error)
				Close() error
			} {
				w, _ := kflate.NewWriter(out, lv)
				return w
			})
		})
	}
	for _, lv := range []int{1, 6} {
		b.Run(fmt.Sprintf("stdlib-%d", lv), func(b *testing.B) {
			run(b, func(out *bytes.Buffer) interface {
				Write([]byte) (int, error)
				Close() error
			} {
				w, _ := flate.NewWriter(out, lv)
				return w
			})
		})
	}
}

// benchFolder is a small data folder: a register-like database and photos
// (random bytes stored as .jpg, which is what JPEG data looks like to zip).
func benchFolder(b *testing.B, photos, photoSize int) (string, map[string][]byte) {
	dir := b.TempDir()
	r := rand.New(rand.NewSource(1))
	files := map[string][]byte{"db.sqlite3": fakeDB(4 << 20)}
	for i := range photos {
		body := make([]byte, photoSize)
		r.Read(body)
		files[fmt.Sprintf("media/members/photos/%d.jpg", 1001+i)] = body
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o700)
		if err := os.WriteFile(p, body, 0o600); err != nil {
			b.Fatal(err)
		}
	}
	return dir, files
}

func totalSize(files map[string][]byte) (n int64) {
	for _, b := range files {
		n += int64(len(b))
	}
	return n
}

// BenchmarkWriterOverlap compares the Writer with hashing overlapped with
// compression and writing (4 chunks in flight) against no overlap (1), at
// two chunk sizes. cpu-ms/op is the process's CPU time, which stays
// meaningful on a busy machine where wall time is noise.
func BenchmarkWriterOverlap(b *testing.B) {
	src, files := benchFolder(b, 64, 200<<10)
	for _, c := range []struct{ bufs, chunk int }{{4, 256 << 10}, {1, 256 << 10}, {4, 1 << 20}, {1, 1 << 20}} {
		b.Run(fmt.Sprintf("%dx%dKiB", c.bufs, c.chunk>>10), func(b *testing.B) {
			opt := archive.WriterOptions{Buffers: c.bufs, Chunk: c.chunk}
			dst := filepath.Join(b.TempDir(), "b.zip")
			b.SetBytes(totalSize(files))
			cpu0 := cpuTime()
			for b.Loop() {
				writeBackupWith(b, src, files, dst, opt)
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// BenchmarkExtractSync compares one syncfs at the end with an fsync per file.
func BenchmarkExtractSync(b *testing.B) {
	src, files := benchFolder(b, 200, 50<<10)
	zipPath := filepath.Join(b.TempDir(), "b.zip")
	writeBackup(b, src, files, zipPath)
	a, err := archive.Open(zipPath, archive.DefaultLimits)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	for _, each := range []bool{false, true} {
		b.Run(fmt.Sprintf("fsync-each-%v", each), func(b *testing.B) {
			opt := archive.ExtractOptions{}
			if each {
				opt.Sync = archive.SyncEachFile
			}
			b.SetBytes(totalSize(files))
			dir := b.TempDir()
			i := 0
			for b.Loop() {
				i++
				if err := a.Extract(context.Background(), filepath.Join(dir, fmt.Sprint(i)), opt, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
