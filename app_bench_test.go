package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"mahall/backend/folder"
	"mahall/backend/settings"
)

// BenchmarkClickDuringAutoBackup is issue 12's "the app answers a click
// within 100 ms while a background backup runs", on the Go side: it starts
// the app's automatic backup (RunBackupNow: the schedule's Runner, runOp,
// auto.Run, as the window's button and the schedule do) of the data folder
// $MAHALL_BENCH_DATA to the folder $MAHALL_BENCH_DEST, and while it runs
// calls the bound methods a click on the overview and the history page
// triggers, every 50 ms, timing each answer. bench/cmd/benchrun runs it on
// a copy of a generated data set and judges the slowest answer; without the
// variables there is nothing to measure and it is skipped.
//
//	MAHALL_BENCH_DATA=DIR MAHALL_BENCH_DEST=DIR go test -run '^$' -bench ClickDuringAutoBackup -benchtime 1x .
func BenchmarkClickDuringAutoBackup(b *testing.B) {
	data, dest := os.Getenv("MAHALL_BENCH_DATA"), os.Getenv("MAHALL_BENCH_DEST")
	if data == "" || dest == "" {
		b.Skip("MAHALL_BENCH_DATA and MAHALL_BENCH_DEST name no data folder and destination (bench/cmd/benchrun sets them)")
	}
	l := folder.Layout{Root: data}
	if err := os.WriteFile(l.Marker(), []byte("bench\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	a, _ := newTestApp(b, data)
	s := settings.Defaults()
	s.Destinations = []settings.Destination{{Path: dest}}
	if _, err := a.SaveSettings(s); err != nil {
		b.Fatal(err)
	}
	clicks := []struct {
		name string
		call func() error
	}{
		{"GetBackupStatus", func() error { _, err := a.GetBackupStatus(); return err }},
		{"GetSettings", func() error { _, err := a.GetSettings(); return err }},
		{"ListBackups", func() error { _, err := a.ListBackups(); return err }},
	}
	var slowest time.Duration
	slowestOf := map[string]time.Duration{}
	answers := 0
	for b.Loop() {
		done := make(chan error, 1)
		go func() { _, err := a.RunBackupNow(); done <- err }()
		tick := time.NewTicker(50 * time.Millisecond)
		running := true
		for running {
			select {
			case err := <-done:
				if err != nil {
					b.Fatalf("the automatic backup failed: %v", err)
				}
				running = false
				continue
			case <-tick.C:
			}
			for _, c := range clicks {
				start := time.Now()
				if err := c.call(); err != nil {
					b.Fatalf("%s during the backup: %v", c.name, err)
				}
				d := time.Since(start)
				answers++
				slowest = max(slowest, d)
				slowestOf[c.name] = max(slowestOf[c.name], d)
			}
		}
		tick.Stop()
	}
	if answers == 0 {
		b.Fatal("the backup ended before the first click: nothing was measured")
	}
	for _, c := range clicks {
		fmt.Printf("click %s slowest %.1f ms\n", c.name, float64(slowestOf[c.name].Microseconds())/1000)
	}
	b.ReportMetric(float64(slowest.Microseconds())/1000, "slowest-ms")
	b.ReportMetric(float64(answers), "answers")
}
