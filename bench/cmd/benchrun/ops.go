package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"mahall/backend/folder"
)

// operation is one thing we time on one dataset, ours first, then the
// baselines it is compared with.
type operation struct {
	Name  string // backup, restore, verify, inspect
	Tools []*tool
}

func (o *operation) ours() *tool { return o.Tools[0] }

func (o *operation) tool(name string) *tool {
	for _, t := range o.Tools {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Tool names used in the table and by the goals.
const (
	toolOurs     = "ours"
	toolCopy     = "cp -r + sync"
	toolZipStore = "zip -r -q -0 + sync"
	toolZip      = "zip -r -q + sync"
	toolRestore  = "cp -r + unzip -q + sync"
	toolUnzipT   = "unzip -tqq (reference)"
)

// removeAll is an After hook that deletes what a run wrote.
func removeAll(paths ...string) func() error {
	return func() error {
		for _, p := range paths {
			if err := os.RemoveAll(p); err != nil {
				return err
			}
		}
		return nil
	}
}

// nonEmptyFile checks that a run left its output and records its size.
func nonEmptyFile(path string) func(*sample) error {
	return func(s *sample) error {
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		if st.Size() == 0 {
			return fmt.Errorf("%s is empty", path)
		}
		s.Output = st.Size()
		return nil
	}
}

// backupOp: ours against the copy limit and the two Info-ZIP archives, each
// paying for getting its output onto the disk.
func backupOp(cli string, d *dataset, work string) *operation {
	out := filepath.Join(work, "backup-out")
	ours := filepath.Join(out, "ours.zip")
	cp := filepath.Join(out, "copy")
	store := filepath.Join(out, "store.zip")
	deflate := filepath.Join(out, "deflate.zip")
	mkOut := func() error { return os.MkdirAll(out, 0o755) }
	return &operation{Name: "backup", Tools: []*tool{
		{
			Name: toolOurs, Ours: true, Before: mkOut,
			Argv: []string{cli, "--data-dir", d.Dir, "backup", ours},
			Check: func(s *sample) error {
				if err := nonEmptyFile(ours)(s); err != nil {
					return err
				}
				return onlyEntries(out, "ours.zip") // no temporary file left beside it
			},
			After: removeAll(ours),
		},
		{
			Name: toolCopy, Before: mkOut,
			Argv:  []string{"sh", "-c", `cp -r "$1" "$2" && sync -f "$2"`, "sh", d.Dir, cp},
			Check: func(s *sample) error { s.Output = d.Bytes; return nil },
			After: removeAll(cp),
		},
		{
			Name: toolZipStore, Before: mkOut,
			Argv:  []string{"sh", "-c", `cd "$1" && zip -r -q -0 "$2" . && sync -f "$2"`, "sh", d.Dir, store},
			Check: nonEmptyFile(store), After: removeAll(store),
		},
		{
			// Info-ZIP's deflate is by far the slowest tool (over a minute on
			// M) and far from its goal's margin, so on M it runs in two rounds
			// only, to keep make bench within its time budget.
			Name: toolZip, Before: mkOut, MaxRuns: slowRuns(d),
			Argv:  []string{"sh", "-c", `cd "$1" && zip -r -q "$2" . && sync -f "$2"`, "sh", d.Dir, deflate},
			Check: nonEmptyFile(deflate), After: removeAll(deflate),
		},
	}}
}

// restoreOp restores the reference backup over a copy of the dataset (so a
// safety backup of real data is made every time) against what a careful
// person would do by hand: copy the current data aside, unzip over it, sync.
// The target is reset between runs outside the timing.
func restoreOp(cli string, d *dataset, work, ref string) (*operation, error) {
	parent := filepath.Join(work, "restore") // staging folders appear beside the target
	target := filepath.Join(parent, "data")
	safety := filepath.Join(parent, "safety")
	if err := os.RemoveAll(parent); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if _, err := measure(bg, []string{"cp", "-a", d.Dir, target}); err != nil {
		return nil, fmt.Errorf("prepare restore target: %w", err)
	}
	checkTarget := func() error {
		n, bytes, err := folder.Layout{Root: target}.MediaUsage()
		if err != nil {
			return err
		}
		want, wantBytes, err := folder.Layout{Root: d.Dir}.MediaUsage()
		if err != nil {
			return err
		}
		if n != want || bytes != wantBytes {
			return fmt.Errorf("restored media: %d files, %d bytes; want %d files, %d bytes", n, bytes, want, wantBytes)
		}
		if _, err := os.Stat(filepath.Join(target, "db.sqlite3")); err != nil {
			return err
		}
		return nil
	}
	return &operation{Name: "restore", Tools: []*tool{
		{
			Name: toolOurs, Ours: true,
			Argv: []string{cli, "--data-dir", target, "restore", ref},
			Check: func(s *sample) error {
				if err := checkTarget(); err != nil {
					return err
				}
				if err := onlyEntries(parent, "data"); err != nil {
					return fmt.Errorf("staging left behind: %w", err)
				}
				ents, err := filepath.Glob(filepath.Join(target, "backups", "pre-restore-*.zip"))
				if err != nil || len(ents) != 1 {
					return fmt.Errorf("want one safety backup in %s, found %d", filepath.Join(target, "backups"), len(ents))
				}
				st, err := os.Stat(ents[0])
				if err != nil {
					return err
				}
				s.Output = st.Size()
				return nil
			},
			After: removeAll(filepath.Join(target, "backups")),
		},
		{
			Name: toolRestore,
			Argv: []string{"sh", "-c", `cp -r "$1" "$2" && LC_ALL=C.UTF-8 unzip -q -o "$3" -d "$1" && sync -f "$1"`, "sh", target, safety, ref},
			Check: func(s *sample) error {
				s.Output = d.Bytes
				return checkTarget()
			},
			After: removeAll(safety, filepath.Join(target, "manifest.json")),
		},
	}}, nil
}

// verifyOp has a reference, not a baseline: unzip -t checks CRCs only, and
// no goal compares with it, so on M it runs once.
func verifyOp(cli, ref string, d *dataset) *operation {
	ref1 := 0
	if d.Name == "M" {
		ref1 = 1
	}
	return &operation{Name: "verify", Tools: []*tool{
		{Name: toolOurs, Ours: true, Argv: []string{cli, "verify", ref}},
		{Name: toolUnzipT, Argv: []string{"env", "LC_ALL=C.UTF-8", "unzip", "-tqq", ref}, MaxRuns: ref1},
	}}
}

// slowRuns caps the rounds of a slow baseline on M.
func slowRuns(d *dataset) int {
	if d.Name == "M" {
		return 2
	}
	return 0
}

// inspectOp checks that inspect's JSON holds the keys the issue names and
// counts every photo of the dataset.
func inspectOp(cli, ref string, d *dataset) *operation {
	return &operation{Name: "inspect", Tools: []*tool{
		{
			Name: toolOurs, Ours: true,
			Argv: []string{cli, "inspect", ref, "--json"},
			Check: func(s *sample) error {
				var v map[string]any
				if err := json.Unmarshal([]byte(s.Stdout), &v); err != nil {
					return fmt.Errorf("inspect --json printed no JSON object: %w", err)
				}
				for _, k := range []string{"format", "created_at", "tables", "media_files", "media_bytes", "warnings"} {
					if _, ok := v[k]; !ok {
						return fmt.Errorf("inspect --json lacks %q", k)
					}
				}
				if n, _ := v["media_files"].(float64); int(n) != d.Media {
					return fmt.Errorf("inspect --json says %v media files; the dataset has %d", v["media_files"], d.Media)
				}
				return nil
			},
		},
	}}
}

// onlyEntries fails when dir holds anything but the names given.
func onlyEntries(dir string, names ...string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var extra []string
	for _, e := range ents {
		found := false
		for _, n := range names {
			found = found || e.Name() == n
		}
		if !found {
			extra = append(extra, e.Name())
		}
	}
	if len(extra) > 0 {
		return fmt.Errorf("unexpected %s in %s", strings.Join(extra, ", "), dir)
	}
	return nil
}
