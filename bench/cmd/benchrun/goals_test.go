package main

import (
	"testing"
	"time"
)

// runsOf is a tool whose fastest run took wall; the other runs are slower,
// so a goal judged on the median instead of the fastest run would differ.
func runsOf(name string, ours bool, wall time.Duration, rss int64) *tool {
	t := &tool{Name: name, Ours: ours}
	for i := range 3 {
		w := wall + time.Duration(i)*wall
		t.Samples = append(t.Samples, sample{Wall: w, CPU: w / 2, MaxRSS: rss})
	}
	return t
}

func TestEvaluateJudgesEachGoal(t *testing.T) {
	s := time.Second
	m := &datasetResult{d: dataset{Name: "M", Bytes: 1 << 30}, ops: []*operation{
		{Name: "backup", Tools: []*tool{
			runsOf(toolOurs, true, 12*s, 60<<20),
			runsOf(toolTar, false, 10*s, 8<<20),    // 1.2x: over the 1.1x limit
			runsOf(toolRestic, false, 60*s, 8<<20), // 5x faster: enough
			runsOf(toolBorg, false, 20*s, 8<<20),   // 1.67x faster: not enough
		}},
		{Name: "restore", Tools: []*tool{
			runsOf(toolOurs, true, 11*s, 120<<20), // too much memory
			runsOf(toolRestore, false, 10*s, 8<<20),
		}},
		{Name: "inspect", Tools: []*tool{runsOf(toolOurs, true, 1500*time.Millisecond, 30<<20)}},
	}}
	l := &datasetResult{d: dataset{Name: "L", Bytes: 5 << 30}, ops: []*operation{
		{Name: "backup", Tools: []*tool{runsOf(toolOurs, true, 70*s, 60<<20)}},  // 70/12 = 5.83x for 5x the data: over 5.5x
		{Name: "restore", Tools: []*tool{runsOf(toolOurs, true, 50*s, 60<<20)}}, // 50/11 = 4.55x: within 5.5x
		{Name: "inspect", Tools: []*tool{runsOf(toolOurs, true, 900*time.Millisecond, 30<<20)}},
	}}
	want := map[string]bool{
		"M backup within 1.1x of " + toolTar:             false,
		"M backup at least 3x faster than " + toolRestic: true,
		"M backup at least 2x faster than " + toolBorg:   false,
		"M backup peak memory under 100 MB":              true,
		"M restore within 1.1x of " + toolRestore:        true,
		"M restore peak memory under 100 MB":             false,
		"M inspect peak memory under 100 MB":             true,
		"M inspect under a second":                       false,
		"L backup peak memory under 100 MB":              true,
		"L restore peak memory under 100 MB":             true,
		"L inspect peak memory under 100 MB":             true,
		"L inspect under a second":                       true,
		"M/L backup grows at most linearly from M to L":  false,
		"M/L restore grows at most linearly from M to L": true,
	}
	got := evaluate([]*datasetResult{m, l})
	if len(got) != len(want) {
		t.Fatalf("%d goals judged, want %d: %+v", len(got), len(want), got)
	}
	for _, g := range got {
		key := g.Set + " " + g.Text
		pass, ok := want[key]
		if !ok {
			t.Errorf("unexpected goal %q", key)
			continue
		}
		if g.Pass != pass {
			t.Errorf("%s: pass = %v, want %v (measured %s)", key, g.Pass, pass, g.Measured)
		}
		if !g.Pass && g.Why == "" {
			t.Errorf("%s: missed without saying why", key)
		}
	}
}
