package schedule

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFileStore(t *testing.T) {
	london := zone(t, "Europe/London")
	f := FileStore{Path: filepath.Join(t.TempDir(), "schedule-state.json")}
	if rec, err := f.Load(); err != nil || rec != (Record{}) {
		t.Fatalf("missing file: %+v, %v", rec, err)
	}
	want := Record{
		LastRun:     local(london, "2027-03-27 09:00").Add(1500 * time.Millisecond),
		NextDue:     local(london, "2027-03-28 09:00"),
		LastFailure: local(london, "2027-03-27 08:00"),
		LastError:   "the backup drive is not plugged in",
	}
	if err := f.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastRun.Equal(want.LastRun) || !got.NextDue.Equal(want.NextDue) ||
		!got.LastFailure.Equal(want.LastFailure) || got.LastError != want.LastError {
		t.Errorf("Load = %+v, want %+v", got, want)
	}
	// Read back, the times' zone is a fixed offset; the next slot is still
	// counted in the user's zone, across the DST change.
	if next := After(Schedule{Kind: Daily, At: "09:00"}, got.LastRun, london); !next.Equal(want.NextDue) {
		t.Errorf("slot after the stored last run: %s, want %s", next, want.NextDue)
	}

	if err := os.WriteFile(f.Path, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Load(); err == nil || !strings.Contains(err.Error(), "is damaged") {
		t.Errorf("damaged file: %v", err)
	}
}
