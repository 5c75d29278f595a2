package auto

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"mahall/backend/catalog"
	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/notice"
	"mahall/backend/retention"
	"mahall/backend/settings"
)

// FromSettings is the run the settings ask for: their destinations,
// retention and password protection.
func FromSettings(s settings.Settings) Options {
	opt := Options{Policy: s.Retention, Encryption: s.Encryption}
	for _, d := range s.Destinations {
		opt.Destinations = append(opt.Destinations, d.Path)
	}
	return opt
}

// Folders are the folders backups are looked for in: the destinations, then
// the data folder's own backups folder (where manual and safety backups
// go), each once.
func Folders(l folder.Layout, dests []string) []string {
	var out []string
	for _, d := range append(slices.Clone(dests), l.Backups()) {
		if abs, err := filepath.Abs(d); err == nil {
			d = abs
		}
		if !slices.ContainsFunc(out, func(o string) bool { return history.SameFolder(o, d) }) {
			out = append(out, d)
		}
	}
	return out
}

// ListAll is every backup in dirs, newest first, each marked verified when
// the history says it was. A folder that is not there (an unplugged drive)
// is skipped with a warning, except the data folder's own backups folder,
// which is simply empty until the first backup.
func ListAll(l folder.Layout, dirs []string) (bs []catalog.Backup, warnings []notice.Notice) {
	h, _ := history.Load(l.History())
	bs = []catalog.Backup{}
	for _, d := range dirs {
		found, err := catalog.Scan(d)
		if err != nil {
			if !history.SameFolder(d, l.Backups()) {
				warnings = append(warnings, notice.NotThere(d, DriveName(d)))
			}
			continue
		}
		for i := range found {
			found[i].Verified = h.Verified(found[i].Path)
		}
		bs = append(bs, found...)
	}
	catalog.Sort(bs)
	return bs, warnings
}

// PlanPrune says what retention would keep and delete in dir now. Since
// nothing may be deleted before the folder holds a good backup, the newest
// backup there is read back and verified first (unless the history already
// says it was); if it fails, the plan deletes nothing.
func PlanPrune(ctx context.Context, l folder.Layout, dir string, p retention.Policy, now time.Time) (retention.Plan, error) {
	bs, err := catalog.Scan(dir)
	if err != nil {
		return retention.Plan{}, err
	}
	h, _ := history.Load(l.History())
	newestOK := false
	for i := range bs {
		bs[i].Verified = h.Verified(bs[i].Path)
	}
	for i := range bs {
		if bs[i].Kind != retention.Regular {
			continue
		}
		if !bs[i].Verified {
			verr := checkWritten(ctx, bs[i].Path, nil)
			if ctx.Err() != nil {
				return retention.Plan{}, ctx.Err()
			}
			bs[i].Verified = verr == nil
		}
		newestOK = bs[i].Verified
		break
	}
	return retention.Apply(catalog.ForRetention(bs), p, retention.State{
		Now: now, NewBackupVerified: newestOK, RecentAttemptsFailed: h.RecentlyFailed(dir),
	})
}

// Prune deletes what plan deletes, and returns the paths it deleted.
func Prune(plan retention.Plan) (deleted []string, err error) {
	deleted = []string{}
	for _, b := range plan.Delete() {
		if rerr := os.Remove(b.ID); rerr != nil {
			err = fmt.Errorf("delete the old backup %s: %w", b.ID, rerr)
			continue
		}
		deleted = append(deleted, b.ID)
	}
	return deleted, err
}
