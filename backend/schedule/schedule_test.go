package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the DST cases must not depend on the machine's zoneinfo
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// local parses "2006-01-02 15:04" as a wall-clock time in loc.
func local(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		s    Schedule
		want string // "" for valid
	}{
		{Schedule{Kind: Off}, ""},
		{Schedule{Kind: Daily, At: "14:30"}, ""},
		{Schedule{Kind: Daily, At: "00:00"}, ""},
		{Schedule{Kind: Daily, At: "25:00"}, `the backup time "25:00" is not a time of day`},
		{Schedule{Kind: Daily}, `the backup time "" is not a time of day`},
		{Schedule{Kind: Interval, EveryHours: 6}, ""},
		{Schedule{Kind: Interval}, "every 1 to 168 hours, not every 0"},
		{Schedule{Kind: Interval, EveryHours: 169}, "not every 169"},
		{Schedule{Kind: "weekly"}, `"weekly" is not a kind of schedule`},
	} {
		err := tc.s.Validate()
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("%+v: Validate() = %v, want %q", tc.s, err, tc.want)
		}
	}
}

func TestAfterDaily(t *testing.T) {
	london := zone(t, "Europe/London")
	ny := zone(t, "America/New_York")
	for _, tc := range []struct {
		name     string
		loc      *time.Location
		at, last string
		want     time.Time
	}{
		{"before today's time", london, "14:30", "2026-12-01 09:00", local(london, "2026-12-01 14:30")},
		{"exactly at it", london, "14:30", "2026-12-01 14:30", local(london, "2026-12-02 14:30")},
		{"after it", london, "14:30", "2026-12-01 14:31", local(london, "2026-12-02 14:30")},
		{"month and year end", london, "14:30", "2026-12-31 20:00", local(london, "2027-01-01 14:30")},
		// Spring forward, 01:00 GMT -> 02:00 BST: 09:00 stays 09:00, 23 hours on.
		{"spring, London", london, "09:00", "2027-03-27 09:00", time.Date(2027, 3, 28, 8, 0, 0, 0, time.UTC)},
		// Autumn back, 02:00 BST -> 01:00 GMT: 25 hours on.
		{"autumn, London", london, "09:00", "2027-10-30 09:00", time.Date(2027, 10, 31, 9, 0, 0, 0, time.UTC)},
		// 01:30 does not exist on 28 March in London: one slot, where time.Date puts it.
		{"skipped time", london, "01:30", "2027-03-27 01:30", time.Date(2027, 3, 28, 1, 30, 0, 0, london)},
		// 01:30 happens twice on 7 November in New York; a run at the first
		// one moves the next slot to the next day, not to the second 01:30.
		{"repeated time, after the first", ny, "01:30", "2027-11-07 01:30", local(ny, "2027-11-08 01:30")},
		{"spring, New York", ny, "09:00", "2027-03-13 09:00", time.Date(2027, 3, 14, 13, 0, 0, 0, time.UTC)},
	} {
		got := After(Schedule{Kind: Daily, At: tc.at}, local(tc.loc, tc.last), tc.loc)
		if !got.Equal(tc.want) {
			t.Errorf("%s: After(%s) = %s, want %s", tc.name, tc.last, got, tc.want.In(tc.loc))
		}
	}

	// A run at the second 01:30 (a last time stored in UTC, as a file would
	// hold it) is that day's run too.
	second := time.Date(2027, 11, 7, 6, 30, 5, 0, time.UTC) // 01:30:05 EST
	if got, want := After(Schedule{Kind: Daily, At: "01:30"}, second, ny), local(ny, "2027-11-08 01:30"); !got.Equal(want) {
		t.Errorf("after the second 01:30: %s, want %s", got, want)
	}
	// In London time.Date puts a repeated 01:30 at the second one. A backup
	// at 01:40 by the wall clock (the first 01:40, 00:40 UTC) is after that
	// day's time, so the next slot is the next day, as on any other day.
	between := time.Date(2027, 10, 31, 0, 40, 0, 0, time.UTC)
	if got, want := After(Schedule{Kind: Daily, At: "01:30"}, between, london), local(london, "2027-11-01 01:30"); !got.Equal(want) {
		t.Errorf("after the first 01:40: %s, want %s", got, want)
	}
}

func TestAfterIntervalCountsRealHours(t *testing.T) {
	london := zone(t, "Europe/London")
	last := local(london, "2027-03-28 00:30") // GMT; an hour later the clocks jump
	got := After(Schedule{Kind: Interval, EveryHours: 2}, last, london)
	if got.Sub(last) != 2*time.Hour || got.Format("15:04 MST") != "03:30 BST" {
		t.Errorf("After = %s (%s later)", got, got.Sub(last))
	}
	if !After(Schedule{Kind: Off}, last, london).IsZero() {
		t.Error("Off has a slot")
	}
}

func TestNext(t *testing.T) {
	london := zone(t, "Europe/London")
	daily := Schedule{Kind: Daily, At: "14:30"}
	now := local(london, "2026-12-03 09:00")
	for _, tc := range []struct {
		name string
		s    Schedule
		rec  Record
		want time.Time
		due  bool
	}{
		{"off", Schedule{Kind: Off}, Record{}, time.Time{}, false},
		{"invalid", Schedule{Kind: Daily, At: "noon"}, Record{}, time.Time{}, false},
		{"never run: due now", daily, Record{}, now, true},
		{"ran yesterday after the slot", daily, Record{LastRun: local(london, "2026-12-02 14:31")},
			local(london, "2026-12-03 14:30"), false},
		// Two slots missed (1 and 2 December): due once, at the first.
		{"missed slots", daily, Record{LastRun: local(london, "2026-11-30 14:31")},
			local(london, "2026-12-01 14:30"), true},
		{"persisted next-due wins", daily, Record{LastRun: local(london, "2026-12-02 14:31"), NextDue: local(london, "2026-12-03 08:00")},
			local(london, "2026-12-03 08:00"), true},
		// A clock once set years ahead left a next-due in 2031.
		{"far-future next-due", daily, Record{NextDue: local(london, "2031-01-01 14:30")},
			local(london, "2026-12-03 14:30"), false},
		{"every 6 hours", Schedule{Kind: Interval, EveryHours: 6}, Record{LastRun: local(london, "2026-12-03 04:00")},
			local(london, "2026-12-03 10:00"), false},
	} {
		got := Next(tc.s, tc.rec, now)
		if !got.Equal(tc.want) {
			t.Errorf("%s: Next = %s, want %s", tc.name, got, tc.want)
		}
		if d := Due(tc.s, tc.rec, now); d != tc.due {
			t.Errorf("%s: Due = %v, want %v", tc.name, d, tc.due)
		}
	}
}

func TestFinished(t *testing.T) {
	london := zone(t, "Europe/London")
	end := local(london, "2026-12-03 09:00")
	prev := Record{LastRun: local(london, "2026-12-01 14:30")}

	ok := Finished(Schedule{Kind: Daily, At: "14:30"}, Record{LastRun: prev.LastRun, LastError: "old", LastFailure: end}, end, nil)
	if want := (Record{LastRun: end, NextDue: local(london, "2026-12-03 14:30")}); ok != want {
		t.Errorf("success: %+v, want %+v", ok, want)
	}

	failed := Finished(Schedule{Kind: Daily, At: "14:30"}, prev, end, errors.New("the backup drive is not plugged in"))
	if !failed.LastRun.Equal(prev.LastRun) || !failed.NextDue.Equal(end.Add(RetryAfter)) ||
		!failed.LastFailure.Equal(end) || failed.LastError != "the backup drive is not plugged in" {
		t.Errorf("failure: %+v", failed)
	}
	// The next slot is sooner than the retry: the slot it is.
	soon := Finished(Schedule{Kind: Daily, At: "09:30"}, prev, end, errors.New("x"))
	if !soon.NextDue.Equal(local(london, "2026-12-03 09:30")) {
		t.Errorf("failure before a slot: next due %s", soon.NextDue)
	}
}

func TestOnCloseDue(t *testing.T) {
	now := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		last time.Time
		want bool
	}{
		{time.Time{}, true},
		{now.Add(-29 * time.Minute), false},
		{now.Add(-30 * time.Minute), true},
		{now.Add(-5 * time.Hour), true},
		{now.Add(2 * time.Hour), true}, // the clock was set back
	} {
		if got := OnCloseDue(tc.last, now); got != tc.want {
			t.Errorf("OnCloseDue(last %s) = %v, want %v", tc.last, got, tc.want)
		}
	}
}
