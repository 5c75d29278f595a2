// Command benchprof runs one backend operation in-process under the CPU
// profiler and writes an allocation profile, so benchrun can show where the
// CLI's time goes on a missed goal (the CLI itself has no profiling flag).
//
//	benchprof -op backup  -data DIR -out ZIP      -cpuprofile F -allocprofile F
//	benchprof -op restore -data DIR -archive ZIP  ...
//	benchprof -op verify|inspect    -archive ZIP  ...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/metrics"
	"runtime/pprof"
	"syscall"
	"time"

	"mahall/backend/backup"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/restore"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchprof:", err)
		os.Exit(1)
	}
}

func run() error {
	op := flag.String("op", "", "backup, restore, verify or inspect")
	data := flag.String("data", "", "data folder (backup: the source; restore: the target)")
	archive := flag.String("archive", "", "backup archive (restore, verify, inspect)")
	out := flag.String("out", "", "archive to write (backup)")
	cpuProf := flag.String("cpuprofile", "", "write a CPU profile here")
	allocProf := flag.String("allocprofile", "", "write an allocation profile here")
	heapProf := flag.String("heapprofile", "", "write the heap profile at the largest live heap seen here")
	// The backup as shipped. A piece of speed code to judge (issue 9) gets a
	// switch in backup.Options and a flag here, and a row in benchrun's
	// speedCode.
	var bo backup.Options
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var ph phases
	var do func() error
	switch *op {
	case "backup":
		do = func() error {
			f, err := folder.Open(ctx, *data, folder.Options{})
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = bo.Create(ctx, f, *out, ph.report)
			return err
		}
	case "restore":
		do = func() error {
			f, err := folder.Open(ctx, *data, folder.Options{Create: true})
			if err != nil {
				return err
			}
			defer f.Close()
			_, err = restore.Run(ctx, f, *archive, restore.Options{}, ph.report)
			return err
		}
	case "verify":
		do = func() error {
			_, err := restore.Verify(ctx, *archive, ph.report)
			return err
		}
	case "inspect":
		do = func() error {
			_, err := restore.Inspect(ctx, *archive)
			return err
		}
	default:
		return fmt.Errorf("-op: want backup, restore, verify or inspect, not %q", *op)
	}

	if *cpuProf != "" {
		f, err := os.Create(*cpuProf)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	if *heapProf != "" {
		stopWatch := watchPeakHeap(*heapProf)
		defer stopWatch()
	}
	start := time.Now()
	ph.start = start
	err := do()
	elapsed := time.Since(start)
	ph.end(start.Add(elapsed))
	if *cpuProf != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return fmt.Errorf("%s: %w", *op, err)
	}
	if *allocProf != "" {
		f, err := os.Create(*allocProf)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	fmt.Printf("%s done in %.2fs\n", *op, elapsed.Seconds())
	for _, p := range ph.spans {
		fmt.Printf("phase %-9s %6.2fs  %5.1f%%\n", p.name, p.d.Seconds(), 100*p.d.Seconds()/elapsed.Seconds())
	}
	return nil
}

// watchPeakHeap writes a heap profile each time the live heap grows past
// its largest size so far, so the profile left is the one nearest the peak:
// an end-of-run heap profile would miss what the peak memory was made of.
func watchPeakHeap(path string) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		var peak uint64
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			live := sample[0].Value.Uint64()
			if live <= peak+peak/20 {
				continue
			}
			peak = live
			f, err := os.Create(path + ".tmp")
			if err != nil {
				continue
			}
			err = pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); err == nil && cerr == nil {
				os.Rename(path+".tmp", path)
			}
		}
	}()
	return func() { close(done); <-finished }
}

// phases times the operation's phases from its progress updates: a CPU
// profile cannot show time spent waiting for the disk, the phases can.
type phases struct {
	start time.Time
	cur   string
	since time.Time
	spans []span
}

type span struct {
	name string
	d    time.Duration
}

func (p *phases) report(u progress.Update) {
	if u.Phase == p.cur {
		return
	}
	now := time.Now()
	p.close(now)
	p.cur, p.since = u.Phase, now
}

func (p *phases) close(now time.Time) {
	if p.cur == "" {
		if !p.start.IsZero() && now.Sub(p.start) > time.Millisecond {
			p.spans = append(p.spans, span{"(start)", now.Sub(p.start)})
		}
		return
	}
	p.spans = append(p.spans, span{p.cur, now.Sub(p.since)})
}

func (p *phases) end(now time.Time) {
	p.close(now)
	p.cur = ""
}
