package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Operation and tool names of issue 12's goals.
const (
	opUnchanged   = "unchanged check"
	opClick       = "click during backup"
	toolUnchanged = "ours: backup --auto, nothing changed"
	toolClick     = "ours: app's automatic backup, clicks every 50 ms"
)

// unchangedOp times `backup --auto` against a destination that already
// holds a backup of the same data: the whole process, which finds that
// nothing changed (the register's content and the photos' names, sizes and
// times) and says "Unchanged", writing no backup. The destination's backup
// is made once, untimed, on a scratch copy (--auto keeps its history and
// schedule in the data folder).
func unchangedOp(cli string, d *dataset, work string) (*operation, error) {
	data := filepath.Join(work, "unchanged-data")
	dest := filepath.Join(work, "unchanged-dest")
	if err := scratchCopy(d, data); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	argv := []string{cli, "--data-dir", data, "backup", "--auto", "--to", dest}
	s, err := measure(bg, argv)
	if err != nil {
		return nil, fmt.Errorf("the first automatic backup of %s: %w", d.Name, err)
	}
	if !strings.Contains(s.Stdout, "Backed up") {
		return nil, fmt.Errorf("the first automatic backup of %s made no backup: %s", d.Name, s.Stdout)
	}
	return &operation{Name: opUnchanged, Tools: []*tool{{
		Name: toolUnchanged, Ours: true,
		Argv: func(int) []string { return argv },
		Check: func(_ int, s *sample) error {
			if !strings.Contains(s.Stdout, "Unchanged") {
				return fmt.Errorf("backup --auto did not say the data is unchanged: %s", s.Stdout)
			}
			zips, err := filepath.Glob(filepath.Join(dest, "*.zip"))
			if err != nil || len(zips) != 1 {
				return fmt.Errorf("want the one backup of the first run in %s, found %d", dest, len(zips))
			}
			return nil
		},
	}}}, nil
}

// clickOp runs the root package's BenchmarkClickDuringAutoBackup (built
// with go test -c): in one process, the app's automatic backup of a scratch
// copy through the same code the App runs (RunBackupNow), while the bound
// methods a click calls answer every 50 ms. Each run backs up to a new
// destination folder. The webview's own thread is not in it (see
// bench/README.md).
func clickOp(appTest string, d *dataset, work string) (*operation, error) {
	data := filepath.Join(work, "click-data")
	if err := scratchCopy(d, data); err != nil {
		return nil, err
	}
	dest := func(r int) string { return fresh(work, "click-dest", r) }
	return &operation{Name: opClick, Tools: []*tool{{
		Name: toolClick, Ours: true,
		Before: func(r int) error { return os.MkdirAll(dest(r), 0o755) },
		Argv: func(r int) []string {
			return []string{"env", "MAHALL_BENCH_DATA=" + data, "MAHALL_BENCH_DEST=" + dest(r),
				appTest, "-test.run", "^$", "-test.bench", "^BenchmarkClickDuringAutoBackup$", "-test.benchtime", "1x"}
		},
		Check: func(r int, s *sample) error {
			zips, err := filepath.Glob(filepath.Join(dest(r), "mahall_backup_*.zip"))
			if err != nil || len(zips) != 1 {
				return fmt.Errorf("the automatic backup left %d backups in %s, want 1", len(zips), dest(r))
			}
			if s.Latency, err = slowestAnswer(s.Stdout); err != nil {
				return err
			}
			st, err := os.Stat(zips[0])
			if err != nil {
				return err
			}
			s.Output = st.Size()
			var each []string
			for _, l := range strings.Split(s.Stdout, "\n") {
				if m, ok := strings.CutPrefix(l, "click "); ok {
					logf("  %s", l)
					each = append(each, strings.Replace(m, " slowest ", " ", 1))
				}
			}
			s.Detail = strings.Join(each, ", ")
			return nil
		},
		After: removeAll(dest),
	}}}, nil
}

var slowestMetric = regexp.MustCompile(`([0-9.]+) slowest-ms`)

// slowestAnswer reads the benchmark's slowest-ms metric.
func slowestAnswer(out string) (time.Duration, error) {
	m := slowestMetric.FindStringSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("the click benchmark printed no slowest-ms:\n%s", out)
	}
	ms, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		return 0, err
	}
	return time.Duration(ms * float64(time.Millisecond)), nil
}
