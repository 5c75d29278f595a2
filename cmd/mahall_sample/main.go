// Command mahall_sample writes a synthetic Mahall data folder (db.sqlite3
// and media/ with real JPEG and PNG photos) for tests, benchmarks and demos.
//
//	mahall_sample [--out DIR] [--members N] [--size 100MB] [--seed N] [--photo-fraction F]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"mahall/backend/progress"
	"mahall/internal/sampledata"
)

// errUsage marks errors in the command line (exit 2).
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := generate(ctx, args, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "mahall_sample:", strings.TrimPrefix(err.Error(), "usage: "))
		fmt.Fprintln(stderr, "Run 'mahall_sample --help' for usage.")
		return 2
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "mahall_sample: interrupted")
		return 130
	default:
		fmt.Fprintln(stderr, "mahall_sample:", err)
		return 1
	}
}

func usageErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, a...))
}

func generate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	def := sampledata.DefaultOptions()
	fs := flag.NewFlagSet("mahall_sample", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "sample-data", "data folder to write (db.sqlite3 and media/)")
	members := fs.Int("members", def.Members, "number of members")
	size := fs.String("size", formatSize(def.PhotoBytes), "total size of the photos, like 100MB or 1GB")
	seed := fs.Int64("seed", def.Seed, "seed; the same seed and flags give the same files")
	fraction := fs.Float64("photo-fraction", def.PhotoFraction, "share of members with a photo, 0 to 1")
	missing := fs.Int("missing-photos", 0, "members whose photo file is left out on purpose")
	force := fs.Bool("force", false, "replace the database of a folder that already has one (other files in media/ stay)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: mahall_sample [--out DIR] [--members N] [--size 100MB] [--seed N] [--photo-fraction F] [--force]")
		fmt.Fprintln(stderr, "\nWrites a made-up Mahall register with real JPEG and PNG member photos.")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return usageErr("unexpected argument %q", fs.Arg(0))
	}
	photoBytes, err := parseSize(*size)
	if err != nil {
		return usageErr("--size: %v", err)
	}
	opt := sampledata.Options{Seed: *seed, Members: *members, PhotoBytes: photoBytes,
		PhotoFraction: *fraction, MissingPhotos: *missing}
	if *members < 0 {
		return usageErr("--members must not be negative")
	}
	if !(*fraction >= 0 && *fraction <= 1) {
		return usageErr("--photo-fraction must be between 0 and 1")
	}

	dbPath := filepath.Join(*out, "db.sqlite3")
	if _, err := os.Lstat(dbPath); err == nil {
		if !*force {
			return fmt.Errorf("%s already holds a database; use --force to replace it", *out)
		}
		// The generator rebuilds the database and rewrites every photo it
		// names; a stale journal beside the old file would corrupt the new.
		for _, p := range []string{dbPath, dbPath + "-journal", dbPath + "-wal", dbPath + "-shm"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("remove %s: %w", p, err)
			}
		}
	}

	start := time.Now()
	last := time.Time{}
	opt.Progress = func(u progress.Update) {
		if time.Since(last) < 2*time.Second && u.Phase == sampledata.PhasePhotos && u.FilesDone < u.FilesTotal {
			return
		}
		last = time.Now()
		if u.Phase == sampledata.PhasePhotos {
			fmt.Fprintf(stderr, "photos: %d/%d, %s\n", u.FilesDone, u.FilesTotal, formatSize(u.BytesDone))
		} else {
			fmt.Fprintf(stderr, "%s: writing %s\n", u.Phase, u.Current)
		}
	}
	sum, err := sampledata.Generate(ctx, *out, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s: %d members, %d houses, %d areas, %d obligations, %d receipts; %d photos (%d JPEG, %d PNG, %d missing) %s; database %s; in %s\n",
		*out, sum.Members, sum.Houses, sum.Areas, sum.Obligations, sum.Receipts, sum.Photos, sum.JPEGs, sum.PNGs,
		sum.MissingPhotos, formatSize(sum.PhotoBytes), formatSize(sum.DBBytes), time.Since(start).Round(time.Millisecond))
	return nil
}

var units = []struct {
	suffix string
	size   int64
}{
	{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10},
	{"T", 1 << 40}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10},
	{"B", 1},
}

// parseSize reads "100MB", "1.5GB", "512k" or plain bytes (binary units:
// 1MB is 1024*1024 bytes).
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if strings.HasSuffix(t, "IB") { // "MiB" reads as "MB"
		t = strings.TrimSuffix(t, "IB") + "B"
	}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.size
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || v*float64(mult) > 1<<50 {
		return 0, fmt.Errorf("%q is not a size (try 100MB or 1GB)", s)
	}
	return int64(v * float64(mult)), nil
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2fGB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1fMB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1fKB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%dB", n)
}
