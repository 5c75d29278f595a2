package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"
)

// sample is one timed run of one whole process.
type sample struct {
	Wall    time.Duration
	CPU     time.Duration // user + system, the process and every child it waited for
	MaxRSS  int64         // bytes, the largest of the process and its children
	Written int64         // bytes the process tree caused to be written to storage
	Output  int64         // size of what the run produced (archive, copy), set by the tool's Check
	// Latency is a time measured inside the run, set by the tool's Check
	// for an operation that judges one (the slowest answer of the app
	// during a background backup), not the run's wall time.
	Latency time.Duration
	Detail  string // what the run said about its Latency, for the goal's explanation
	Stdout  string
}

// tool is one way of doing an operation: ours or a baseline.
type tool struct {
	Name    string
	Ours    bool
	MaxRuns int // 0: every round; else only the first MaxRuns rounds (a slow baseline far from its goal)
	// Versus is the tool this one's ratio in the table is taken against;
	// nil: the operation's first tool (ours).
	Versus *tool
	// Argv is the command of run r (0-based). Every run of a tool that
	// writes must write under a name no run used before: a file written
	// under a name just deleted reuses its disk blocks and is several times
	// faster to sync than a new file, and a real backup always writes a new,
	// dated name (issue 17).
	Argv    func(r int) []string
	Before  func(r int) error            // untimed, before each run
	Check   func(r int, s *sample) error // untimed: is the result right? may set Output
	After   func(r int) error            // untimed, after each run
	Samples []sample
}

// commandTimeout bounds one run so a hang fails the benchmark instead of
// stalling it.
const commandTimeout = 15 * time.Minute

// measure runs argv once as a child process and returns what it cost. Wall
// time covers start to exit; CPU and peak memory come from the kernel's
// rusage for the child, which on Linux folds in the grandchildren it waited
// for (the cp, zip and sync under a baseline's sh -c).
func measure(ctx context.Context, argv []string) (sample, error) {
	ctx, cancel := context.WithTimeout(ctx, commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &limited{buf: &stdout, max: 1 << 20}
	cmd.Stderr = &limited{buf: &stderr, max: 64 << 10}
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = strings.TrimSpace(stdout.String())
		}
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.Canceled) {
			return sample{}, fmt.Errorf("%s: timed out after %s", shellQuote(argv), commandTimeout)
		}
		return sample{}, fmt.Errorf("%s: %w\n%s", shellQuote(argv), err, msg)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("no rusage for child process (Linux only)")
	}
	return sample{
		Wall:    wall,
		CPU:     time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		MaxRSS:  ru.Maxrss * 1024, // kilobytes on Linux
		Written: ru.Oublock * 512,
		Stdout:  stdout.String(),
	}, nil
}

// limited keeps at most max bytes, so a chatty child cannot fill memory and
// skew the harness.
type limited struct {
	buf *bytes.Buffer
	max int
}

func (l *limited) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// settle makes each run start from the same state: the previous run's dirty
// pages written out (so nobody pays for someone else's writeback) and, in
// cold mode, the page cache empty.
func settle(cold bool) error {
	syscall.Sync()
	if !cold {
		return nil
	}
	if err := os.WriteFile("/proc/sys/vm/drop_caches", []byte("3\n"), 0); err != nil {
		return fmt.Errorf("drop caches (cold mode needs root): %w", err)
	}
	return nil
}

// runRounds runs every tool runs times, alternating ours with the baselines
// in each round so that drift in the machine's load hits all of them alike.
func runRounds(ctx context.Context, label string, tools []*tool, runs int, cold bool) error {
	for r := range runs {
		for _, t := range tools {
			if err := ctx.Err(); err != nil {
				return err
			}
			if t.MaxRuns > 0 && r >= t.MaxRuns {
				continue
			}
			if t.Before != nil {
				if err := t.Before(r); err != nil {
					return fmt.Errorf("%s, %s, before run %d: %w", label, t.Name, r+1, err)
				}
			}
			if err := settle(cold); err != nil {
				return err
			}
			s, err := measure(ctx, t.Argv(r))
			if err != nil {
				return fmt.Errorf("%s, %s, run %d: %w", label, t.Name, r+1, err)
			}
			if t.Check != nil {
				if err := t.Check(r, &s); err != nil {
					return fmt.Errorf("%s, %s, run %d: wrong result: %w", label, t.Name, r+1, err)
				}
			}
			if t.After != nil {
				if err := t.After(r); err != nil {
					return fmt.Errorf("%s, %s, after run %d: %w", label, t.Name, r+1, err)
				}
			}
			s.Stdout = ""
			t.Samples = append(t.Samples, s)
			logf("  %-10s run %d/%d  %-26s wall %7.2fs  cpu %7.2fs  rss %6.1f MB",
				label, r+1, runs, t.Name, s.Wall.Seconds(), s.CPU.Seconds(), mb(s.MaxRSS))
		}
	}
	return nil
}

func medianDur(ss []sample, f func(sample) time.Duration) time.Duration {
	v := make([]time.Duration, len(ss))
	for i, s := range ss {
		v[i] = f(s)
	}
	slices.Sort(v)
	n := len(v)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func (t *tool) wall() time.Duration {
	return medianDur(t.Samples, func(s sample) time.Duration { return s.Wall })
}

// best is the fastest run: the machine is shared, so the fastest run is the
// one least disturbed by other work, and the goals compare tools by it.
func (t *tool) best() time.Duration {
	lo, _ := t.wallRange()
	return lo
}

// bestSample is the fastest run itself, for its CPU time and writes.
func (t *tool) bestSample() sample {
	var b sample
	for i, s := range t.Samples {
		if i == 0 || s.Wall < b.Wall {
			b = s
		}
	}
	return b
}

func (t *tool) cpu() time.Duration {
	return medianDur(t.Samples, func(s sample) time.Duration { return s.CPU })
}

func (t *tool) wallRange() (lo, hi time.Duration) {
	for i, s := range t.Samples {
		if i == 0 || s.Wall < lo {
			lo = s.Wall
		}
		if s.Wall > hi {
			hi = s.Wall
		}
	}
	return lo, hi
}

// slowestLatency is the run with the largest Latency.
func (t *tool) slowestLatency() sample {
	var m sample
	for _, s := range t.Samples {
		if s.Latency > m.Latency {
			m = s
		}
	}
	return m
}

// peakRSS is the largest of all runs: a memory goal is about the worst case.
func (t *tool) peakRSS() int64 {
	var m int64
	for _, s := range t.Samples {
		m = max(m, s.MaxRSS)
	}
	return m
}

func (t *tool) written() int64 {
	v := make([]int64, len(t.Samples))
	for i, s := range t.Samples {
		v[i] = s.Written
	}
	slices.Sort(v)
	if len(v) == 0 {
		return 0
	}
	return v[len(v)/2]
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func shellQuote(argv []string) string {
	q := make([]string, len(argv))
	for i, a := range argv {
		if a != "" && !strings.ContainsAny(a, " \t\n'\"\\$`*?;&|<>()[]{}!#~") {
			q[i] = a
		} else {
			q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(q, " ")
}
