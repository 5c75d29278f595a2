// Package sampledata writes realistic synthetic Mahall data folders: a register
// database on the field program's real schema (register.CreateEmpty), made-up families, dues and receipts, and
// real JPEG and PNG member photos. Tests, benchmarks and demos use it; the
// same seed and options always give byte-identical files.
package sampledata

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"mahall/backend/progress"
)

// Phases reported through Options.Progress.
const (
	PhasePhotos   = "photos"
	PhaseDatabase = "database"
)

// DefaultPhotoSize is the average photo size used when Options.PhotoBytes
// is zero: about what a phone photo cropped for a register weighs.
const DefaultPhotoSize = 60 << 10

// ErrExists is returned when the folder already holds a db.sqlite3.
var ErrExists = errors.New("folder already holds a database")

// Options say what to generate.
type Options struct {
	Seed          int64   // same seed and options, same bytes
	Members       int     // exact number of society_member rows
	PhotoBytes    int64   // target total size of the photo files; 0: DefaultPhotoSize each
	PhotoFraction float64 // share of members with a photo, 0 to 1
	MissingPhotos int     // photo members whose file is deliberately not written
	Workers       int     // photo encoders; 0: up to 2 (the machine is shared)
	Progress      progress.Func
}

// DefaultOptions is a small register (about the S benchmark size).
func DefaultOptions() Options {
	return Options{Seed: 1, Members: 2000, PhotoBytes: 100 << 20, PhotoFraction: 0.8}
}

// Summary says what was written.
type Summary struct {
	Dir            string
	Areas, Houses  int
	Members        int
	Collections    int
	Subcollections int
	Obligations    int
	Receipts       int
	Todos          int
	Photos         int   // photo files written
	JPEGs, PNGs    int   // of them
	PhotoBytes     int64 // their total size
	MissingPhotos  int   // referenced by members, deliberately absent
	DBBytes        int64
}

func (o Options) validate() error {
	switch {
	case o.Members < 0:
		return fmt.Errorf("members must not be negative (got %d)", o.Members)
	case o.PhotoBytes < 0:
		return fmt.Errorf("photo size must not be negative (got %d)", o.PhotoBytes)
	case math.IsNaN(o.PhotoFraction) || o.PhotoFraction < 0 || o.PhotoFraction > 1:
		return fmt.Errorf("photo fraction must be between 0 and 1 (got %v)", o.PhotoFraction)
	case o.MissingPhotos < 0:
		return fmt.Errorf("missing photos must not be negative (got %d)", o.MissingPhotos)
	}
	if n := int(o.PhotoFraction*float64(o.Members) + 0.5); o.MissingPhotos > n {
		return fmt.Errorf("%d missing photos asked for, but only %d members have a photo", o.MissingPhotos, n)
	}
	return nil
}

// Fixed times for file modification stamps, so archives of the sample are
// reproducible too.
var (
	photoEpoch = time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC)
	dbStamp    = today
)

// Generate writes a sample data folder at dir: db.sqlite3 and
// media/members/photos/. It refuses a folder that already has a
// db.sqlite3 (ErrExists). The database is built under a temporary name and
// renamed last, so an interrupted run leaves no database behind, only
// photos that a rerun overwrites with the same bytes.
func Generate(ctx context.Context, dir string, opt Options) (Summary, error) {
	if err := opt.validate(); err != nil {
		return Summary{}, err
	}
	report := progress.OrNop(opt.Progress)
	sum := Summary{Dir: dir}
	dbPath := filepath.Join(dir, "db.sqlite3")
	if _, err := os.Lstat(dbPath); err == nil {
		return sum, fmt.Errorf("generate sample in %s: %w", dir, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return sum, fmt.Errorf("generate sample in %s: %w", dir, err)
	}
	photoDir := filepath.Join(dir, "media", "members", "photos")
	if err := os.MkdirAll(photoDir, 0o755); err != nil {
		return sum, fmt.Errorf("create %s: %w", photoDir, err)
	}

	r := rand.New(rand.NewPCG(uint64(opt.Seed), 0x6d6168616c6c))
	p := makePlan(r, opt)
	assignPhotos(r, p, opt)
	sum.Areas, sum.Houses, sum.Members = len(p.areas), len(p.houses), len(p.members)

	if err := writePhotos(ctx, r.Uint64(), photoDir, p, opt, &sum, report); err != nil {
		return sum, err
	}
	if err := writeDB(ctx, r, dbPath, p, &sum, report); err != nil {
		return sum, err
	}
	// The folders' own stamps last: writing into them changed them.
	for _, d := range []string{photoDir, filepath.Dir(photoDir), filepath.Join(dir, "media")} {
		if err := os.Chtimes(d, photoEpoch, photoEpoch); err != nil {
			return sum, fmt.Errorf("set time of %s: %w", d, err)
		}
	}
	return sum, nil
}

// model predicts a format's encoded size from its pixel count; fitted on
// two calibration images, corrected as real photos come out.
type model struct {
	base, perPixel   float64
	predicted, taken float64
}

func (m *model) pixelsFor(bytes float64) float64 {
	if m.taken > 0 {
		bytes *= m.predicted / m.taken
	}
	return (bytes - m.base) / m.perPixel
}

func calibrate(c *canvas, seed uint64, png bool) (model, error) {
	sizes := [2][2]int{{64, 80}, {256, 320}}
	var b [2]float64
	for i, wh := range sizes {
		out, err := c.render(photoSpec{file: "calibration", png: png, w: wh[0], h: wh[1], seed: seed + uint64(i), female: i == 1})
		if err != nil {
			return model{}, err
		}
		b[i] = float64(len(out))
	}
	px0, px1 := float64(sizes[0][0]*sizes[0][1]), float64(sizes[1][0]*sizes[1][1])
	per := max((b[1]-b[0])/(px1-px0), 0.01)
	return model{base: max(b[0]-per*px0, 0), perPixel: per}, nil
}

// Bounds on photo dimensions: a thumbnail at least, and no bigger than a
// phone camera's full frame, which also bounds each worker's memory.
const (
	minSide   = 24
	maxPixels = 12_000_000
	batchSize = 32 // photos sized together; fixed so output never depends on Workers
)

var aspects = [][2]float64{{4, 5}, {4, 5}, {3, 4}, {1, 1}, {3, 4}}

// writePhotos encodes and writes every photo that is not meant to be
// missing, sizing each batch so the total lands near opt.PhotoBytes.
func writePhotos(ctx context.Context, seed uint64, dir string, p *plan, opt Options, sum *Summary, report progress.Func) error {
	var specs []photoSpec
	for _, m := range p.members {
		if m.photo == "" {
			continue
		}
		if m.photoMissing {
			sum.MissingPhotos++
			continue
		}
		name := filepath.Base(m.photo)
		ext := filepath.Ext(name)
		specs = append(specs, photoSpec{
			index:  len(specs),
			file:   name,
			png:    strings.EqualFold(ext, ".png"),
			female: m.female,
			seed:   seed ^ uint64(m.id)*0x9e3779b97f4a7c15,
		})
	}
	if len(specs) == 0 {
		return nil
	}
	target := opt.PhotoBytes
	if target == 0 {
		target = int64(len(specs)) * DefaultPhotoSize
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = min(2, runtime.GOMAXPROCS(0))
	}
	canvases := make([]canvas, workers)
	var models [2]model // [jpeg, png]
	for i, isPNG := range []bool{false, true} {
		m, err := calibrate(&canvases[0], seed+uint64(i)*7919, isPNG)
		if err != nil {
			return err
		}
		models[i] = m
	}

	jitter := rng(seed ^ 0xa5a5a5a5)
	var written int64
	for start := 0; start < len(specs); start += batchSize {
		if err := ctx.Err(); err != nil {
			return err
		}
		batch := specs[start:min(start+batchSize, len(specs))]
		per := float64(target-written) / float64(len(specs)-start)
		per = max(per, 1)
		predicted := make([]float64, len(batch))
		for i := range batch {
			s := &batch[i]
			f := 0.6 + float64(jitter.intn(81))/100 // 0.6 to 1.4 of the average
			a := aspects[jitter.intn(len(aspects))]
			if s.png {
				a = [2]float64{1, 1}
			}
			m := &models[0]
			if s.png {
				m = &models[1]
			}
			px := min(max(m.pixelsFor(per*f), minSide*minSide), maxPixels)
			s.w = max(int(math.Sqrt(px*a[0]/a[1])), minSide)
			s.h = max(int(float64(s.w)*a[1]/a[0]), minSide)
			predicted[i] = m.base + m.perPixel*float64(s.w*s.h)
		}

		sizes, err := encodeBatch(ctx, dir, batch, canvases)
		if err != nil {
			return err
		}
		for i, s := range batch {
			m := &models[0]
			if s.png {
				m = &models[1]
				sum.PNGs++
			} else {
				sum.JPEGs++
			}
			m.predicted += predicted[i]
			m.taken += float64(sizes[i])
			written += sizes[i]
		}
		sum.Photos += len(batch)
		sum.PhotoBytes = written
		report(progress.Update{Phase: PhasePhotos, BytesDone: written, BytesTotal: target,
			FilesDone: sum.Photos, FilesTotal: len(specs), Current: batch[len(batch)-1].file})
	}
	return nil
}

// encodeBatch renders and writes a batch with one goroutine per canvas and
// returns each file's size.
func encodeBatch(ctx context.Context, dir string, batch []photoSpec, canvases []canvas) ([]int64, error) {
	sizes := make([]int64, len(batch))
	errs := make([]error, len(batch))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range canvases {
		wg.Add(1)
		go func(c *canvas) {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					errs[i] = ctx.Err()
					continue
				}
				sizes[i], errs[i] = writePhoto(c, dir, batch[i])
			}
		}(&canvases[w])
	}
	for i := range batch {
		next <- i // a cancelled worker drains the rest at once
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return sizes, errors.Join(errs...)
}

func writePhoto(c *canvas, dir string, s photoSpec) (int64, error) {
	data, err := c.render(s)
	if err != nil {
		return 0, err
	}
	p := filepath.Join(dir, s.file)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return 0, fmt.Errorf("write photo %s: %w", p, err)
	}
	at := photoEpoch.Add(time.Duration(s.index) * 37 * time.Minute)
	if err := os.Chtimes(p, at, at); err != nil {
		return 0, fmt.Errorf("set time of %s: %w", p, err)
	}
	return int64(len(data)), nil
}
