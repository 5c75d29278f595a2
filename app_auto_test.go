package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mahall/backend/crypt"
	"mahall/backend/desktop"
	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/settings"
	"mahall/backend/uierr"
)

// manualClock is the wall clock with timers that never fire: the app's
// schedule then runs only when a test triggers it.
type manualClock struct{}

func (manualClock) Now() time.Time                       { return time.Now() }
func (manualClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

// installedApp is an app on an installed data folder with a small register.
func installedApp(t *testing.T) (*App, *desktop.Fake, folder.Layout) {
	t.Helper()
	root := t.TempDir()
	makeRegister(t, root, 2, 3, 5)
	l := folder.Layout{Root: root}
	if err := os.WriteFile(l.Marker(), []byte("test\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, fake := newTestApp(t, root)
	return a, fake, l
}

func zipsIn(t *testing.T, dir string) []string {
	t.Helper()
	es, _ := os.ReadDir(dir)
	var out []string
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".zip") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestRunBackupNowGoesToTheDestinationsAndShowsInTheStatusAndHistory(t *testing.T) {
	a, fake, _ := installedApp(t)
	usb := filepath.Join(t.TempDir(), "BACKUP-USB")
	os.Mkdir(usb, 0o700)
	s := settings.Defaults()
	s.Destinations = []settings.Destination{{Path: usb}}
	v, err := a.SaveSettings(s)
	if err != nil || v.Ask || len(v.Settings.Destinations) != 1 {
		t.Fatalf("SaveSettings: %+v, %v", v, err)
	}

	rep, err := a.RunBackupNow()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Outcomes) != 1 || rep.Outcomes[0].Result != history.OK || filepath.Dir(rep.Outcomes[0].File) != usb {
		t.Fatalf("report: %+v", rep)
	}
	var done bool
	for _, e := range fake.Events() {
		done = done || e.Name == EventAutoDone
	}
	if !done {
		t.Errorf("no %s event: %v", EventAutoDone, fake.Events())
	}

	st, err := a.GetBackupStatus()
	if err != nil || st.Level != "green" || st.Where != "BACKUP-USB" || st.Text != "Last backup: just now (BACKUP-USB)" || st.Alert != "" {
		t.Fatalf("status: %+v, %v", st, err)
	}
	list, _ := a.ListBackups()
	if len(list.Backups) != 1 || !list.Backups[0].Verified || list.Backups[0].Members != 5 {
		t.Fatalf("list: %+v", list)
	}

	rep, err = a.RunBackupNow()
	if err != nil || rep.Outcomes[0].Result != history.Unchanged {
		t.Fatalf("second run: %+v, %v", rep, err)
	}
	if n := zipsIn(t, usb); len(n) != 1 {
		t.Fatalf("usb holds %v", n)
	}
}

func TestFailedAutomaticBackupAlertsUntilTheNextSucceeds(t *testing.T) {
	a, _, _ := installedApp(t)
	usb := filepath.Join(t.TempDir(), "BACKUP-USB")
	s := settings.Defaults()
	s.Destinations = []settings.Destination{{Path: usb}}
	v, err := a.SaveSettings(s)
	if err != nil || len(v.Warnings) != 1 || !strings.Contains(v.Warnings[0].Text, "plug in the drive 'BACKUP-USB'") {
		t.Fatalf("SaveSettings: %+v, %v", v, err)
	}
	if _, err := a.RunBackupNow(); err == nil {
		t.Fatal("no error with the drive unplugged")
	}
	st, _ := a.GetBackupStatus()
	if st.Level != "red" || !strings.Contains(st.Alert, "Plug in the backup drive 'BACKUP-USB'") {
		t.Fatalf("status: %+v", st)
	}

	os.Mkdir(usb, 0o700)
	if _, err := a.RunBackupNow(); err != nil {
		t.Fatal(err)
	}
	st, _ = a.GetBackupStatus()
	if st.Level != "green" || st.Alert != "" {
		t.Fatalf("status after a good backup: %+v", st)
	}
}

// closeWatcher reports the end of the backup on close.
func closeWatcher(fake *desktop.Fake, onProgress func()) <-chan CloseState {
	ended := make(chan CloseState, 1)
	var once sync.Once
	fake.OnEmit = func(e desktop.Event) {
		if e.Name == EventAutoProgress && onProgress != nil {
			once.Do(onProgress)
		}
		if s, ok := e.Payload.(CloseState); ok && !s.Running {
			ended <- s
		}
	}
	return ended
}

func TestBackupOnCloseRunsThenQuitsAndIsThrottled(t *testing.T) {
	a, fake, l := installedApp(t)
	ended := closeWatcher(fake, nil)
	if !a.beforeClose(context.Background()) {
		t.Fatal("the window closed without the backup on close")
	}
	s := <-ended
	if !s.Ran || s.Error != "" {
		t.Fatalf("close state: %+v", s)
	}
	if fake.Quits() != 1 {
		t.Fatalf("quit %d times", fake.Quits())
	}
	if n := zipsIn(t, l.Backups()); len(n) != 1 {
		t.Fatalf("backups: %v", n)
	}
	if a.beforeClose(context.Background()) {
		t.Fatal("the second close was held")
	}

	// The next start, minutes later: a backup finished less than 30 minutes ago.
	b, _ := newTestApp(t, l.Root)
	if b.beforeClose(context.Background()) {
		t.Fatal("the backup on close was not throttled")
	}
}

func TestClosingAgainCancelsTheBackupOnClose(t *testing.T) {
	a, fake, l := installedApp(t)
	var insisted bool
	ended := closeWatcher(fake, func() { insisted = !a.beforeClose(context.Background()) })
	if !a.beforeClose(context.Background()) {
		t.Fatal("the window closed without the backup on close")
	}
	s := <-ended
	if !insisted {
		t.Fatal("closing again did not let the window close")
	}
	if s.Ran && s.Error == "" {
		t.Fatalf("the backup was not cancelled: %+v", s)
	}
	if fake.Quits() != 0 {
		t.Errorf("quit after the user closed the window")
	}
	es, _ := os.ReadDir(l.Backups())
	if len(es) != 0 {
		t.Fatalf("a cancelled backup on close left %v", es)
	}
	h, _ := history.Load(l.History())
	if len(h.Attempts) != 0 {
		t.Fatalf("a cancelled backup was recorded: %+v", h.Attempts)
	}
}

func TestUndoLastRestoreWithoutSafetyBackup(t *testing.T) {
	a, _, _ := installedApp(t)
	_, err := a.UndoLastRestore()
	if uierr.CodeOf(err) != uierr.NotFound || !strings.Contains(err.Error(), "Your data was not changed.") {
		t.Fatalf("UndoLastRestore: %v", err)
	}
}

func TestUndoLastRestoreRestoresTheNewestSafetyBackup(t *testing.T) {
	a, _, l := installedApp(t)
	first, err := a.CreateBackup("")
	if err != nil {
		t.Fatal(err)
	}
	// The register changes, then the old backup is restored over it.
	makeRegisterPhotos(t, t.TempDir(), 1, 1, 1, 0)
	os.WriteFile(filepath.Join(l.Media(), "new-photo.jpg"), []byte("a photo added after the backup"), 0o600)
	if _, err := a.RestoreFromHistory(first.Path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(l.Media(), "new-photo.jpg")); err == nil {
		t.Fatal("the restore kept a photo the backup lacks")
	}
	if _, err := a.UndoLastRestore(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(l.Media(), "new-photo.jpg")); err != nil {
		t.Fatalf("undo did not bring the photo back: %v", err)
	}
}

// firingClock is the wall clock whose timers fire when the test says.
type firingClock struct{ tick chan time.Time }

func (c firingClock) Now() time.Time                       { return time.Now() }
func (c firingClock) After(time.Duration) <-chan time.Time { return c.tick }

func TestTheScheduleRunsInsideTheApp(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 2, 3, 5)
	l := folder.Layout{Root: root}
	os.WriteFile(l.Marker(), []byte("test\n"), 0o600)
	fake := &desktop.Fake{}
	done := make(chan struct{}, 1)
	fake.OnEmit = func(e desktop.Event) {
		if e.Name == EventAutoDone {
			done <- struct{}{}
		}
	}
	a := NewApp(l, func(context.Context) desktop.Runtime { return fake })
	clock := firingClock{tick: make(chan time.Time)}
	a.clock = clock
	ctx, cancel := context.WithCancel(context.Background())
	a.startup(ctx)
	t.Cleanup(func() { a.shutdown(ctx); cancel() })

	// The start delay passes: never backed up, so a backup is due at once.
	clock.tick <- time.Now()
	<-done
	// The Runner waits for its next check only after it has recorded the run.
	clock.tick <- time.Now()
	if n := zipsIn(t, l.Backups()); len(n) != 1 {
		t.Fatalf("backups after the first check: %v", n)
	}
	if rec := a.auto.runner.Record(); rec.LastRun.IsZero() || rec.NextDue.IsZero() {
		t.Fatalf("the schedule did not record its run: %+v", rec)
	}
	if _, err := os.Stat(l.Schedule()); err != nil {
		t.Fatalf("the schedule's state was not saved: %v", err)
	}
	// That second check found nothing due (the next slot is tomorrow's);
	// the third tick is taken only once it is over.
	clock.tick <- time.Now()
	if n := zipsIn(t, l.Backups()); len(n) != 1 {
		t.Fatalf("a second backup before it was due: %v", n)
	}
}

// The settings page never owns password protection: saving what it sends
// (here with no encryption part at all, as a page opened before protection
// was turned on would) keeps the key on disk, and the automatic backups are
// then encrypted to it and still checked.
func TestSaveSettingsKeepsPasswordProtection(t *testing.T) {
	a, _, _ := installedApp(t)
	if _, err := a.PrepareEncryption("a made-up password here", "a made-up password here"); err != nil {
		t.Fatal(err)
	}
	st, err := a.ConfirmEncryption()
	if err != nil || !st.On {
		t.Fatalf("ConfirmEncryption: %+v, %v", st, err)
	}
	before, err := settings.Load(a.layout.Settings())
	if err != nil || !before.Encryption.On() {
		t.Fatalf("settings after turning protection on: %+v, %v", before, err)
	}

	usb := filepath.Join(t.TempDir(), "BACKUP-USB")
	os.Mkdir(usb, 0o700)
	s := settings.Defaults() // no encryption part
	s.Destinations = []settings.Destination{{Path: usb}}
	if _, err := a.SaveSettings(s); err != nil {
		t.Fatal(err)
	}
	after, err := settings.Load(a.layout.Settings())
	if err != nil || after.Encryption != before.Encryption || len(after.Destinations) != 1 {
		t.Fatalf("settings after SaveSettings: %+v, %v (encryption before: %+v)", after, err, before.Encryption)
	}
	if st, err := a.EncryptionStatus(); err != nil || !st.On {
		t.Fatalf("protection after SaveSettings: %+v, %v", st, err)
	}

	rep, err := a.RunBackupNow()
	if err != nil || len(rep.Outcomes) != 1 || rep.Outcomes[0].Result != history.OK || !rep.Outcomes[0].Verified {
		t.Fatalf("RunBackupNow: %+v, %v", rep, err)
	}
	if enc, err := crypt.IsEncrypted(rep.Outcomes[0].File); err != nil || !enc {
		t.Fatalf("the automatic backup %s is not encrypted (%v)", rep.Outcomes[0].File, err)
	}
}

func TestVerifyMarksTheBackupCheckedInTheHistory(t *testing.T) {
	a, _, l := installedApp(t)
	res, err := a.CreateBackup("")
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(l.Backups(), "mahall_backup_2026-11-30_0900.zip")
	data, _ := os.ReadFile(res.Path)
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(damaged, data, 0o600); err != nil {
		t.Fatal(err)
	}
	checked := func() map[string]bool {
		list, _ := a.ListBackups()
		out := map[string]bool{}
		for _, b := range list.Backups {
			out[b.Path] = b.Verified
		}
		return out
	}
	if v := checked(); len(v) != 2 || v[res.Path] || v[damaged] {
		t.Fatalf("before Verify the list says %v, want both backups not checked", v)
	}

	if _, err := a.VerifyBackup(res.Path); err != nil {
		t.Fatalf("Verify of a sound backup: %v", err)
	}
	if _, err := a.VerifyBackup(damaged); err == nil {
		t.Fatal("Verify of a damaged backup passed")
	}

	raw, err := os.ReadFile(l.History())
	if err != nil {
		t.Fatalf("no history file after Verify: %v", err)
	}
	var h history.File
	if err := json.Unmarshal(raw, &h); err != nil {
		t.Fatalf("history.json: %v\n%s", err, raw)
	}
	if len(h.Checks) != 1 || h.Checks[0].File != res.Path || time.Since(h.Checks[0].At) > time.Hour || len(h.Attempts) != 0 {
		t.Fatalf("history.json after Verify of %s (and of a damaged one):\n%s", res.Path, raw)
	}
	if v := checked(); !v[res.Path] || v[damaged] {
		t.Fatalf("after Verify the list says %v, want only %s checked", v, res.Path)
	}

	// Verifying again keeps one check per file.
	if _, err := a.VerifyBackup(res.Path); err != nil {
		t.Fatal(err)
	}
	if h, _ := history.Load(l.History()); len(h.Checks) != 1 {
		t.Fatalf("checks after a second Verify: %+v", h.Checks)
	}
}

func TestFirstRunAskForABackupFolderOffTheDataDisk(t *testing.T) {
	a, _, l := installedApp(t)
	v, err := a.GetSettings()
	if err != nil || !v.Ask || v.SameDiskOnly || v.Settings.DestinationNotNow {
		t.Fatalf("first run: %+v, %v", v, err)
	}
	// A folder on the data's own disk (the test's temporary folders are):
	// still asked, with the plain warning.
	same := filepath.Join(t.TempDir(), "backups")
	os.Mkdir(same, 0o700)
	if v, err = a.AddDestination(same); err != nil {
		t.Fatal(err)
	}
	if v.Ask || !v.SameDiskOnly || len(v.Settings.Destinations) != 1 || v.Settings.Destinations[0].Path != same {
		t.Fatalf("after adding %s: %+v", same, v)
	}
	if len(v.Warnings) != 1 || !strings.Contains(v.Warnings[0].Text, "on the same disk as the data") {
		t.Errorf("warnings: %q", v.Warnings)
	}
	if v, _ = a.AddDestination(same); len(v.Settings.Destinations) != 1 {
		t.Errorf("the same folder twice: %+v", v.Settings.Destinations)
	}
	if _, err := a.AddDestination(""); err == nil {
		t.Error("AddDestination of no folder passed")
	}

	// Not now is remembered in settings.json, and a save from the settings
	// page as it was loaded before keeps it.
	stale := v.Settings
	if v, err = a.DestinationNotNow(); err != nil || !v.Settings.DestinationNotNow {
		t.Fatalf("DestinationNotNow: %+v, %v", v, err)
	}
	if _, err := a.SaveSettings(stale); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(l.Settings())
	var onDisk map[string]any
	if err := json.Unmarshal(raw, &onDisk); err != nil || onDisk["destinationNotNow"] != true {
		t.Fatalf("settings.json after Not now and a stale save: %s (%v)", raw, err)
	}
}
