// Package auto is one automatic backup run, the same for the app's schedule,
// its on-close backup and the CLI's backup --auto: skip it when nothing
// changed since the last backup at a destination; check the database first
// (a damaged register must never push out the good backups); make the
// backup once and copy it to every destination folder, each copy read back
// and verified before it counts; a destination that is unplugged, full or
// read-only is reported plainly while the others still get their copy; then
// thin each destination that got a verified new backup by the retention
// policy; and record every attempt in the history.
package auto

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"mahall/backend/backup"
	"mahall/backend/catalog"
	"mahall/backend/crypt"
	"mahall/backend/destination"
	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/backend/restore"
	"mahall/backend/retention"
	"mahall/backend/settings"
)

// Options say what one run does.
type Options struct {
	// Destinations are the folders to back up to. None means the data
	// folder's own backups folder (with a same-disk warning).
	Destinations []string
	// Policy thins each destination after a verified new backup there.
	Policy retention.Policy
	// Force backs up even when nothing changed (the "Back up now" button).
	Force bool
	// Manual marks the history entries as made by a person, not the
	// schedule.
	Manual bool
	// Encryption is the settings' password protection: when it is on, every
	// backup is encrypted to its key (no password is needed to make one).
	Encryption settings.Encryption
	Report     progress.Func
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Outcome is what happened at one destination.
type Outcome struct {
	Destination string         `json:"destination"`
	Result      history.Result `json:"result"`
	File        string         `json:"file"`
	Verified    bool           `json:"verified"`
	// Message is for the user: "unchanged since ...", or what went wrong
	// and what to do, in plain words.
	Message string `json:"message"`
	// Since is, for Unchanged, when the backup that is still current was made.
	Since *time.Time `json:"since"`
	// Deleted are the old backups retention removed there.
	Deleted []string `json:"deleted"`
	// Held says why retention deleted nothing although its rules would have.
	Held string `json:"held,omitempty"`

	err error
}

// Report is the whole run.
type Report struct {
	Outcomes []Outcome `json:"outcomes"`
	// Warnings are for the user too: a destination on the data's own disk.
	Warnings []notice.Notice `json:"warnings"`
	// Cloud is the cloud copy's outcome; nil when the data folder has no
	// cloud connection. Its failure is not the run's error: the local
	// backups stand, and the next run tries the cloud copy again.
	Cloud *CloudOutcome `json:"cloud"`
}

// Failed reports whether any destination has no good backup after the run.
func (r Report) Failed() bool {
	for _, o := range r.Outcomes {
		if o.Result == history.Failed {
			return true
		}
	}
	return false
}

// Run does one automatic backup of the opened data folder f. It returns an
// error when some destination got no good backup; the Report says for each
// what happened. A damaged database fails every destination and deletes
// nothing: the error wraps snapshot.ErrCorrupt.
func Run(ctx context.Context, f *folder.Folder, opt Options) (Report, error) {
	l := f.Layout
	now := opt.Now
	if now == nil {
		now = time.Now
	}
	report := progress.OrNop(opt.Report)
	var rep Report
	dests := slices.Clone(opt.Destinations) // made absolute below; the caller's stay as given
	if len(dests) == 0 {
		if err := os.MkdirAll(l.Backups(), 0o700); err != nil {
			return rep, fmt.Errorf("create the backups folder %s: %w", l.Backups(), err)
		}
		dests = []string{l.Backups()}
		rep.Warnings = append(rep.Warnings, notice.NoFolder(l.Backups()))
	} else {
		for _, d := range dests {
			if st, err := os.Stat(d); err == nil && st.IsDir() {
				if same, err := destination.SameDisk(l.Root, d); err == nil && same {
					rep.Warnings = append(rep.Warnings, notice.OnSameDisk(d))
				}
			}
		}
	}
	for i, d := range dests {
		if abs, err := filepath.Abs(d); err == nil {
			dests[i] = abs
		}
	}

	h, err := history.Load(l.History())
	if err != nil {
		h = history.File{}
	}
	fp, err := Fingerprint(ctx, l)
	if err != nil {
		return rep, err
	}

	// Unchanged since the last good backup there, still on disk: nothing to do.
	var pending []int
	rep.Outcomes = make([]Outcome, len(dests))
	for i, d := range dests {
		rep.Outcomes[i] = Outcome{Destination: d, Deleted: []string{}}
		last, ok := h.LastGood(d)
		if !opt.Force && ok && last.Fingerprint == fp && exists(last.File) {
			rep.Outcomes[i].Result = history.Unchanged
			rep.Outcomes[i].File, rep.Outcomes[i].Verified = last.File, true
			since := last.At
			if b := catalog.Read(last.File); b.Kind != retention.Other {
				since = b.Time
			}
			rep.Outcomes[i].Since = &since
			rep.Outcomes[i].Message = "Unchanged since " + since.Local().Format("2 January 2006, 15:04") + ": no new backup was needed."
			continue
		}
		pending = append(pending, i)
	}

	if len(pending) > 0 {
		err = backUp(ctx, f, opt.Encryption, dests, pending, &rep, now, report)
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			// Cancelled (the app is closing): not a failure to alert about,
			// and nothing worth recording.
			return rep, ctx.Err()
		}
		if err == nil {
			for _, i := range pending {
				if rep.Outcomes[i].Result == history.OK {
					prune(&rep.Outcomes[i], h, opt.Policy, now())
				}
			}
		}
	}

	at := now()
	attempts := make([]history.Attempt, len(rep.Outcomes))
	for i, o := range rep.Outcomes {
		attempts[i] = history.Attempt{At: at, Destination: o.Destination, Result: o.Result, File: o.File,
			Verified: o.Verified, Message: o.Message, Auto: !opt.Manual}
		if o.Result != history.Failed {
			// What the backup there holds, for the next run's unchanged check.
			attempts[i].Fingerprint = fp
		}
	}
	if herr := history.Append(l.History(), attempts...); herr != nil && err == nil {
		rep.Warnings = append(rep.Warnings, notice.HistoryUnsaved(herr))
	}
	if err != nil {
		return rep, err
	}
	rep.Cloud = cloudCopy(ctx, f, opt.Policy, now())
	if ctx.Err() != nil {
		return rep, ctx.Err()
	}
	var errs []error
	for _, o := range rep.Outcomes {
		if o.err != nil {
			errs = append(errs, o.err)
		}
	}
	return rep, errors.Join(errs...)
}

// backUp makes the backup once, in the first destination that takes it,
// and copies it to the other pending ones. It returns an error only when no
// destination could have a backup at all (damaged or missing database,
// cancelled): then every pending outcome says so.
func backUp(ctx context.Context, f *folder.Folder, enc settings.Encryption, dests []string, pending []int, rep *Report, now func() time.Time, report progress.Func) error {
	failAll := func(err error, msg string) error {
		for _, i := range pending {
			rep.Outcomes[i].Result, rep.Outcomes[i].Message, rep.Outcomes[i].err = history.Failed, msg, err
		}
		return err
	}
	lock, err := enc.Lock()
	if err != nil {
		// Never a plain backup in place of the protected one the settings ask for.
		return failAll(err, "No backup was made: "+err.Error())
	}
	if err := quickCheck(ctx, f.DB()); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return failAll(err, "The register's database is damaged, so no backup was made and no old backup was deleted: the backups you have are kept safe. Do not delete them. Restore the newest good backup, or ask for help. ("+err.Error()+")")
	}

	name := destination.Name(now())
	source := "" // the first verified copy, which the others are copied from
	var made catalog.Made
	for _, i := range pending {
		o := &rep.Outcomes[i]
		dir := dests[i]
		fail := func(err error) {
			o.Result, o.err = history.Failed, &destinationError{dir: dir, kind: classify(dir, err), err: err}
			o.Message = o.err.Error()
		}
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			if err == nil {
				err = fmt.Errorf("%s is not a folder", dir)
			}
			fail(err)
			continue
		}
		final, err := backup.UnusedName(dir, name)
		if err != nil {
			fail(err)
			continue
		}
		if source == "" {
			res, err := backup.Options{Lock: lock}.Create(ctx, f, final, report)
			made = res.Made()
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if err != nil && !isDestinationProblem(dir, err) {
				return failAll(err, "No backup was made: "+err.Error())
			}
			if err != nil {
				fail(err)
				continue
			}
		} else if err := copyTo(ctx, source, final, report); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fail(err)
			continue
		}
		if err := checkWritten(ctx, final, report); err != nil {
			if ctx.Err() != nil {
				os.Remove(final)
				return ctx.Err()
			}
			// A copy that does not read back as written must not count as a
			// backup, nor sit there looking like one.
			os.Remove(final)
			fail(fmt.Errorf("the backup written to %s did not read back correctly: %w", final, err))
			continue
		}
		o.Result, o.File, o.Verified = history.OK, final, true
		o.Message = "Backed up to " + final + "."
		catalog.Remember(final, made) // a copy: Create remembered only the first
		if source == "" {
			source = final
		}
	}
	return nil
}

// checkWritten reads a backup just written back and checks it: a plain one
// completely (restore.Verify); an encrypted one as far as is possible
// without its password, which an automatic run does not have
// (crypt.CheckStored).
func checkWritten(ctx context.Context, path string, report progress.Func) error {
	if enc, _ := crypt.IsEncrypted(path); enc {
		return crypt.CheckStored(ctx, path, report)
	}
	_, err := restore.Verify(ctx, path, report)
	return err
}

// isDestinationProblem tells a failure of the place written to (the other
// destinations may still work) from a failure to read the data (none will).
func isDestinationProblem(dir string, err error) bool {
	return errors.Is(err, backup.ErrBadDestination) || classify(dir, err) != problemOther
}

// prune applies the policy to the destination of o, which has just got a
// verified new backup.
func prune(o *Outcome, h history.File, p retention.Policy, now time.Time) {
	bs, err := catalog.Scan(o.Destination)
	if err != nil {
		o.Held = "old backups were not thinned: " + err.Error()
		return
	}
	for i := range bs {
		bs[i].Verified = bs[i].Path == o.File || h.Verified(bs[i].Path)
	}
	plan, err := retention.Apply(catalog.ForRetention(bs), p, retention.State{
		Now: now, NewBackupVerified: true, RecentAttemptsFailed: h.RecentlyFailed(o.Destination),
	})
	if err != nil {
		o.Held = err.Error()
		return
	}
	o.Held = plan.Held
	o.Deleted, err = Prune(plan)
	if err != nil {
		o.Held = err.Error()
	}
}

func exists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}
