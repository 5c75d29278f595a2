package history

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestAppendLoadAndQuestions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	h, err := Load(path)
	if err != nil || len(h.Attempts) != 0 {
		t.Fatalf("missing file: %+v, %v", h, err)
	}
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	usb, share := "/media/u/BACKUP-USB", "/srv/share"
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(Append(path,
		Attempt{At: t0, Destination: usb, Result: OK, File: usb + "/a.zip", Verified: true, Fingerprint: "f1"},
		Attempt{At: t0, Destination: share, Result: Failed, Message: "full"}))
	must(Append(path, Attempt{At: t0.Add(time.Hour), Destination: usb + "/", Result: Failed, Message: "unplugged"}))

	h, err = Load(path)
	must(err)
	if len(h.Attempts) != 3 {
		t.Fatalf("attempts: %+v", h.Attempts)
	}
	if g, ok := h.LastGood(usb); !ok || g.File != usb+"/a.zip" || g.Fingerprint != "f1" {
		t.Errorf("LastGood(usb) = %+v, %v", g, ok)
	}
	if _, ok := h.LastGood(share); ok {
		t.Error("share has a good backup")
	}
	if !h.RecentlyFailed(usb) || !h.RecentlyFailed(share) || h.RecentlyFailed("/elsewhere") {
		t.Error("RecentlyFailed wrong")
	}
	if !h.Verified(usb+"/a.zip") || h.Verified(usb+"/b.zip") {
		t.Error("Verified wrong")
	}
	// Windows has no Unix modes: every file reads as 0666 there.
	if st, err := os.Stat(path); err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o600) {
		t.Errorf("history file: %v, %v", st, err)
	}
}

func TestAppendKeepsTheNewestMaxAttempts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	batch := make([]Attempt, MaxAttempts+5)
	for i := range batch {
		batch[i] = Attempt{At: time.Unix(int64(i), 0), Destination: "/d", Result: OK}
	}
	if err := Append(path, batch...); err != nil {
		t.Fatal(err)
	}
	h, _ := Load(path)
	if len(h.Attempts) != MaxAttempts || h.Attempts[0].At.Unix() != 5 {
		t.Fatalf("kept %d, first at %d", len(h.Attempts), h.Attempts[0].At.Unix())
	}
}

func TestDamagedHistoryIsReplacedNotBlocking(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	os.WriteFile(path, []byte("{not json"), 0o600)
	if _, err := Load(path); err == nil {
		t.Fatal("no error for a damaged file")
	}
	if err := Append(path, Attempt{Destination: "/d", Result: OK}); err != nil {
		t.Fatal(err)
	}
	if h, err := Load(path); err != nil || len(h.Attempts) != 1 {
		t.Fatalf("%+v, %v", h, err)
	}
}

func TestMarkVerifiedIsOneCheckPerFileAndCountsAsVerified(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.json")
	t0 := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	a, b := "/media/u/BACKUP-USB/a.zip", "/media/u/BACKUP-USB/b.zip"
	if err := Append(path, Attempt{At: t0, Destination: "/media/u/BACKUP-USB", Result: Failed, Message: "full"}); err != nil {
		t.Fatal(err)
	}
	for i, f := range []string{a, b, a} {
		if err := MarkVerified(path, f, t0.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	h, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Checks) != 2 || h.Checks[0].File != b || h.Checks[1].File != a || !h.Checks[1].At.Equal(t0.Add(2*time.Hour)) {
		t.Fatalf("checks: %+v", h.Checks)
	}
	if !h.Verified(a) || !h.Verified(b) || h.Verified("/media/u/BACKUP-USB/c.zip") {
		t.Errorf("Verified: a %v, b %v, c %v", h.Verified(a), h.Verified(b), h.Verified("/media/u/BACKUP-USB/c.zip"))
	}
	// A check is not an attempt: the folder's last attempt still failed.
	if len(h.Attempts) != 1 || !h.RecentlyFailed("/media/u/BACKUP-USB") {
		t.Errorf("attempts after checks: %+v", h.Attempts)
	}
}
