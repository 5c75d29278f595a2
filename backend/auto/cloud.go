package auto

import (
	"context"
	"errors"
	"time"

	"mahall/backend/cloud"
	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/notice"
	"mahall/backend/retention"
	"mahall/backend/size"
)

// CloudPlace is the place a cloud snapshot is at, in the history list.
const CloudPlace = "cloud"

// maintainEvery is how often the run tidies the cloud copy (kopia's quick
// maintenance): daily is plenty, and it costs a slow line each time.
const maintainEvery = 24 * time.Hour

// CloudOutcome is what happened to the cloud copy in one run.
type CloudOutcome struct {
	Result   history.Result `json:"result"`
	Snapshot string         `json:"snapshot"`
	Size     int64          `json:"size"`
	// Message is for the user, in plain words.
	Message string `json:"message"`
	// Reason is why the copy was not made (Result Failed): the technical
	// detail the window shows after its own plain words.
	Reason string `json:"reason,omitempty"`
	// Warning says what went wrong around a snapshot that was made (keep
	// rules not saved, tidying failed); the snapshot itself is good.
	Warning *notice.Notice `json:"warning,omitempty"`

	err error
}

// Err is why the cloud copy was not made this run; nil when it was.
func (c *CloudOutcome) Err() error {
	if c == nil {
		return nil
	}
	return c.err
}

// cloudCopy sends a cloud snapshot of f when the data folder is connected to
// a cloud copy; nil when it is not. It runs after the local backups, so a
// network that is gone never stops them; the next run sends what is still
// missing. The settings' keep rules are saved as kopia's policy before each
// snapshot, and kopia's quick maintenance runs after a good one at most
// once a day.
func cloudCopy(ctx context.Context, f *folder.Folder, keep retention.Policy, now time.Time) *CloudOutcome {
	l := f.Layout
	if !cloud.Connected(l.Cloud()) {
		return nil
	}
	fail := func(err error) *CloudOutcome {
		return &CloudOutcome{Result: history.Failed, err: err, Reason: err.Error(),
			Message: "The cloud copy was not made this time; it is tried again at the next run. Your local backups are not affected. (" + err.Error() + ")"}
	}
	r, err := cloud.Open(ctx, l.Cloud())
	if err != nil {
		return fail(err)
	}
	defer r.Close(ctx) //nolint:errcheck // the snapshot is recorded or not before this
	var warnings []error
	if !keep.Empty() {
		if err := r.SetRetention(ctx, cloud.Retention{Last: max(keep.Last, 1), Daily: keep.Daily, Weekly: keep.Weekly, Monthly: keep.Monthly}); err != nil {
			if ctx.Err() != nil || errors.Is(err, cloud.ErrUnreachable) {
				return fail(err)
			}
			warnings = append(warnings, err)
		}
	}
	snap, err := r.SnapshotFolder(ctx, f, nil)
	if err != nil {
		return fail(err)
	}
	out := &CloudOutcome{Result: history.OK, Snapshot: snap.ID, Size: snap.Size,
		Message: "Cloud snapshot " + snap.ID + " sent (" + size.Format(snap.Size) + ")."}
	if h, _ := history.Load(l.History()); now.Sub(h.CloudMaintained) >= maintainEvery {
		if err := r.Maintain(ctx, false); err != nil {
			warnings = append(warnings, err)
		} else if err := history.SetCloudMaintained(l.History(), now); err != nil {
			warnings = append(warnings, err)
		}
	}
	if err := errors.Join(warnings...); err != nil {
		w := notice.CloudMadeBut(err)
		out.Warning = &w
	}
	return out
}
