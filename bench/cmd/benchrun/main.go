// Command benchrun times mahall_backup_restore against what a user would
// otherwise do (cp -r, Info-ZIP, unzip) on generated data folders, each
// operation as a whole process, alternating ours with the baselines, and
// writes the medians, ratios and goals to bench/RESULTS.md. See
// bench/README.md.
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// bg is the run's context, cancelled by Ctrl-C; helpers that have no other
// context use it.
var bg = context.Background()

func logf(format string, a ...any) {
	fmt.Fprintf(os.Stderr, time.Now().Format("15:04:05")+" "+format+"\n", a...)
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	bg = ctx
	err := run(ctx, os.Args[1:])
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchrun:", err)
		os.Exit(1)
	}
}

// allOps are the operations -ops can name, in the order they run.
var allOps = []string{"backup", "restore", "verify", "inspect", "auto", "encrypt", "cloud"}

type config struct {
	dir, repo, out string
	data           string // an existing data folder to use instead of generated ones
	sizes, ops     []string
	runs           int
	smoke, cold    bool
	noPeers        bool
	keep           bool
	profile        string
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("benchrun", flag.ContinueOnError)
	dir := os.Getenv("BENCH_DIR")
	if dir == "" {
		dir = "/var/tmp/mahall-bench"
	}
	fs.StringVar(&c.dir, "dir", dir, "cache of generated data, binaries and scratch space (outside the repo; $BENCH_DIR)")
	fs.StringVar(&c.repo, "repo", ".", "the repository to build from")
	fs.StringVar(&c.out, "out", "", "write the results as Markdown to this file (make bench: bench/RESULTS.md)")
	fs.StringVar(&c.data, "data", "", "time this existing data folder (copied, never written) instead of generated ones")
	sizes := fs.String("sizes", "S,M,L", "datasets to run: S (~100 MB), M (~1 GB, 20,000 members), L (~5 GB, 80,000 members)")
	ops := fs.String("ops", strings.Join(allOps, ","), "operations to time: backup, restore, verify, inspect, auto (issue 12's unchanged check and\n"+
		"click during a background backup), encrypt (issue 13's encrypted backup and preview), cloud (issue 14's\n"+
		"incremental cloud copy on a local S3 server; not on L)")
	fs.IntVar(&c.runs, "runs", 0, "rounds per dataset (0: 3 for S and M, 2 for L)")
	fs.BoolVar(&c.smoke, "smoke", false, "CI smoke test: check every operation works, judge no goal")
	fs.BoolVar(&c.cold, "cold", false, "drop the page cache before every run (needs root; default: warm cache)")
	fs.BoolVar(&c.noPeers, "no-peers", false, "leave out restic and borg (quicker; their goals are not judged)")
	fs.BoolVar(&c.keep, "keep", false, "keep the scratch folder (archives, restore target) afterwards")
	fs.StringVar(&c.profile, "profile", "missed", "CPU and allocation profiles of ours on the largest dataset: missed (operations with a missed goal), all, none")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	for _, s := range strings.Split(*sizes, ",") {
		s = strings.ToUpper(strings.TrimSpace(s))
		if _, ok := presets[s]; !ok {
			return c, fmt.Errorf("-sizes: unknown dataset %q (S, M or L)", s)
		}
		c.sizes = append(c.sizes, s)
	}
	for _, o := range strings.Split(*ops, ",") {
		o = strings.TrimSpace(o)
		if !slices.Contains(allOps, o) {
			return c, fmt.Errorf("-ops: unknown operation %q", o)
		}
		c.ops = append(c.ops, o)
	}
	if !slices.Contains([]string{"missed", "all", "none"}, c.profile) {
		return c, fmt.Errorf("-profile: want missed, all or none, not %q", c.profile)
	}
	if c.smoke {
		c.profile = "none"
	}
	var err error
	if c.dir, err = filepath.Abs(c.dir); err != nil {
		return c, err
	}
	if c.repo, err = filepath.Abs(c.repo); err != nil {
		return c, err
	}
	if c.data != "" {
		if c.data, err = filepath.Abs(c.data); err != nil {
			return c, err
		}
	}
	return c, nil
}

func run(ctx context.Context, args []string) error {
	c, err := parseFlags(args)
	if err != nil {
		return err
	}
	start := time.Now()
	need := []string{"sh", "cp", "sync", "tar", "unzip"}
	if !c.smoke && !c.noPeers {
		need = append(need, "restic", "borg") // the peers; the smoke run leaves them out
	}
	for _, t := range need {
		if _, err := exec.LookPath(t); err != nil {
			return fmt.Errorf("%s is needed for the baselines (make bench-tools installs them): %w", t, err)
		}
	}
	// The peers' caches go under XDG_CACHE_HOME in the work folder (peerEnv),
	// which go's build cache follows when GOCACHE is unset: pin it to the
	// usual one first, or every build after peerEnv starts from nothing
	// (minutes for the app's test binary) and its cache is deleted with the
	// peers'.
	if os.Getenv("GOCACHE") == "" {
		if out, err := exec.Command(goTool(), "env", "GOCACHE").Output(); err == nil && len(strings.TrimSpace(string(out))) > 0 {
			os.Setenv("GOCACHE", strings.TrimSpace(string(out)))
		}
	}
	bin := filepath.Join(c.dir, "bin")
	cli := filepath.Join(bin, "mahall_backup_restore")
	gen := filepath.Join(bin, "mahall_sample")
	if err := goBuild(ctx, c.repo, "./cmd/mahall_backup_restore", cli); err != nil {
		return err
	}
	if c.data == "" {
		if err := goBuild(ctx, c.repo, "./cmd/mahall_sample", gen); err != nil {
			return err
		}
	} else {
		c.sizes = []string{"custom"}
	}

	res := &results{cfg: c, started: start.UTC(), commit: commit(c.repo)}
	res.loadAt[0] = loadAvg()
	res.cacheAt[0] = cacheState()
	for i, name := range c.sizes {
		d := presets[name]
		if c.runs > 0 {
			d.Runs = c.runs
		}
		if c.data != "" {
			d = dataset{Name: "custom", Runs: cmp.Or(c.runs, 3), Dir: c.data, Cached: true}
			if err := d.measure(); err != nil {
				return err
			}
		} else if err := d.prepare(ctx, c.dir, gen); err != nil {
			return err
		}
		logf("dataset %s: %d files, %.0f MB (database %.1f MB, %d media files)%s",
			d.Name, d.Files, mb(d.Bytes), mb(d.DBBytes), d.Media, map[bool]string{true: ", cached", false: ""}[d.Cached])
		ops, err := measureDataset(ctx, c, cli, &d)
		if err != nil {
			return err
		}
		set := &datasetResult{d: d, ops: ops}
		res.sets = append(res.sets, set)
		largest := i == len(c.sizes)-1
		if !c.smoke && largest {
			// The largest set is profiled while its reference backup is
			// still there; the goals of every set are judged at the end.
			if err := profileMisses(ctx, c, set, evaluate(res.sets)); err != nil {
				return err
			}
			res.profiles = set.profiles
		}
		if !c.keep {
			os.RemoveAll(workDir(c, &d))
		}
	}
	if !c.smoke {
		res.goals = evaluate(res.sets)
	}
	res.elapsed = time.Since(start)
	res.loadAt[1] = loadAvg()
	res.cacheAt[1] = cacheState()

	md := res.markdown()
	fmt.Println(md)
	out := c.out
	if c.smoke && out == "" {
		out = filepath.Join(c.dir, "RESULTS-smoke.md")
	}
	if out != "" {
		if err := os.WriteFile(out, []byte(md), 0o644); err != nil {
			return err
		}
		logf("wrote %s (%.0fs in all)", out, res.elapsed.Seconds())
	}
	return nil
}

// goTool is the go command: from PATH, else the toolchain this program was
// built with (make finds go where a fresh machine's PATH does not).
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

func workDir(c config, d *dataset) string { return filepath.Join(c.dir, "work", d.Name) }

// measureDataset times every selected operation on one dataset. An untimed
// backup first makes the reference archive that restore, verify and
// inspect use, and reads the data once so every tool starts warm.
func measureDataset(ctx context.Context, c config, cli string, d *dataset) ([]*operation, error) {
	work := workDir(c, d)
	if err := os.RemoveAll(work); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(work, 0o755); err != nil {
		return nil, err
	}
	peerEnv(work)
	ref := filepath.Join(work, "ref.zip")
	s, err := measure(ctx, []string{cli, "--data-dir", d.Dir, "backup", ref})
	if err != nil {
		return nil, fmt.Errorf("reference backup of %s: %w", d.Name, err)
	}
	logf("%s: reference backup %s in %.1fs (warm-up, not counted)", d.Name, ref, s.Wall.Seconds())

	var ops []*operation
	peers := !c.smoke && !c.noPeers
	for _, name := range c.ops {
		var now []*operation // what this name times, each timed in its own rounds
		switch name {
		case "backup":
			now = []*operation{backupOp(cli, d, work, peers)}
		case "restore":
			op, err := restoreOp(cli, d, work, ref)
			if err != nil {
				return nil, err
			}
			now = []*operation{op}
		case "verify":
			now = []*operation{verifyOp(cli, ref, d)}
		case "inspect":
			now = []*operation{inspectOp(cli, ref, d)}
		case "auto":
			appTest := filepath.Join(c.dir, "bin", "app.test")
			if err := goTestBuild(ctx, c.repo, ".", appTest); err != nil {
				return nil, err
			}
			un, err := unchangedOp(cli, d, work)
			if err != nil {
				return nil, err
			}
			click, err := clickOp(appTest, d, work)
			if err != nil {
				return nil, err
			}
			now = []*operation{un, click}
		case "encrypt":
			data, err := encryptedData(cli, d, work)
			if err != nil {
				return nil, err
			}
			insp, err := inspectEncOp(cli, d, work, data)
			if err != nil {
				return nil, err
			}
			now = []*operation{backupEncOp(cli, d, work, data), insp}
		case "cloud":
			if d.Name == "L" {
				// Issue 14's goal is on M; a first snapshot of L by ours
				// and by restic takes many minutes a round.
				logf("%s cloud: left out on L (the goal is judged on M)", d.Name)
				continue
			}
			srv, err := startS3(ctx, filepath.Join(work, "s3"))
			if err != nil {
				return nil, err
			}
			defer srv.stop()
			op, err := cloudOp(cli, d, work, srv, peers)
			if err != nil {
				return nil, err
			}
			now = []*operation{op}
		}
		for _, op := range now {
			logf("%s %s: %d runs of %d tools", d.Name, op.Name, d.Runs, len(op.Tools))
			if err := runRounds(ctx, d.Name+" "+op.Name, op.Tools, d.Runs, c.cold); err != nil {
				return nil, err
			}
			ops = append(ops, op)
		}
	}
	// The speed-code rows run while the backup has a piece of speed code to
	// judge (today none: preallocation, raw reads, prefetch and buffer reuse
	// were each measured and removed).
	if d.Name == "M" && !c.smoke && slices.Contains(c.ops, "backup") && len(speedCode) > 1 {
		prof := filepath.Join(c.dir, "bin", "benchprof")
		if err := goBuild(ctx, c.repo, "./bench/cmd/benchprof", prof); err != nil {
			return nil, err
		}
		op := speedCodeOp(prof, d, work)
		logf("%s %s: %d runs of %d variants", d.Name, op.Name, d.Runs, len(op.Tools))
		if err := runRounds(ctx, d.Name+" speed", op.Tools, d.Runs, c.cold); err != nil {
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// goTestBuild builds a package's test binary (the root package's, for
// the app's click benchmark), fresh each run like goBuild; without go
// test's vet pass, which make test runs and which costs minutes here.
func goTestBuild(ctx context.Context, repo, pkg, out string) error {
	cmd := exec.CommandContext(ctx, goTool(), "test", "-c", "-vet=off", "-o", out, pkg)
	cmd.Dir = repo
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go test -c %s: %w\n%s", pkg, err, b)
	}
	return nil
}

// goBuild builds a main package of the repository fresh each run, so the
// numbers are always for the code in the tree.
func goBuild(ctx context.Context, repo, pkg, out string) error {
	cmd := exec.CommandContext(ctx, goTool(), "build", "-o", out, pkg)
	cmd.Dir = repo
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
	}
	return nil
}
