package main

import (
	"testing"
	"time"
)

func runsOf(name string, ours bool, wall time.Duration, rss int64) *tool {
	t := &tool{Name: name, Ours: ours}
	for range 3 {
		t.Samples = append(t.Samples, sample{Wall: wall, CPU: wall / 2, MaxRSS: rss})
	}
	return t
}

func TestEvaluateJudgesEachGoal(t *testing.T) {
	s := time.Second
	r := &datasetResult{ops: []*operation{
		{Name: "backup", Tools: []*tool{
			runsOf(toolOurs, true, 12*s, 60<<20),
			runsOf(toolCopy, false, 10*s, 8<<20), // 1.2x: over the 1.1x limit
			runsOf(toolZip, false, 60*s, 8<<20),  // 5x faster: enough
		}},
		{Name: "restore", Tools: []*tool{
			runsOf(toolOurs, true, 11*s, 120<<20), // too much memory
			runsOf(toolRestore, false, 10*s, 8<<20),
		}},
		{Name: "inspect", Tools: []*tool{runsOf(toolOurs, true, 1500*time.Millisecond, 30<<20)}},
	}}
	want := map[string]bool{
		"backup within 1.1x of the copy limit (" + toolCopy + ")": false,
		"backup at least 4x faster than " + toolZip:               true,
		"backup peak memory under 100 MB":                         true,
		"restore within 1.2x of " + toolRestore:                   true,
		"restore peak memory under 100 MB":                        false,
		"inspect under a second":                                  false,
	}
	got := evaluate(r)
	if len(got) != len(want) {
		t.Fatalf("%d goals judged, want %d: %+v", len(got), len(want), got)
	}
	for _, g := range got {
		pass, ok := want[g.Text]
		if !ok {
			t.Errorf("unexpected goal %q", g.Text)
			continue
		}
		if g.Pass != pass {
			t.Errorf("%s: pass = %v, want %v (measured %s)", g.Text, g.Pass, pass, g.Measured)
		}
		if !g.Pass && g.Why == "" {
			t.Errorf("%s: missed without saying why", g.Text)
		}
	}
}
