package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mahall/backend/folder"
)

// operation is one thing we time on one dataset, ours first, then the
// baselines it is compared with.
type operation struct {
	Name  string // backup, restore, verify, inspect, ...
	Tools []*tool
	// Budget is the most the cloud copy's second snapshot may upload, in
	// bytes (issue 14); 0 for the other operations.
	Budget int64
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
	toolOurs    = "ours"
	toolTar     = "tar -cf + sync"
	toolRestic  = "restic first backup + sync"
	toolBorg    = "borg first backup + sync"
	toolRestore = "tar -cf + tar -xf + sync"
	toolUnzipT  = "unzip -tqq (reference)"
)

// Passwords of the peers' encrypted repositories, handed over the way their
// users do it: restic reads RESTIC_PASSWORD, borg BORG_PASSPHRASE.
const peerPassword = "bench-made-up-password"

// fresh names run r's output of one tool: the run's number and the
// harness's own start time make it a name no earlier run used, in this
// invocation or a previous one.
func fresh(dir, name string, r int) string {
	return filepath.Join(dir, fmt.Sprintf("%s-%s-%d", name, stamp, r))
}

// stamp is this invocation's start, part of every output name.
var stamp = time.Now().UTC().Format("150405")

// removeAll is an After hook that deletes what a run wrote.
func removeAll(paths ...func(r int) string) func(r int) error {
	return func(r int) error {
		for _, p := range paths {
			if err := os.RemoveAll(p(r)); err != nil {
				return err
			}
		}
		return nil
	}
}

// nonEmptyFile checks that a run left its output and records its size.
func nonEmptyFile(path func(r int) string) func(int, *sample) error {
	return func(r int, s *sample) error {
		st, err := os.Stat(path(r))
		if err != nil {
			return err
		}
		if st.Size() == 0 {
			return fmt.Errorf("%s is empty", path(r))
		}
		s.Output = st.Size()
		return nil
	}
}

// dirSize records the size of what a run wrote into a folder (a peer's
// repository).
func dirSize(path func(r int) string) func(int, *sample) error {
	return func(r int, s *sample) error {
		n, err := treeSize(path(r))
		if n == 0 && err == nil {
			err = fmt.Errorf("%s is empty", path(r))
		}
		s.Output = n
		return err
	}
}

// treeSize is the total size of the regular files under dir.
func treeSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return n, err
}

// backupOp: ours against the streaming-archive limit (tar of the same files
// to a new file, synced) and against what people would pick instead, restic
// and borg, each making its first backup into a new encrypted repository.
// Every tool pays for getting its output onto the disk.
func backupOp(cli string, d *dataset, work string, peers bool) *operation {
	out := filepath.Join(work, "backup-out")
	ours := func(r int) string { return fresh(out, "ours", r) + ".zip" }
	tarOut := func(r int) string { return fresh(out, "tar", r) + ".tar" }
	restic := func(r int) string { return fresh(out, "restic", r) }
	borg := func(r int) string { return fresh(out, "borg", r) }
	mkOut := func(int) error { return os.MkdirAll(out, 0o755) }
	op := &operation{Name: "backup", Tools: []*tool{
		{
			Name: toolOurs, Ours: true, Before: mkOut,
			Argv: func(r int) []string { return []string{cli, "--data-dir", d.Dir, "backup", ours(r)} },
			Check: func(r int, s *sample) error {
				if err := nonEmptyFile(ours)(r, s); err != nil {
					return err
				}
				return onlyEntries(out, filepath.Base(ours(r))) // no temporary file left beside it
			},
			After: removeAll(ours),
		},
		{
			Name: toolTar, Before: mkOut,
			Argv: func(r int) []string {
				return []string{"sh", "-c", `tar -cf "$2" -C "$1" . && sync -f "$2"`, "sh", d.Dir, tarOut(r)}
			},
			Check: nonEmptyFile(tarOut), After: removeAll(tarOut),
		},
	}}
	if !peers {
		return op
	}
	op.Tools = append(op.Tools,
		&tool{
			// The repository is made untimed (its key derivation is a one-off
			// cost); the first backup into it is timed. restic's cache goes
			// under XDG_CACHE_HOME, inside the work folder.
			Name: toolRestic, MaxRuns: peerRuns(d),
			Before: func(r int) error {
				if err := mkOut(r); err != nil {
					return err
				}
				_, err := measure(bg, []string{"restic", "init", "--quiet", "--repo", restic(r)})
				return err
			},
			Argv: func(r int) []string {
				return []string{"sh", "-c", `cd "$1" && restic backup --quiet --repo "$2" . && sync -f "$2"`, "sh", d.Dir, restic(r)}
			},
			Check: dirSize(restic), After: removeAll(restic, func(int) string { return filepath.Join(work, "cache") }),
		},
		&tool{
			// borg's users run repokey encryption with its default lz4
			// compression; the repository is made untimed.
			Name: toolBorg, MaxRuns: peerRuns(d),
			Before: func(r int) error {
				if err := mkOut(r); err != nil {
					return err
				}
				_, err := measure(bg, []string{"borg", "init", "--encryption=repokey", borg(r)})
				return err
			},
			Argv: func(r int) []string {
				return []string{"sh", "-c", `cd "$1" && borg create "$2::first" . && sync -f "$2"`, "sh", d.Dir, borg(r)}
			},
			Check: dirSize(borg), After: removeAll(borg),
		},
	)
	return op
}

// speedCodeOp times the backup in-process (bench/cmd/benchprof, which can
// switch the backup's speed code off one piece at a time) with all of it and
// without each piece, alternating in every round (issue 9: a piece stays
// only where it saves at least 10 % of the wall time).
func speedCodeOp(prof string, d *dataset, work string) *operation {
	out := filepath.Join(work, "speedcode-out")
	op := &operation{Name: "speed code"}
	for _, v := range speedCode {
		name := func(r int) string { return fresh(out, strings.TrimPrefix(v.flag, "-"), r) + ".zip" }
		op.Tools = append(op.Tools, &tool{
			Name: v.name, Ours: v.flag == "",
			Before: func(int) error { return os.MkdirAll(out, 0o755) },
			Argv: func(r int) []string {
				argv := []string{prof, "-op", "backup", "-data", d.Dir, "-out", name(r)}
				if v.flag != "" {
					argv = append(argv, v.flag)
				}
				return argv
			},
			Check: nonEmptyFile(name), After: removeAll(name),
		})
	}
	return op
}

// speedCode names the pieces benchprof can switch off; the first is the
// backup as shipped. (A candidate not shipped yet would be named "with
// ...": speedCodeGoals judges it by the same rule.)
var speedCode = []struct{ name, flag string }{
	{"all speed code (as shipped)", ""},
}

// peerEnv points ours' and the peers' passwords, caches and state into the work
// folder, so a run leaves nothing in the user's home and needs no prompt.
func peerEnv(work string) {
	os.Setenv("MAHALL_PASSWORD", ourPassword)
	os.Setenv("RESTIC_PASSWORD", peerPassword)
	os.Setenv("BORG_PASSPHRASE", peerPassword)
	os.Setenv("XDG_CACHE_HOME", filepath.Join(work, "cache"))
	os.Setenv("BORG_BASE_DIR", filepath.Join(work, "borg-home"))
}

// peerRuns caps the rounds of the peers on L, where one run takes minutes.
func peerRuns(d *dataset) int {
	if d.Name == "L" {
		return 1
	}
	return 0
}

// restoreOp restores the reference backup over a copy of the dataset (so a
// safety backup of real data is made every time) against the work a restore
// must do: archive the current data to a new file (the safety copy), unpack
// the backup's files over it (tar -xf of a tar of the same files, made once
// untimed), sync. The target is reset between runs outside the timing.
func restoreOp(cli string, d *dataset, work, ref string) (*operation, error) {
	parent := filepath.Join(work, "restore") // staging folders appear beside the target
	target := filepath.Join(parent, "data")
	safety := func(r int) string { return fresh(work, "safety", r) + ".tar" }
	refTar := filepath.Join(work, "ref.tar")
	if err := os.RemoveAll(parent); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	if _, err := measure(bg, []string{"cp", "-a", d.Dir, target}); err != nil {
		return nil, fmt.Errorf("prepare restore target: %w", err)
	}
	if _, err := measure(bg, []string{"tar", "-cf", refTar, "-C", d.Dir, "."}); err != nil {
		return nil, fmt.Errorf("prepare the baseline's tar of the backup's files: %w", err)
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
			Argv: func(int) []string { return []string{cli, "--data-dir", target, "restore", ref} },
			Check: func(_ int, s *sample) error {
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
			After: removeAll(func(int) string { return filepath.Join(target, "backups") }),
		},
		{
			Name: toolRestore,
			Argv: func(r int) []string {
				return []string{"sh", "-c", `tar -cf "$2" -C "$1" . && tar -xf "$3" -C "$1" && sync -f "$1"`, "sh", target, safety(r), refTar}
			},
			Check: func(_ int, s *sample) error {
				s.Output = d.Bytes
				return checkTarget()
			},
			After: removeAll(safety),
		},
	}}, nil
}

// verifyOp has a reference, not a baseline: unzip -t checks CRCs only, and
// no goal compares with it, so on M and L it runs once.
func verifyOp(cli, ref string, d *dataset) *operation {
	ref1 := 0
	if d.Name != "S" {
		ref1 = 1
	}
	return &operation{Name: "verify", Tools: []*tool{
		{Name: toolOurs, Ours: true, Argv: func(int) []string { return []string{cli, "verify", ref} }},
		{Name: toolUnzipT, Argv: func(int) []string { return []string{"env", "LC_ALL=C.UTF-8", "unzip", "-tqq", ref} }, MaxRuns: ref1},
	}}
}

// inspectOp checks that inspect's JSON holds the keys the issue names and
// counts every photo of the dataset.
func inspectOp(cli, ref string, d *dataset) *operation {
	return &operation{Name: "inspect", Tools: []*tool{
		{
			Name: toolOurs, Ours: true,
			Argv:  func(int) []string { return []string{cli, "inspect", ref, "--json"} },
			Check: func(_ int, s *sample) error { return checkInspectJSON(s.Stdout, d, false) },
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
