package retention

import (
	"fmt"
	"math/rand"
	"slices"
	"sort"
	"testing"
	"time"
)

// randomHistory is up to 80 files over about two years: mostly regular
// backups, some safety backups and other files, some unverified, with bursts
// of several backups a day and equal times now and then.
func randomHistory(r *rand.Rand, loc *time.Location) []Backup {
	n := r.Intn(80)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, loc)
	out := make([]Backup, n)
	for i := range out {
		var t time.Time
		if i > 0 && r.Intn(6) == 0 {
			t = out[r.Intn(i)].Time // the same minute as another file
		} else {
			t = start.Add(time.Duration(r.Int63n(int64(700 * 24 * time.Hour)))).Truncate(time.Minute)
		}
		k := Regular
		switch r.Intn(10) {
		case 0:
			k = Other
		case 1:
			k = Safety
		}
		out[i] = Backup{ID: fmt.Sprintf("f%03d", i), Time: t, Kind: k, Verified: r.Intn(3) > 0}
	}
	return out
}

func randomPolicy(r *rand.Rand) Policy {
	return Policy{Last: r.Intn(5), Daily: r.Intn(9), Weekly: r.Intn(6), Monthly: r.Intn(14)}
}

func keptIDs(p Plan) map[string]bool {
	m := map[string]bool{}
	for _, b := range p.Keep() {
		m[b.ID] = true
	}
	return m
}

// newestFirst sorts a copy the way a person would read the folder, newest
// first, ties by name.
func newestFirst(bs []Backup, kind Kind) []Backup {
	var out []Backup
	for _, b := range bs {
		if b.Kind == kind {
			out = append(out, b)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Time.Equal(out[j].Time) {
			return out[i].Time.After(out[j].Time)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// mustKeep works out, from the policy's definition and independently of
// Apply's single pass, which regular backups a rule keeps: per period, the
// newest backup, for the n most recent periods that have one.
func mustKeep(regular []Backup, p Policy) map[string]bool {
	keep := map[string]bool{}
	if len(regular) == 0 {
		return keep
	}
	if p.Empty() {
		for _, b := range regular {
			keep[b.ID] = true
		}
		return keep
	}
	for i := 0; i < p.Last && i < len(regular); i++ {
		keep[regular[i].ID] = true
	}
	for _, rule := range []struct {
		n   int
		key func(time.Time) int
	}{
		{p.Daily, func(t time.Time) int { y, m, d := t.Date(); return y*10000 + int(m)*100 + d }},
		{p.Weekly, func(t time.Time) int { y, w := t.ISOWeek(); return y*100 + w }},
		{p.Monthly, func(t time.Time) int { y, m, _ := t.Date(); return y*100 + int(m) }},
	} {
		newest := map[int]Backup{}
		for _, b := range regular {
			k := rule.key(b.Time)
			if cur, ok := newest[k]; !ok || b.Time.After(cur.Time) || (b.Time.Equal(cur.Time) && b.ID < cur.ID) {
				newest[k] = b
			}
		}
		var periods []int
		for k := range newest {
			periods = append(periods, k)
		}
		slices.Sort(periods)
		slices.Reverse(periods)
		for i := 0; i < rule.n && i < len(periods); i++ {
			keep[newest[periods[i]].ID] = true
		}
	}
	for _, b := range regular {
		if b.Verified {
			keep[b.ID] = true
			break
		}
	}
	keep[regular[len(regular)-1].ID] = true
	return keep
}

func TestApplyProperties(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("UTC-5", -5*3600)
	}
	r := rand.New(rand.NewSource(12))
	for i := range 3000 {
		loc := []*time.Location{time.UTC, ny}[i%2]
		history := randomHistory(r, loc)
		p := randomPolicy(r)
		st := State{
			Now:                  time.Date(2026, 12, 1, 12, 0, 0, 0, loc),
			NewBackupVerified:    r.Intn(4) > 0,
			RecentAttemptsFailed: r.Intn(6) == 0,
		}
		plan, err := Apply(history, p, st)
		if err != nil {
			t.Fatal(err)
		}
		kept := keptIDs(plan)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("history %d (policy %+v, state %+v): %s", i, p, st, fmt.Sprintf(format, args...))
		}
		if len(plan.Decisions) != len(history) {
			fail("%d decisions for %d files", len(plan.Decisions), len(history))
		}
		held := st.RecentAttemptsFailed || !st.NewBackupVerified
		if held && len(plan.Delete()) > 0 {
			fail("deleted %v while pruning was held", ids(plan.Delete()))
		}
		for _, b := range history {
			if b.Kind == Other && !kept[b.ID] {
				fail("deleted %s, which is not a backup", b.ID)
			}
		}

		regular := newestFirst(history, Regular)
		if len(regular) > 0 && !kept[regular[len(regular)-1].ID] {
			fail("deleted the oldest backup %s", regular[len(regular)-1].ID)
		}
		if i := slices.IndexFunc(regular, func(b Backup) bool { return b.Verified }); i >= 0 && !kept[regular[i].ID] {
			fail("deleted the newest verified backup %s", regular[i].ID)
		}
		want := mustKeep(regular, p)
		for _, b := range regular {
			if want[b.ID] && !kept[b.ID] {
				fail("deleted %s, which a rule keeps (the newest of its period, or one of the last)", b.ID)
			}
			if !held && !want[b.ID] && kept[b.ID] {
				fail("kept %s, which no rule keeps", b.ID)
			}
		}

		for j, b := range newestFirst(history, Safety) {
			young := st.Now.Sub(b.Time) < SafetyKeepAge
			if (j < SafetyKeepLast || young) && !kept[b.ID] {
				fail("deleted safety backup %s (number %d, young %v)", b.ID, j+1, young)
			}
			if !held && j >= SafetyKeepLast && !young && kept[b.ID] {
				fail("kept old safety backup %s", b.ID)
			}
		}

		// Keeping more of anything never deletes more. (An empty policy is
		// the exception by design: it keeps everything.)
		if p.Empty() {
			continue
		}
		for _, grow := range []func(*Policy){
			func(q *Policy) { q.Last += 1 + r.Intn(3) },
			func(q *Policy) { q.Daily += 1 + r.Intn(3) },
			func(q *Policy) { q.Weekly += 1 + r.Intn(3) },
			func(q *Policy) { q.Monthly += 1 + r.Intn(3) },
		} {
			q := p
			grow(&q)
			bigger, err := Apply(history, q, st)
			if err != nil {
				t.Fatal(err)
			}
			more := keptIDs(bigger)
			for id := range kept {
				if !more[id] {
					fail("policy %+v deletes %s, which the smaller policy keeps", q, id)
				}
			}
		}
	}
}
