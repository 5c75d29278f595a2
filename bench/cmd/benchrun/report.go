package main

import (
	"bufio"
	"cmp"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

type results struct {
	cfg      config
	loadAt   [2]string // /proc/loadavg at the start and the end
	cacheAt  [2]string // the page cache at the start and the end
	commit   string    // of the tree measured, taken at the start (the run writes profiles into it)
	started  time.Time
	elapsed  time.Duration
	sets     []*datasetResult
	goals    []goal
	profiles []profileSummary
}

func (r *results) markdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	title := "Benchmark results"
	if r.cfg.smoke {
		title = "Benchmark smoke run (no goals judged)"
	}
	p("# %s", title)
	p("")
	p("Written by `bench/cmd/benchrun` (`make bench`; see bench/README.md) on %s, commit `%s`, in %.0f s.",
		r.started.Format("2006-01-02 15:04 MST"), r.commit, r.elapsed.Seconds())
	p("")
	p("## Machine")
	p("")
	p("- CPU: %s, %s cores (nproc)", cpuModel(), strings.TrimSpace(output("nproc")))
	p("- Memory: %s", memTotal())
	p("- Disk of the bench folder `%s`:", r.cfg.dir)
	p("")
	p("  ```")
	for _, l := range strings.Split(strings.TrimSpace(output("df", "-hT", r.cfg.dir)), "\n") {
		p("  %s", l)
	}
	p("  ```")
	p("- Kernel %s; %s; %s; %s; %s; %s", strings.TrimSpace(output("uname", "-r")), runtime.Version(),
		firstLineWith(output("tar", "--version"), "tar"), firstLineWith(output("restic", "version"), "restic"),
		firstLineWith(output("borg", "--version"), "borg"), firstLineWith(output("unzip", "-v"), "UnZip"))
	if r.cfg.cold {
		p("- Cache: **cold**: every run starts after `sync` and `echo 3 > /proc/sys/vm/drop_caches`.")
	} else {
		p("- Cache: **warm**: the data is read once before timing (an untimed backup), and every run starts after")
		p("  `sync`, so no run pays for another's writeback. Every tool writes its output to disk and syncs it")
		p("  within its timing (ours fsyncs; the baselines end with `sync -f`).")
	}
	p("- Load average (1, 5, 15 min) at the start: %s; at the end: %s. The machine is shared: a load well", r.loadAt[0], r.loadAt[1])
	p("  above the core count makes the absolute times slower and noisier; the ratios, measured alternately")
	p("  in the same rounds, suffer less.")
	p("- Page cache at the start: %s; at the end: %s.", r.cacheAt[0], r.cacheAt[1])
	p("- Order: each round runs ours, then each baseline, once; the rounds repeat. The goals compare each")
	p("  tool's fastest run (the one least disturbed by the other work on the machine); the table also")
	p("  gives medians. Peak memory is the largest of the runs. Every run of every tool writes a new output")
	p("  name (a name just deleted reuses its disk blocks and syncs several times faster); outputs are")
	p("  removed between runs, untimed.")
	if !r.cfg.smoke && !r.cfg.noPeers {
		p("- Peers: restic and borg each make a first backup into a new, encrypted repository (restic's")
		p("  default AES-256 with the password in RESTIC_PASSWORD; borg `init --encryption=repokey` with")
		p("  BORG_PASSPHRASE and its default lz4 compression); the repository is made untimed, the backup and")
		p("  a `sync -f` of the repository are timed.")
	}
	p("")
	p("## Data")
	p("")
	p("| set | members | files | media files | database MB | total MB | runs | generated |")
	p("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, s := range r.sets {
		gen := fmt.Sprintf("%.0f s", s.d.GenTime.Seconds())
		if s.d.Cached {
			gen = "cached"
			if s.d.GenTime > 0 {
				gen = fmt.Sprintf("cached (took %.0f s)", s.d.GenTime.Seconds())
			}
		}
		p("| %s | %d | %d | %d | %.1f | %.0f | %d | %s |", s.d.Name, s.d.Members, s.d.Files, s.d.Media,
			mb(s.d.DBBytes), mb(s.d.Bytes), s.d.Runs, gen)
	}
	p("")
	if !r.cfg.smoke && len(r.sets) > 0 {
		last := r.sets[len(r.sets)-1].d.Name
		_ = last
		p("## Goals (ratios of the fastest runs, measured in this run)")
		p("")
		p("| set | goal | target | measured | result |")
		p("| --- | --- | --- | --- | --- |")
		for _, g := range r.goals {
			p("| %s | %s | %s | %s | %s |", g.Set, g.Text, g.Target, g.Measured, status(g.Pass))
		}
		p("")
		for _, g := range r.goals {
			if !g.Pass && g.Why != "" {
				p("- Missed on %s: %s. %s", g.Set, g.Text, g.Why)
			}
		}
		p("")
	}
	p("## Measurements")
	p("")
	p("| set | operation | tool | runs | wall s (fastest) | wall s (median) | wall s (max) | CPU s (median) | peak RSS MB | written MB | output MB | ours ÷ tool (fastest) |")
	p("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range r.sets {
		for _, o := range s.ops {
			ours := o.ours()
			for _, t := range o.Tools {
				lo, hi := t.wallRange()
				ratio := "—"
				if base := cmp.Or(t.Versus, ours); !t.Ours && t.best() > 0 {
					ratio = fmt.Sprintf("%.2fx", base.best().Seconds()/t.best().Seconds())
				}
				name := t.Name
				switch {
				case t.Name == toolOurs:
					name = "**ours**"
				case t.Ours:
					name = "**" + t.Name + "**" // one of several of ours in the operation
				}
				out := "—"
				if o := outputMedian(t); o > 0 {
					out = fmt.Sprintf("%.0f", mb(o))
				}
				p("| %s | %s | %s | %d | %.2f | %.2f | %.2f | %.2f | %.1f | %.0f | %s | %s |", s.d.Name, o.Name, name,
					len(t.Samples), lo.Seconds(), t.wall().Seconds(), hi.Seconds(), t.cpu().Seconds(), mb(t.peakRSS()), mb(t.written()), out, ratio)
			}
		}
	}
	p("")
	p("Columns: *wall* is start to exit of the whole process; *CPU* is user + system time of it and its")
	p("children (above wall means more than one core was busy); *peak RSS* is the largest resident set of")
	p("any process in the tree; *written* is what the process tree caused to be written to storage (the")
	p("kernel's block-output count); *output* is the size of what the run made (archive, copy, or for ours'")
	p("restore the safety backup); *ours ÷ tool* is ours' fastest wall time over the tool's (below 1 is")
	p("ours faster).")
	if len(r.profiles) > 0 {
		p("")
		p("## Where the time went")
		p("")
		p("Ours run once more in-process under the profilers (`bench/cmd/benchprof`); full summaries, CPU")
		p("and allocations, in the files named. A CPU profile shows CPU only: when CPU is far below wall,")
		p("the run waited for the disk.")
		for _, pr := range r.profiles {
			p("")
			p("### %s (%s) — `%s`", pr.Op, pr.Elapsed, pr.File)
			p("")
			if len(pr.Phases) > 0 {
				p("Wall time by phase:")
				p("")
				p("```")
				for _, l := range pr.Phases {
					p("%s", l)
				}
				p("```")
				p("")
			}
			p("CPU:")
			p("")
			p("```")
			for _, l := range pr.TopCPU {
				p("%s", l)
			}
			p("```")
		}
	}
	return b.String()
}

// cacheState says how much of memory the page cache holds and how much of
// it is dirty (waiting to be written), from /proc/meminfo.
func cacheState() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	v := map[string]int64{}
	for _, l := range strings.Split(string(b), "\n") {
		var k string
		var kb int64
		if _, err := fmt.Sscanf(l, "%s %d kB", &k, &kb); err == nil {
			v[strings.TrimSuffix(k, ":")] = kb
		}
	}
	return fmt.Sprintf("%.1f GiB cached of %.1f GiB, %.0f MB dirty, %.1f GiB free",
		float64(v["Cached"])/(1<<20), float64(v["MemTotal"])/(1<<20), float64(v["Dirty"])/(1<<10), float64(v["MemFree"])/(1<<20))
}

// loadAvg is the first three fields of /proc/loadavg.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func outputMedian(t *tool) int64 {
	v := make([]int64, 0, len(t.Samples))
	for _, s := range t.Samples {
		v = append(v, s.Output)
	}
	if len(v) == 0 {
		return 0
	}
	return v[len(v)/2]
}

func output(name string, args ...string) string {
	b, _ := exec.Command(name, args...).CombinedOutput()
	return string(b)
}

func firstLineWith(text, prefix string) string {
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); strings.HasPrefix(l, prefix) {
			if i := strings.Index(l, " by "); i > 0 {
				l = l[:i]
			}
			return strings.TrimSuffix(l, ",")
		}
	}
	return prefix + " (version unknown)"
}

func commit(repo string) string {
	c := strings.TrimSpace(output("git", "-C", repo, "rev-parse", "--short", "HEAD"))
	if c == "" || strings.Contains(c, "fatal") {
		return "unknown"
	}
	if strings.TrimSpace(output("git", "-C", repo, "status", "--porcelain")) != "" {
		c += "-dirty"
	}
	return c
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(b), "\n") {
		var kb int64
		if _, err := fmt.Sscanf(l, "MemTotal: %d kB", &kb); err == nil {
			return fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	return "unknown"
}
