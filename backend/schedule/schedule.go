// Package schedule says when the next automatic backup is due, and runs it.
//
// The decisions are pure functions of the schedule, a small persisted Record
// (the last good run and the next-due time) and the wall clock, as in kopia's
// scheduling policy: a backup missed while the computer slept or the app was
// closed is due at once when it wakes or starts, and runs once, not once per
// missed slot, because the next slot is always counted from the last run.
// Runner applies them against an injected clock.
package schedule

import (
	"errors"
	"fmt"
	"time"
)

// Kind is how often backups run.
type Kind string

const (
	Off      Kind = "off"      // no automatic backups
	Daily    Kind = "daily"    // every day at Schedule.At, local time
	Interval Kind = "interval" // every Schedule.EveryHours hours
)

// MaxEveryHours bounds Interval: a week. Longer than that is not a schedule
// that protects anyone's data.
const MaxEveryHours = 7 * 24

// Schedule is when automatic backups run. Its JSON is what the settings file
// holds under "schedule".
type Schedule struct {
	Kind       Kind   `json:"kind"`
	At         string `json:"at,omitempty"`         // "HH:MM", 24-hour, local time; Daily only
	EveryHours int    `json:"everyHours,omitempty"` // Interval only
}

// Validate says in plain words what is wrong with the schedule.
func (s Schedule) Validate() error {
	switch s.Kind {
	case Off:
		return nil
	case Daily:
		_, _, err := s.clock()
		return err
	case Interval:
		if s.EveryHours < 1 || s.EveryHours > MaxEveryHours {
			return fmt.Errorf("automatic backups can run every 1 to %d hours, not every %d", MaxEveryHours, s.EveryHours)
		}
		return nil
	}
	return fmt.Errorf("%q is not a kind of schedule: use %q, %q or %q", s.Kind, Off, Daily, Interval)
}

// clock is Daily's hour and minute.
func (s Schedule) clock() (hour, minute int, err error) {
	t, perr := time.Parse("15:04", s.At)
	if perr != nil {
		return 0, 0, fmt.Errorf("the backup time %q is not a time of day: write hours and minutes, like 14:30", s.At)
	}
	return t.Hour(), t.Minute(), nil
}

// After is the first slot of s strictly after t, counted in loc (the user's
// time zone), or the zero time when s is Off or invalid.
//
// Daily slots come from time.Date in loc, so they stay at the same wall-clock
// time across daylight-saving changes (23 or 25 hours apart). A time that a
// change skips or repeats is one slot: a run at or after that day's time of
// day, by the clock on the wall, moves the next slot to the next day, so an
// hour that happens twice never runs twice.
func After(s Schedule, t time.Time, loc *time.Location) time.Time {
	t = t.Round(0) // wall clock only; see Runner
	switch s.Kind {
	case Daily:
		hour, minute, err := s.clock()
		if err != nil {
			return time.Time{}
		}
		t = t.In(loc)
		y, m, d := t.Date()
		slot := time.Date(y, m, d, hour, minute, 0, 0, loc)
		if t.Hour()*60+t.Minute() < hour*60+minute && slot.After(t) {
			return slot
		}
		return time.Date(y, m, d+1, hour, minute, 0, 0, loc)
	case Interval:
		if s.Validate() != nil {
			return time.Time{}
		}
		return t.Add(time.Duration(s.EveryHours) * time.Hour).In(loc)
	}
	return time.Time{}
}

// Record is what the schedule remembers between runs of the app: it is
// persisted through a Store.
type Record struct {
	// LastRun is when the last successful automatic backup finished.
	LastRun time.Time `json:"lastRun,omitzero"`
	// NextDue is when the next one is due; zero means "work it out again"
	// (after the schedule changed).
	NextDue time.Time `json:"nextDue,omitzero"`
	// LastFailure and LastError are the last failed attempt since LastRun,
	// for the alert the app shows until the next backup succeeds.
	LastFailure time.Time `json:"lastFailure,omitzero"`
	LastError   string    `json:"lastError,omitempty"`
}

// RetryAfter is how soon a failed automatic backup is tried again (a drive
// that was unplugged may be back), unless the schedule's next slot is sooner.
const RetryAfter = time.Hour

// Next is when the next automatic backup is due, at now (whose location is
// the user's time zone): the zero time when s is Off; the persisted NextDue;
// else the slot after LastRun; else, never having run, now. A time not after
// now means due now, however many slots were missed.
//
// Next never lies further ahead than the slot after now: a NextDue or LastRun
// from a clock that was set wrong (years ahead) must not stop backups.
func Next(s Schedule, rec Record, now time.Time) time.Time {
	if s.Kind == Off || s.Validate() != nil {
		return time.Time{}
	}
	now = now.Round(0)
	loc := now.Location()
	next := rec.NextDue
	if next.IsZero() {
		if rec.LastRun.IsZero() {
			return now
		}
		next = After(s, rec.LastRun, loc)
	}
	if limit := After(s, now, loc); next.After(limit) {
		next = limit
	}
	return next.In(loc)
}

// Due is true when a backup is due at now.
func Due(s Schedule, rec Record, now time.Time) bool {
	next := Next(s, rec, now)
	return !next.IsZero() && !now.Round(0).Before(next)
}

// Finished is the record after an automatic backup that ended at end, with
// err its result. Success counts the next slot from end; failure keeps the
// last good run and tries again after RetryAfter, or at the next slot if that
// is sooner.
func Finished(s Schedule, rec Record, end time.Time, err error) Record {
	end = end.Round(0)
	next := After(s, end, end.Location())
	if err == nil {
		return Record{LastRun: end, NextDue: next}
	}
	retry := end.Add(RetryAfter)
	if next.IsZero() || retry.Before(next) {
		next = retry
	}
	if s.Kind == Off {
		next = time.Time{}
	}
	rec.NextDue = next
	rec.LastFailure = end
	rec.LastError = err.Error()
	return rec
}

// CloseThrottle is how recent a backup makes the on-close backup unneeded.
const CloseThrottle = 30 * time.Minute

// OnCloseDue says whether closing the app should make a backup: not when one
// finished less than CloseThrottle before now. A last time ahead of now (the
// clock was set back) does not count as recent.
func OnCloseDue(lastFinished, now time.Time) bool {
	if lastFinished.IsZero() {
		return true
	}
	age := now.Round(0).Sub(lastFinished.Round(0))
	return age < 0 || age >= CloseThrottle
}

// ErrBusy is returned when a backup is asked for while one is running.
var ErrBusy = errors.New("a backup is already running")
