package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// profileSummary is where ours spent its time on one operation.
type profileSummary struct {
	Op      string
	Text    string // the saved summary, bench/profiles/<op>-<set>.txt
	File    string // relative to the repo
	TopCPU  []string
	Phases  []string // wall time per progress phase, from benchprof
	Elapsed string
}

// profileMisses runs ours once more in-process (bench/cmd/benchprof, which
// calls the backend directly) under the CPU and allocation profilers, for
// every operation with a missed goal (or all of them), and saves the
// `go tool pprof -top` summaries in bench/profiles/.
func profileMisses(ctx context.Context, c config, r *datasetResult, goals []goal) error {
	if c.profile == "none" {
		return nil
	}
	// Summaries of an earlier run would be read as this run's.
	profDir := filepath.Join(c.repo, "bench", "profiles")
	old, _ := filepath.Glob(filepath.Join(profDir, "*-"+r.d.Name+".*"))
	for _, p := range old {
		if strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".prof") {
			os.Remove(p)
		}
	}
	want := map[string]bool{}
	for _, g := range goals {
		if g.Set != r.d.Name {
			continue
		}
		if c.profile == "all" || !g.Pass {
			want[g.Op] = true
		}
	}
	if len(want) == 0 {
		return nil
	}
	bin := filepath.Join(c.dir, "bin", "benchprof")
	if err := goBuild(ctx, c.repo, "./bench/cmd/benchprof", bin); err != nil {
		return err
	}
	if err := os.MkdirAll(profDir, 0o755); err != nil {
		return err
	}
	work := workDir(c, &r.d)
	ref := filepath.Join(work, "ref.zip")
	for _, op := range []string{"backup", "restore", "verify", "inspect"} {
		if !want[op] || r.op(op) == nil {
			continue
		}
		base := filepath.Join(profDir, op+"-"+r.d.Name)
		argv := []string{bin, "-op", op, "-archive", ref, "-cpuprofile", base + ".cpu.prof", "-allocprofile", base + ".alloc.prof", "-heapprofile", base + ".heap.prof"}
		var cleanup func()
		switch op {
		case "backup":
			out := fresh(work, "profile-backup", 0) + ".zip"
			argv = append(argv, "-data", r.d.Dir, "-out", out)
			cleanup = func() { os.Remove(out) }
		case "restore":
			// restoreOp left its target holding the dataset again.
			target := filepath.Join(work, "restore", "data")
			argv = append(argv, "-data", target)
			cleanup = func() { os.RemoveAll(filepath.Join(target, "backups")) }
		}
		if err := settle(c.cold); err != nil {
			return err
		}
		logf("profiling %s on %s", op, r.d.Name)
		s, err := measure(ctx, argv)
		if cleanup != nil {
			cleanup()
		}
		if err != nil {
			return fmt.Errorf("profile %s: %w", op, err)
		}
		cpuTop, err := pprofTop(ctx, base+".cpu.prof", "-top", "-nodecount=35")
		if err != nil {
			return err
		}
		allocTop, err := pprofTop(ctx, base+".alloc.prof", "-sample_index=alloc_space", "-top", "-nodecount=15")
		if err != nil {
			return err
		}
		heapTop, err := pprofTop(ctx, base+".heap.prof", "-sample_index=inuse_space", "-top", "-nodecount=15")
		if err != nil {
			return err
		}
		header := fmt.Sprintf("# %s of dataset %s under the profiler: wall %.2fs, CPU %.2fs, peak RSS %.1f MB\n# %s\n",
			op, r.d.Name, s.Wall.Seconds(), s.CPU.Seconds(), mb(s.MaxRSS), shellQuote(argv))
		var phases []string
		for _, l := range strings.Split(s.Stdout, "\n") {
			if strings.HasPrefix(l, "phase ") {
				phases = append(phases, l)
			}
		}
		text := header + "\n## Wall time by phase (from progress updates)\n" + strings.Join(phases, "\n") + "\n" +
			"\n## CPU (go tool pprof -top)\n" + cpuTop + "\n## Live heap at its peak (go tool pprof -sample_index=inuse_space -top)\n" + heapTop +
			"\n## Allocations (go tool pprof -sample_index=alloc_space -top)\n" + allocTop
		if err := os.WriteFile(base+".txt", []byte(text), 0o644); err != nil {
			return err
		}
		rel, _ := filepath.Rel(c.repo, base+".txt")
		r.profiles = append(r.profiles, profileSummary{
			Op: op, File: rel, Text: text, TopCPU: topLines(cpuTop, 14), Phases: phases,
			Elapsed: fmt.Sprintf("wall %.2fs, CPU %.2fs", s.Wall.Seconds(), s.CPU.Seconds()),
		})
	}
	return nil
}

func pprofTop(ctx context.Context, prof string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, goTool(), append(append([]string{"tool", "pprof"}, args...), prof)...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("go tool pprof %s: %w\n%s", prof, err, b)
	}
	return string(b), nil
}

// topLines keeps the header and the first n rows of a pprof -top listing.
func topLines(top string, n int) []string {
	var out []string
	rows := 0
	inRows := false
	for _, l := range strings.Split(top, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "flat ") {
			inRows = true
			out = append(out, l)
			continue
		}
		if !inRows {
			if strings.HasPrefix(l, "Duration:") || strings.HasPrefix(l, "Showing nodes") {
				out = append(out, l)
			}
			continue
		}
		if strings.TrimSpace(l) == "" || rows >= n {
			break
		}
		out = append(out, l)
		rows++
	}
	return out
}
