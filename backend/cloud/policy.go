package cloud

import (
	"context"
	"fmt"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/maintenance"
	"github.com/kopia/kopia/snapshot"
	"github.com/kopia/kopia/snapshot/policy"
	"github.com/kopia/kopia/snapshot/snapshotmaintenance"
)

// source is the one kopia source all our snapshots belong to, whatever
// folder the caller staged them in and whichever computer made them.
var source = snapshot.SourceInfo{Host: kopiaHost, UserName: kopiaUser, Path: "/mahall-register"}

// Retention is how many snapshots to keep: the newest Last, and the newest
// of each of the last Daily days, Weekly weeks and Monthly months. A snapshot
// kept by any rule stays. Zero turns a rule off.
type Retention struct {
	Last, Daily, Weekly, Monthly int
}

// DefaultRetention is what a new cloud copy keeps until SetRetention.
var DefaultRetention = Retention{Last: 7, Daily: 14, Weekly: 8, Monthly: 12}

// alreadyCompressed lists the media kinds compressing costs time for nothing.
var alreadyCompressed = []string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".avif",
	".zip", ".gz", ".mp4", ".mp3", ".pdf"}

func sourcePolicy(r Retention) *policy.Policy {
	n := func(v int) *policy.OptionalInt { o := policy.OptionalInt(v); return &o }
	no := policy.OptionalBool(false)
	return &policy.Policy{
		RetentionPolicy: policy.RetentionPolicy{
			KeepLatest:  n(r.Last),
			KeepHourly:  n(0),
			KeepDaily:   n(r.Daily),
			KeepWeekly:  n(r.Weekly),
			KeepMonthly: n(r.Monthly),
			KeepAnnual:  n(0),
			// A daily run with nothing changed still counts as that day's copy.
			IgnoreIdenticalSnapshots: &no,
		},
		CompressionPolicy: policy.CompressionPolicy{
			CompressorName: "zstd-fastest",
			NeverCompress:  alreadyCompressed,
		},
	}
}

// SetRetention records the keep rules as kopia's policy for our snapshots;
// each Snapshot then removes what no rule keeps (Maintain frees the space).
func (r *Repository) SetRetention(ctx context.Context, keep Retention) error {
	if keep.Last < 1 {
		return fmt.Errorf("the cloud copy must keep at least the newest snapshot (keep-last is %d)", keep.Last)
	}
	err := repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "mahall-retention"}, func(ctx context.Context, w repo.RepositoryWriter) error {
		if err := policy.SetPolicy(ctx, w, source, sourcePolicy(keep)); err != nil {
			return err
		}
		_, err := policy.ApplyRetentionPolicy(ctx, w, source, true)
		return err
	})
	return classify("save the cloud copy's keep rules", err)
}

// Maintain runs kopia's maintenance: quick (index compaction, small) or full
// (also deletes data no snapshot refers to any more, after kopia's safety
// margin, so a snapshot being written elsewhere is never harmed). The
// scheduler calls it; kopia itself decides whether a cycle is due, so
// calling it often is cheap.
func (r *Repository) Maintain(ctx context.Context, full bool) error {
	mode := maintenance.ModeQuick
	if full {
		mode = maintenance.ModeFull
	}
	err := repo.DirectWriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "mahall-maintenance"}, func(ctx context.Context, w repo.DirectRepositoryWriter) error {
		return snapshotmaintenance.Run(ctx, w, mode, false, maintenance.SafetyFull)
	})
	return classify("tidy the cloud copy", err)
}
