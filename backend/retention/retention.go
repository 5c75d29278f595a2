// Package retention decides which backups in one destination folder to keep
// and which to delete. It is a pure function of the list of backups, a policy
// and a few facts about the destination: it reads no files and deletes
// nothing, so the CLI's dry run and the real prune share every decision.
//
// The policy has restic's semantics for keep-last, keep-daily, keep-weekly
// (ISO weeks) and keep-monthly: for each of the last N days (weeks, months)
// that has backups, the newest backup of that period is kept. The rules are
// independent: one backup may be kept for several reasons, and a period counts
// even when its newest backup is already kept by another rule. On top of the
// policy, some backups are never deleted, whatever it says (see Apply).
package retention

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Kind says what a file in a destination folder is.
type Kind int

const (
	// Other is any file that is not a Mahall backup: never deleted.
	Other Kind = iota
	// Regular is a Mahall backup, made by hand or on a schedule.
	Regular
	// Safety is a backup a restore made of the data it replaced
	// (pre-restore-*.zip); it follows its own rule (SafetyKeepLast, SafetyKeepAge).
	Safety
)

// Safety backups are how a user undoes a restore, so they are kept by count
// and by age, never thinned by the policy.
const (
	SafetyKeepLast = 3
	SafetyKeepAge  = 30 * 24 * time.Hour
)

// Backup is one file in a destination folder.
type Backup struct {
	// ID is the caller's handle for the file (its path); Apply only sorts by it
	// to break ties between backups with the same time.
	ID string
	// Time is the backup's manifest created_at, or for a legacy file without
	// one its modification time. Days, weeks and months are counted in Time's
	// location, so pass local times (t.Local()).
	Time     time.Time
	Kind     Kind
	Verified bool // read back and checked against its manifest
}

// Policy says how many of the newest backups, days, ISO weeks and months to
// keep a backup for. A zero Policy keeps everything.
type Policy struct {
	Last    int `json:"keepLast"`
	Daily   int `json:"keepDaily"`
	Weekly  int `json:"keepWeekly"`
	Monthly int `json:"keepMonthly"`
}

// Empty is true when the policy has no rule; Apply then deletes nothing.
func (p Policy) Empty() bool { return p == Policy{} }

// Validate says in plain words what is wrong with the policy.
func (p Policy) Validate() error {
	var errs []error
	for _, f := range []struct {
		what string
		n    int
	}{{"last backups", p.Last}, {"days", p.Daily}, {"weeks", p.Weekly}, {"months", p.Monthly}} {
		if f.n < 0 {
			errs = append(errs, fmt.Errorf("the number of %s to keep cannot be below zero (it is %d): use 0 or more", f.what, f.n))
		}
	}
	return errors.Join(errs...)
}

// State is what Apply needs to know about the destination besides its files.
type State struct {
	// Now is the current time, for the safety backups' age rule.
	Now time.Time
	// NewBackupVerified is true when a backup made in this run at this
	// destination was read back and verified. Without it nothing is deleted:
	// a destination must never lose old backups before it has a good new one.
	NewBackupVerified bool
	// RecentAttemptsFailed is true when the latest attempts at this destination
	// failed. Nothing is deleted then: the old backups may be all that is good.
	RecentAttemptsFailed bool
}

// Decision is what Apply decided for one backup, and why.
type Decision struct {
	Backup
	Keep bool
	// Reasons are plain words: every rule that keeps the backup, or why it
	// may be deleted.
	Reasons []string
}

// Plan is Apply's answer: one Decision per backup, newest first.
type Plan struct {
	Decisions []Decision
	// Held says, when not empty, why nothing is deleted this time although the
	// policy alone would delete something.
	Held string
}

// Delete lists the backups the plan deletes, newest first.
func (p Plan) Delete() []Backup { return p.pick(false) }

// Keep lists the files the plan keeps (non-backups included), newest first.
func (p Plan) Keep() []Backup { return p.pick(true) }

func (p Plan) pick(keep bool) []Backup {
	var out []Backup
	for _, d := range p.Decisions {
		if d.Keep == keep {
			out = append(out, d.Backup)
		}
	}
	return out
}

// Reasons in the plan, kept short so a dry run reads as a list.
const (
	reasonOther        = "not a Mahall backup: never touched"
	reasonEmpty        = "no retention rule is set: everything is kept"
	reasonNewestOK     = "the newest verified backup: never deleted"
	reasonOldest       = "the oldest backup: never deleted"
	reasonNotKept      = "no rule keeps it"
	reasonSafetyLast   = "safety backup: one of the last 3"
	reasonSafetyYoung  = "safety backup: younger than 30 days"
	reasonSafetyOld    = "safety backup: older than 30 days and not one of the last 3"
	heldNoNewBackup    = "nothing is deleted until a new backup at this destination has been verified"
	heldRecentFailures = "nothing is deleted while the recent backups to this destination failed"
)

// Apply decides, for every backup, whether to keep it. Besides the policy:
//   - files of Kind Other are always kept;
//   - the newest verified regular backup and the oldest regular backup are
//     always kept;
//   - safety backups are kept when they are among the last SafetyKeepLast or
//     younger than SafetyKeepAge;
//   - nothing is deleted unless st.NewBackupVerified and not
//     st.RecentAttemptsFailed; the plan then says why in Held, and the
//     backups the rules would delete are kept with that reason.
//
// Apply returns an error only for an invalid policy.
func Apply(backups []Backup, p Policy, st State) (Plan, error) {
	if err := p.Validate(); err != nil {
		return Plan{}, err
	}
	ds := make([]Decision, len(backups))
	for i, b := range backups {
		ds[i] = Decision{Backup: b}
	}
	slices.SortStableFunc(ds, func(a, b Decision) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})

	var regular, safety []*Decision
	for i := range ds {
		switch d := &ds[i]; d.Kind {
		case Regular:
			regular = append(regular, d)
		case Safety:
			safety = append(safety, d)
		default:
			d.keep(reasonOther)
		}
	}
	applyPolicy(regular, p)
	applySafety(safety, st.Now)

	plan := Plan{Decisions: ds}
	held := ""
	switch {
	case st.RecentAttemptsFailed:
		held = heldRecentFailures
	case !st.NewBackupVerified:
		held = heldNoNewBackup
	}
	if held != "" {
		for i := range ds {
			if !ds[i].Keep {
				plan.Held = held
				ds[i].Keep = true
				ds[i].Reasons = append(ds[i].Reasons, held)
			}
		}
	}
	return plan, nil
}

func (d *Decision) keep(reason string) {
	d.Keep = true
	d.Reasons = append(d.Reasons, reason)
}

// applyPolicy marks regular backups (newest first) kept or not.
func applyPolicy(list []*Decision, p Policy) {
	if len(list) == 0 {
		return
	}
	if p.Empty() {
		for _, d := range list {
			d.keep(reasonEmpty)
		}
		return
	}
	for i, d := range list {
		if i < p.Last {
			d.keep(fmt.Sprintf("one of the last %d", p.Last))
		}
	}
	for _, r := range []struct {
		n      int
		period func(time.Time) string
	}{
		{p.Daily, func(t time.Time) string { return "day " + t.Format("2006-01-02") }},
		{p.Weekly, func(t time.Time) string {
			y, w := t.ISOWeek()
			return fmt.Sprintf("week %04d-W%02d", y, w)
		}},
		{p.Monthly, func(t time.Time) string { return "month " + t.Format("2006-01") }},
	} {
		keepNewestPerPeriod(list, r.n, r.period)
	}
	for _, d := range list {
		if d.Verified {
			d.keep(reasonNewestOK)
			break
		}
	}
	list[len(list)-1].keep(reasonOldest)
	for _, d := range list {
		if !d.Keep {
			d.Reasons = append(d.Reasons, reasonNotKept)
		}
	}
}

// keepNewestPerPeriod keeps the newest backup of each of the n most recent
// periods that have backups. list is newest first, so the first backup seen
// in a period is its newest.
func keepNewestPerPeriod(list []*Decision, n int, period func(time.Time) string) {
	last := ""
	for _, d := range list {
		if n <= 0 {
			return
		}
		if p := period(d.Time); p != last {
			d.keep("the newest of " + p)
			last = p
			n--
		}
	}
}

func applySafety(list []*Decision, now time.Time) {
	for i, d := range list {
		if i < SafetyKeepLast {
			d.keep(reasonSafetyLast)
		}
		if now.Sub(d.Time) < SafetyKeepAge {
			d.keep(reasonSafetyYoung)
		}
		if !d.Keep {
			d.Reasons = append(d.Reasons, reasonSafetyOld)
		}
	}
}
