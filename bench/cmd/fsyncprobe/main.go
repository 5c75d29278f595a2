//go:build linux

// Command fsyncprobe measures, on this machine's disk, what it costs to get
// a freshly written file of backup size durably onto the disk by each of the
// ways a backup could end (issue 17): fsync, fdatasync, syncfs, the
// write-behind backup.Create uses (sync_file_range every 8 MB), and
// preallocation with fallocate. Every run writes a new name, so no run
// reuses the blocks of a file just deleted; one more variant does exactly
// that, to show the trap the old benchmarks fell into.
//
//	go run ./bench/cmd/fsyncprobe -dir /var/tmp/mahall-bench/fsync -mb 1024 -runs 3
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"time"

	"golang.org/x/sys/unix"
)

const chunk = 1 << 20

type variant struct {
	name string
	// prealloc: fallocate the whole size first; behind: sync_file_range
	// every 8 MB as backup's writeBehind does; end: how the file is made
	// durable at the end; reuse: write over the name of a file just deleted.
	prealloc, behind, reuse bool
	end                     string // fsync, fdatasync, syncfs
}

var variants = []variant{
	{name: "write, fsync", end: "fsync"},
	{name: "write, fdatasync", end: "fdatasync"},
	{name: "write, syncfs", end: "syncfs"},
	{name: "write-behind 8 MB, fsync", behind: true, end: "fsync"},
	{name: "write-behind 8 MB, fdatasync", behind: true, end: "fdatasync"},
	{name: "fallocate, write, fdatasync", prealloc: true, end: "fdatasync"},
	{name: "fallocate, write-behind, fdatasync", prealloc: true, behind: true, end: "fdatasync"},
	{name: "name just deleted (the trap), fsync", reuse: true, end: "fsync"},
}

func main() {
	dir := flag.String("dir", "/var/tmp/mahall-bench/fsync", "scratch folder on the disk to measure")
	size := flag.Int("mb", 1024, "file size in MB")
	runs := flag.Int("runs", 3, "rounds; each variant once per round")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fail(err)
	}
	buf := make([]byte, chunk)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	times := make([][]time.Duration, len(variants))
	for round := range *runs {
		for i, v := range variants {
			name := filepath.Join(*dir, fmt.Sprintf("probe-%d-%d-%d", time.Now().UnixNano(), round, i))
			if v.reuse {
				// A file of the same size, written and synced, then deleted:
				// the next file under its name finds its blocks free.
				if err := write(name, int64(*size)*chunk, buf, variant{end: "fsync"}); err != nil {
					fail(err)
				}
				os.Remove(name)
			}
			unix.Sync()
			start := time.Now()
			if err := write(name, int64(*size)*chunk, buf, v); err != nil {
				fail(err)
			}
			d := time.Since(start)
			times[i] = append(times[i], d)
			os.Remove(name)
			unix.Sync()
			fmt.Fprintf(os.Stderr, "round %d  %-38s %6.2fs\n", round+1, v.name, d.Seconds())
		}
	}
	fmt.Printf("%d MB to a new file, %d rounds, load %s\n", *size, *runs, load())
	fmt.Printf("%-38s %9s %9s %9s\n", "variant", "fastest s", "median s", "MB/s")
	for i, v := range variants {
		t := slices.Clone(times[i])
		slices.Sort(t)
		fmt.Printf("%-38s %9.2f %9.2f %9.0f\n", v.name, t[0].Seconds(), t[len(t)/2].Seconds(), float64(*size)/t[0].Seconds())
	}
}

func write(name string, size int64, buf []byte, v variant) error {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	fd := int(f.Fd())
	if v.prealloc {
		if err := unix.Fallocate(fd, 0, 0, size); err != nil {
			return fmt.Errorf("fallocate: %w", err)
		}
	}
	var off, started, prev int64
	for off < size {
		n, err := f.Write(buf)
		if err != nil {
			return err
		}
		off += int64(n)
		if v.behind && off-started >= 8<<20 {
			unix.SyncFileRange(fd, started, off-started, unix.SYNC_FILE_RANGE_WRITE)
			if started > prev {
				unix.SyncFileRange(fd, prev, started-prev,
					unix.SYNC_FILE_RANGE_WAIT_BEFORE|unix.SYNC_FILE_RANGE_WRITE|unix.SYNC_FILE_RANGE_WAIT_AFTER)
			}
			prev, started = started, off
		}
	}
	switch v.end {
	case "fsync":
		return f.Sync()
	case "fdatasync":
		return unix.Fdatasync(fd)
	case "syncfs":
		return unix.Syncfs(fd)
	}
	return fmt.Errorf("unknown end %q", v.end)
}

func load() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return string(b[:min(len(b), 14)])
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "fsyncprobe:", err)
	os.Exit(1)
}
