package retention

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// at parses "2006-01-02 15:04" in UTC.
func at(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// reg is a verified regular backup named for its time.
func reg(s string) Backup { return Backup{ID: s, Time: at(s), Kind: Regular, Verified: true} }

func unverified(s string) Backup { b := reg(s); b.Verified = false; return b }

func safety(s string) Backup { b := reg(s); b.Kind = Safety; b.ID = "pre-restore " + s; return b }

var ok = State{Now: at("2026-12-01 12:00"), NewBackupVerified: true}

func ids(bs []Backup) []string {
	out := []string{}
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out
}

func TestApplyGolden(t *testing.T) {
	tests := []struct {
		name    string
		backups []Backup
		policy  Policy
		state   State
		delete  []string // newest first
		held    bool
	}{
		{name: "no backups", policy: Policy{Last: 1}, state: ok, delete: []string{}},
		{
			name: "keep-last 2 keeps the two newest and the oldest",
			backups: []Backup{reg("2026-11-27 10:00"), reg("2026-11-28 10:00"), reg("2026-11-29 10:00"),
				reg("2026-11-30 10:00"), reg("2026-12-01 10:00")},
			policy: Policy{Last: 2}, state: ok,
			delete: []string{"2026-11-29 10:00", "2026-11-28 10:00"},
		},
		{
			name: "keep-daily keeps the newest of each of the last N days that have backups",
			backups: []Backup{reg("2026-11-20 09:00"), reg("2026-11-25 08:00"), reg("2026-11-25 18:00"),
				reg("2026-11-30 07:00"), reg("2026-11-30 12:00"), reg("2026-11-30 23:59"), reg("2026-12-01 00:01")},
			policy: Policy{Daily: 3}, state: ok,
			delete: []string{"2026-11-30 12:00", "2026-11-30 07:00", "2026-11-25 08:00"},
		},
		{
			name: "ISO weeks start on Monday",
			backups: []Backup{reg("2026-11-01 10:00"), reg("2026-11-28 10:00"), reg("2026-11-29 10:00"),
				reg("2026-11-30 10:00")},
			policy: Policy{Weekly: 2}, state: ok,
			delete: []string{"2026-11-28 10:00"},
		},
		{
			name: "an ISO week spans the new year",
			backups: []Backup{reg("2026-12-01 10:00"), reg("2026-12-28 10:00"), reg("2026-12-31 10:00"),
				reg("2027-01-03 10:00"), reg("2027-01-04 10:00")},
			policy: Policy{Weekly: 2}, state: ok,
			delete: []string{"2026-12-31 10:00", "2026-12-28 10:00"},
		},
		{
			name: "keep-monthly",
			backups: []Backup{reg("2026-08-01 10:00"), reg("2026-09-05 10:00"), reg("2026-10-01 10:00"),
				reg("2026-10-31 10:00"), reg("2026-11-15 10:00"), reg("2026-12-01 10:00")},
			policy: Policy{Monthly: 3}, state: ok,
			delete: []string{"2026-10-01 10:00", "2026-09-05 10:00"},
		},
		{
			name: "rules overlap: a period counts even when another rule keeps its newest",
			backups: []Backup{reg("2026-11-28 10:00"), reg("2026-11-29 10:00"), reg("2026-11-30 10:00"),
				reg("2026-12-01 09:00"), reg("2026-12-01 10:00")},
			policy: Policy{Last: 1, Daily: 2}, state: ok,
			delete: []string{"2026-12-01 09:00", "2026-11-29 10:00"},
		},
		{
			name: "the newest verified backup is kept even when no rule keeps it",
			backups: []Backup{reg("2026-11-26 10:00"), unverified("2026-11-27 10:00"), reg("2026-11-28 10:00"),
				unverified("2026-11-29 10:00"), unverified("2026-11-30 10:00")},
			policy: Policy{Last: 1}, state: ok,
			delete: []string{"2026-11-29 10:00", "2026-11-27 10:00"},
		},
		{
			name:    "nothing is deleted before a new backup was verified",
			backups: []Backup{reg("2026-11-28 10:00"), reg("2026-11-29 10:00"), reg("2026-11-30 10:00")},
			policy:  Policy{Last: 1}, state: State{Now: ok.Now},
			delete: []string{}, held: true,
		},
		{
			name:    "nothing is deleted while recent attempts failed",
			backups: []Backup{reg("2026-11-28 10:00"), reg("2026-11-29 10:00"), reg("2026-11-30 10:00")},
			policy:  Policy{Last: 1}, state: State{Now: ok.Now, NewBackupVerified: true, RecentAttemptsFailed: true},
			delete: []string{}, held: true,
		},
		{
			name: "files that are not backups are never deleted",
			backups: []Backup{{ID: "holiday.jpg", Time: at("2020-01-01 00:00")}, reg("2026-11-28 10:00"),
				reg("2026-11-29 10:00"), reg("2026-11-30 10:00"), {ID: "notes.txt", Time: at("2026-11-29 11:00")}},
			policy: Policy{Last: 1}, state: ok,
			delete: []string{"2026-11-29 10:00"},
		},
		{
			name: "safety backups: the last 3 are kept however old",
			backups: []Backup{safety("2026-06-01 10:00"), safety("2026-07-01 10:00"), safety("2026-08-01 10:00"),
				safety("2026-09-01 10:00"), safety("2026-10-01 10:00")},
			policy: Policy{Last: 1}, state: ok,
			delete: []string{"pre-restore 2026-07-01 10:00", "pre-restore 2026-06-01 10:00"},
		},
		{
			name: "safety backups: everything younger than 30 days is kept",
			backups: []Backup{safety("2026-10-01 10:00"), safety("2026-11-01 12:01"), safety("2026-11-10 10:00"),
				safety("2026-11-20 10:00"), safety("2026-11-30 10:00"), reg("2026-11-30 11:00")},
			policy: Policy{Last: 1}, state: ok,
			delete: []string{"pre-restore 2026-10-01 10:00"},
		},
		{
			name:    "an empty policy keeps everything",
			backups: []Backup{reg("2026-11-28 10:00"), reg("2026-11-29 10:00"), reg("2026-11-30 10:00")},
			state:   ok, delete: []string{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := Apply(tc.backups, tc.policy, tc.state)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(plan.Delete()); !slices.Equal(got, tc.delete) {
				t.Errorf("delete = %q, want %q", got, tc.delete)
			}
			if len(plan.Decisions) != len(tc.backups) {
				t.Errorf("%d decisions for %d backups", len(plan.Decisions), len(tc.backups))
			}
			if (plan.Held != "") != tc.held {
				t.Errorf("Held = %q, want held %v", plan.Held, tc.held)
			}
			for _, d := range plan.Decisions {
				if len(d.Reasons) == 0 {
					t.Errorf("%s: no reason given", d.ID)
				}
			}
		})
	}
}

// The reasons are what `prune --dry-run` shows, so their words matter.
func TestApplyReasons(t *testing.T) {
	backups := []Backup{reg("2026-11-20 10:00"), reg("2026-11-29 09:00"), reg("2026-11-29 10:00"),
		unverified("2026-11-30 10:00"), {ID: "x.txt", Time: at("2026-11-30 10:00")}}
	plan, err := Apply(backups, Policy{Last: 1, Daily: 2, Weekly: 1}, ok)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"2026-11-30 10:00": "one of the last 1; the newest of day 2026-11-30; the newest of week 2026-W49",
		"x.txt":            "not a Mahall backup: never touched",
		"2026-11-29 10:00": "the newest of day 2026-11-29; the newest verified backup: never deleted",
		"2026-11-29 09:00": "no rule keeps it",
		"2026-11-20 10:00": "the oldest backup: never deleted",
	}
	for _, d := range plan.Decisions {
		if got := strings.Join(d.Reasons, "; "); got != want[d.ID] {
			t.Errorf("%s: reasons %q, want %q", d.ID, got, want[d.ID])
		}
	}

	held, err := Apply(backups, Policy{Last: 1}, State{Now: ok.Now})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range held.Decisions {
		if d.ID == "2026-11-29 09:00" && strings.Join(d.Reasons, "; ") !=
			"no rule keeps it; nothing is deleted until a new backup at this destination has been verified" {
			t.Errorf("held backup's reasons: %q", d.Reasons)
		}
	}
}

func TestApplyRejectsNegativeCounts(t *testing.T) {
	_, err := Apply([]Backup{reg("2026-11-30 10:00")}, Policy{Daily: -1}, ok)
	if err == nil || !strings.Contains(err.Error(), "number of days to keep cannot be below zero") {
		t.Fatalf("err = %v", err)
	}
}

// Days are the days of the backup's own time zone: 23:30 in New York is the
// next day in UTC, but it is that evening's backup for its user.
func TestApplyCountsDaysInTheBackupsZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip(err)
	}
	mk := func(s string) Backup {
		t, _ := time.ParseInLocation("2006-01-02 15:04", s, ny)
		return Backup{ID: s, Time: t, Kind: Regular, Verified: true}
	}
	backups := []Backup{mk("2026-11-28 10:00"), mk("2026-11-29 20:00"), mk("2026-11-29 23:30"), mk("2026-11-30 08:00")}
	plan, err := Apply(backups, Policy{Daily: 2}, ok)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(plan.Delete()); !slices.Equal(got, []string{"2026-11-29 20:00"}) {
		t.Errorf("delete = %q", got)
	}
}
