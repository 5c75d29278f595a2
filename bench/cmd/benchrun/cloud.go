package main

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Operation and tool names of issue 14's goals.
const (
	opCloud           = "cloud copy (s3)"
	toolCloudFirst    = "ours: first cloud snapshot"
	toolCloudSecond   = "ours: second snapshot, 1 % of photos changed"
	toolResticFirstS3 = "restic first backup (s3) + sync"
	toolResticSecond  = "restic second backup, same change + sync"
)

// changedShare is the part of the photos the second snapshot finds
// changed (issue 14: 1 %).
const changedShare = 100

// cloudOp times issue 14's incremental cloud copy against a real S3 server
// (versitygw, started by benchrun): in every round a new prefix of the
// bucket, `cloud init` (untimed), the first `cloud backup` of a scratch
// copy of the dataset (timed), then 1 % of its photos replaced with new
// ones of the same size and the second `cloud backup` (timed); what the
// second uploaded is what grew under the prefix on the server's disk. The
// peer is restic's s3: backend on the same server (another prefix), so both
// pay the same HTTP and the same server's writes: its first backup of the
// same files, and its second of the same change. Every timing ends with a
// `sync -f` of the server's folder.
func cloudOp(cli string, d *dataset, work string, srv *s3Server, peers bool) (*operation, error) {
	data := filepath.Join(work, "cloud-data")
	if err := scratchCopy(d, data); err != nil {
		return nil, err
	}
	changed, changedBytes, err := photosToChange(d.Dir)
	if err != nil {
		return nil, err
	}
	ours := func(r int) string { return fmt.Sprintf("ours-%s-%d", stamp, r) }
	restic := func(r int) string { return fmt.Sprintf("restic-%s-%d", stamp, r) }
	var beforeSecond int64 // the prefix's size after the first snapshot of the round
	op := &operation{Name: opCloud, Budget: (d.DBBytes + changedBytes) * 105 / 100}
	logf("%s cloud: the second snapshot changes %d photos (%.1f MB); it may upload %.1f MB (the database, those photos and 5 %%)",
		d.Name, len(changed), mb(changedBytes), mb(op.Budget))
	synced := `"$@" && sync -f "$SYNC"`
	first := &tool{
		Name: toolCloudFirst, Ours: true,
		Before: func(r int) error {
			// The photos the last round changed are the dataset's again,
			// and this computer connects to a new, empty cloud copy.
			if err := relink(d.Dir, data, changed); err != nil {
				return err
			}
			if err := os.RemoveAll(filepath.Join(data, "cloud")); err != nil {
				return err
			}
			_, err := measure(bg, []string{cli, "--data-dir", data, "cloud", "init", "--repo", srv.url(ours(r))})
			return err
		},
		Argv: func(r int) []string {
			return []string{"env", "SYNC=" + srv.root, "sh", "-c", synced, "sh", cli, "--data-dir", data, "cloud", "backup"}
		},
		Check: func(r int, s *sample) error {
			if err := snapshots(cli, data, 1); err != nil {
				return err
			}
			n, err := treeSize(srv.dir(ours(r)))
			s.Output = n
			return err
		},
	}
	second := &tool{
		Name: toolCloudSecond, Ours: true,
		Before: func(r int) error {
			var err error
			if beforeSecond, err = treeSize(srv.dir(ours(r))); err != nil {
				return err
			}
			return changePhotos(data, changed, r)
		},
		Argv: first.Argv,
		Check: func(r int, s *sample) error {
			if err := snapshots(cli, data, 2); err != nil {
				return err
			}
			n, err := treeSize(srv.dir(ours(r)))
			s.Output = n - beforeSecond
			return err
		},
	}
	resticArgv := func(r int) []string {
		return []string{"env", "SYNC=" + srv.root, "sh", "-c", `cd "$1" && shift && ` + synced, "sh", data,
			"restic", "backup", "--quiet", "--repo", srv.url(restic(r)), "db.sqlite3", "media"}
	}
	op.Tools = []*tool{first}
	if peers {
		op.Tools = append(op.Tools, &tool{
			Name: toolResticFirstS3,
			Before: func(r int) error {
				_, err := measure(bg, []string{"restic", "init", "--quiet", "--repo", srv.url(restic(r))})
				return err
			},
			Argv: resticArgv, Check: dirSize(func(r int) string { return srv.dir(restic(r)) }),
		})
	}
	op.Tools = append(op.Tools, second)
	if peers {
		var beforeRestic int64
		op.Tools = append(op.Tools, &tool{
			Name: toolResticSecond, Versus: second,
			Before: func(r int) (err error) {
				beforeRestic, err = treeSize(srv.dir(restic(r)))
				return err
			},
			Argv: resticArgv,
			Check: func(r int, s *sample) error {
				n, err := treeSize(srv.dir(restic(r)))
				s.Output = n - beforeRestic
				return err
			},
		})
	}
	// The last tool of the round empties the server and the peers' cache.
	last := op.Tools[len(op.Tools)-1]
	last.After = removeAll(func(r int) string { return srv.dir(ours(r)) }, func(r int) string { return srv.dir(restic(r)) },
		func(int) string { return filepath.Join(work, "cache") })
	return op, nil
}

// photosToChange picks every changedShare-th photo of the dataset (at
// least one), by name, and their total size.
func photosToChange(dir string) ([]string, int64, error) {
	var all []string
	sizes := map[string]int64{}
	media := filepath.Join(dir, "media")
	err := filepath.WalkDir(media, func(p string, e fs.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		all = append(all, rel)
		sizes[rel] = info.Size()
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if len(all) == 0 {
		return nil, 0, fmt.Errorf("no photos in %s to change", media)
	}
	slices.Sort(all)
	var pick []string
	var n int64
	for i := 0; i < len(all); i += changedShare {
		pick = append(pick, all[i])
		n += sizes[all[i]]
	}
	return pick, n, nil
}

// changePhotos replaces each named photo of the scratch copy with a new
// file of the same size and new content (as a retaken photo would be:
// nothing in it to deduplicate, and a new modification time), different in
// every round. It writes a new file and renames it over the link, so the
// dataset's own file is never written.
func changePhotos(data string, rels []string, round int) error {
	rng := rand.New(rand.NewPCG(uint64(round)+1, 14))
	for _, rel := range rels {
		p := filepath.Join(data, rel)
		st, err := os.Stat(p)
		if err != nil {
			return err
		}
		b := make([]byte, st.Size())
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		tmp := p + ".bench-new"
		if err := os.WriteFile(tmp, b, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, p); err != nil {
			return err
		}
	}
	return nil
}

// relink puts the dataset's own photos back into the scratch copy.
func relink(dataset, data string, rels []string) error {
	for _, rel := range rels {
		p := filepath.Join(data, rel)
		if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
			return err
		}
		if err := os.Link(filepath.Join(dataset, rel), p); err != nil {
			return err
		}
	}
	return nil
}

// snapshots checks, untimed, that the cloud copy lists want snapshots, each
// with every photo.
func snapshots(cli, data string, want int) error {
	s, err := measure(bg, []string{cli, "--data-dir", data, "cloud", "list", "--json"})
	if err != nil {
		return err
	}
	var list []struct {
		ID     string         `json:"id"`
		Counts map[string]int `json:"counts"`
	}
	if err := json.Unmarshal([]byte(s.Stdout), &list); err != nil {
		return fmt.Errorf("cloud list --json printed no list: %w", err)
	}
	if len(list) != want {
		return fmt.Errorf("cloud list shows %d snapshots, want %d", len(list), want)
	}
	for _, sn := range list {
		if strings.TrimSpace(sn.ID) == "" || sn.Counts["media files"] == 0 {
			return fmt.Errorf("cloud list shows a snapshot without id or photos: %+v", sn)
		}
	}
	return nil
}
