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

// withSamples is a tool whose runs are the samples given.
func withSamples(name string, ours bool, ss ...sample) *tool {
	return &tool{Name: name, Ours: ours, Samples: ss}
}

func TestEvaluateJudgesTheGoalsOfIssues12To14(t *testing.T) {
	s, ms := time.Second, time.Millisecond
	m := &datasetResult{d: dataset{Name: "M"}, ops: []*operation{
		{Name: "backup", Tools: []*tool{
			runsOf(toolOurs, true, 10*s, 60<<20),
			runsOf(toolRestic, false, 40*s, 8<<20), // encrypted 11 s: 3.6x faster, enough
			runsOf(toolBorg, false, 20*s, 8<<20),   // 1.8x: not enough
		}},
		{Name: opBackupEnc, Tools: []*tool{
			runsOf(toolOursEnc, true, 11*s, 60<<20),
			runsOf(toolOursPlain, false, 9*s, 60<<20), // 1.22x the plain one: over 1.1x
		}},
		{Name: opInspectEnc, Tools: []*tool{runsOf(toolInspect, true, 1500*ms, 300<<20)}}, // in time, too much memory
		{Name: opUnchanged, Tools: []*tool{runsOf(toolUnchanged, true, 400*ms, 30<<20)}},
		// The slowest answer is judged, not the fastest run's.
		{Name: opClick, Tools: []*tool{withSamples(toolClick, true, sample{Wall: 20 * s, Latency: 30 * ms}, sample{Wall: 25 * s, Latency: 140 * ms})}},
		{Name: opCloud, Budget: 60 << 20, Tools: []*tool{
			withSamples(toolCloudFirst, true, sample{Wall: 50 * s}, sample{Wall: 40 * s}),
			// 9 s is 22 % of the first's 40 s; the largest upload, 61 MB, is over the budget.
			withSamples(toolCloudSecond, true, sample{Wall: 9 * s, Output: 50 << 20}, sample{Wall: 12 * s, Output: 61 << 20}),
		}},
	}}
	want := map[string]bool{
		"backup peak memory under 100 MB":                                                                            true,
		"backup encrypted within 1.1x of " + toolOursPlain:                                                           false,
		"backup encrypted at least 3x faster than " + toolRestic:                                                     true,
		"backup encrypted at least 2x faster than " + toolBorg:                                                       false,
		"backup encrypted peak memory under 100 MB":                                                                  true,
		"inspect encrypted peak memory under 100 MB":                                                                 false,
		"opening the preview of an encrypted backup (scrypt included) under 2 s":                                     true,
		"the unchanged-check (backup --auto, nothing changed) under one second":                                      true,
		"the app answers a click within 100 ms while a background backup runs (Go side)":                             false,
		"the second cloud snapshot (1 % of photos changed) uploads at most the database, the changed photos and 5 %": false,
		"the second cloud snapshot takes at most 20 % of the first's time":                                           false,
	}
	got := evaluate([]*datasetResult{m})
	judged := map[string]bool{}
	for _, g := range got {
		if g.Set != "M" || judged[g.Text] {
			t.Errorf("goal %q judged twice or on the wrong set (%s)", g.Text, g.Set)
		}
		judged[g.Text] = true
		pass, ok := want[g.Text]
		if !ok {
			// The plain backup's own goals against the peers are the other test's.
			if g.Op != "backup" {
				t.Errorf("unexpected goal %q", g.Text)
			}
			continue
		}
		if g.Pass != pass {
			t.Errorf("%s: pass = %v, want %v (measured %s)", g.Text, g.Pass, pass, g.Measured)
		}
		if !g.Pass && g.Why == "" {
			t.Errorf("%s: missed without saying why", g.Text)
		}
	}
	for text := range want {
		if !judged[text] {
			t.Errorf("goal %q was not judged", text)
		}
	}
}
