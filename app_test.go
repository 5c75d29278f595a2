package main

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mahall/backend/backup"
	"mahall/backend/desktop"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/uierr"
	"mahall/internal/registertest"
	"mahall/internal/testkit"
)

// newTestApp starts an App on a data folder with the recording fake in place
// of the Wails runtime.
func newTestApp(t testing.TB, root string) (*App, *desktop.Fake) {
	t.Helper()
	fake := &desktop.Fake{}
	a := NewApp(folder.Layout{Root: root}, func(context.Context) desktop.Runtime { return fake })
	a.clock = manualClock{} // the schedule runs only when a test triggers it
	ctx, cancel := context.WithCancel(context.Background())
	a.startup(ctx)
	t.Cleanup(func() {
		a.shutdown(ctx)
		cancel()
	})
	return a, fake
}

// makeRegister writes a register database with the given numbers of areas,
// houses and members (made-up names), and one photo file per member.
func makeRegister(t *testing.T, root string, areas, houses, members int) {
	t.Helper()
	makeRegisterAt(t, root, registertest.Latest, areas, houses, members, members)
}

// makeRegisterPhotos is makeRegister where only the first photos members
// have a photo.
func makeRegisterPhotos(t *testing.T, root string, areas, houses, members, photos int) {
	t.Helper()
	makeRegisterAt(t, root, registertest.Latest, areas, houses, members, photos)
}

// makeRegisterAt is makeRegisterPhotos on the schema of a given field
// migration.
func makeRegisterAt(t *testing.T, root, schema string, areas, houses, members, photos int) {
	t.Helper()
	l := folder.Layout{Root: root}
	testkit.RegisterAt(t, schema, l.DB(), l.Media(), areas, houses, members, photos)
}

// Registers at every field migration show in the app, preview, back up
// and restore, and stay at their migration.
func TestEveryFieldSchemaInTheApp(t *testing.T) {
	for _, v := range registertest.Older {
		t.Run(v, func(t *testing.T) {
			root := t.TempDir()
			makeRegisterAt(t, root, v, 2, 3, 4, 4)
			schema := registertest.SchemaText(t, filepath.Join(root, "db.sqlite3"))
			a, _ := newTestApp(t, root)
			st, err := a.State()
			if err != nil {
				t.Fatal(err)
			}
			if ov := st.Overview; ov == nil || ov.Areas != 2 || ov.Houses != 3 || ov.Members != 4 || ov.Photos != 4 {
				t.Fatalf("overview of a %s register = %+v", v, st.Overview)
			}
			archive := filepath.Join(t.TempDir(), "b.zip")
			if _, err := a.CreateBackup(archive); err != nil {
				t.Fatal(err)
			}
			p, err := a.InspectBackup(archive, "")
			if err != nil {
				t.Fatal(err)
			}
			if p.Areas != 2 || p.Houses != 3 || p.Members != 4 || p.MediaFiles != 4 || len(p.Warnings) != 0 {
				t.Fatalf("preview = %+v", p)
			}

			other := t.TempDir()
			makeRegister(t, other, 1, 1, 1)
			b, _ := newTestApp(t, other)
			if _, err := b.RestoreBackup(archive); err != nil {
				t.Fatal(err)
			}
			ov, err := b.Overview()
			if err != nil || ov.Areas != 2 || ov.Houses != 3 || ov.Members != 4 || ov.Photos != 4 {
				t.Fatalf("overview after restoring a %s backup = %+v, %v", v, ov, err)
			}
			for _, dir := range []string{root, other} {
				if got := registertest.SchemaText(t, filepath.Join(dir, "db.sqlite3")); got != schema {
					t.Errorf("the database in %s is no longer at migration %s", dir, v)
				}
			}
		})
	}
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

func zipEntryHash(t *testing.T, archive, name string) [32]byte {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s in %s: %v", name, archive, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return [32]byte(h.Sum(nil))
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// checkEventOrder asserts that the operation emitted at least one progress
// event and then exactly one final event, the given one, last.
// checkEventOrder checks that op emitted progress events only, then final
// ("": nothing after the progress), and returns the last event.
func checkEventOrder(t *testing.T, fake *desktop.Fake, op operation, final string) desktop.Event {
	t.Helper()
	events := fake.Events()
	progressOnly := events
	if final != "" {
		if len(events) < 2 {
			t.Fatalf("events = %v, want progress then %s", fake.Names(), final)
		}
		if last := events[len(events)-1]; last.Name != final {
			t.Fatalf("last event = %s, want %s (all: %v)", last.Name, final, fake.Names())
		}
		progressOnly = events[:len(events)-1]
	}
	if len(progressOnly) == 0 {
		t.Fatalf("events = %v, want progress first", fake.Names())
	}
	last := events[len(events)-1]
	for i, e := range progressOnly {
		if e.Name != op.progress {
			t.Fatalf("event %d = %s, want only %s before %s (all: %v)", i, e.Name, op.progress, final, fake.Names())
		}
		if _, ok := e.Payload.(progress.Update); !ok {
			t.Fatalf("event %d payload is %T, want progress.Update", i, e.Payload)
		}
	}
	return last
}

func TestFirstRunInstallCreatesEmptyRegister(t *testing.T) {
	root := filepath.Join(t.TempDir(), "Mahali")
	a, fake := newTestApp(t, root)

	st, err := a.State()
	if err != nil {
		t.Fatal(err)
	}
	if st.Installed || st.HasExistingData || st.Overview != nil {
		t.Fatalf("fresh folder state = %+v, want not installed, no data", st)
	}
	if st.DataDir != root || st.Version == "" {
		t.Fatalf("state = %+v", st)
	}

	ov, err := a.Install()
	if err != nil {
		t.Fatalf("Install: %v", err)
	}
	l := folder.Layout{Root: root}
	for _, p := range []string{l.Marker(), l.DB(), l.Media()} {
		if !exists(p) {
			t.Errorf("%s missing after Install", p)
		}
	}
	if ents, _ := os.ReadDir(root); len(ents) > 0 {
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), ".db-new") || strings.Contains(e.Name(), "tmp") {
				t.Errorf("temporary file %s left behind", e.Name())
			}
		}
	}
	// The wizard writes the field program's schema (compared with its own
	// file in the register package), nothing of our own.
	fresh := filepath.Join(t.TempDir(), "db.sqlite3")
	if err := register.CreateEmpty(context.Background(), fresh); err != nil {
		t.Fatal(err)
	}
	if got, want := registertest.SchemaText(t, l.DB()), registertest.SchemaText(t, fresh); got != want {
		t.Errorf("installed schema:\n%s\nwant\n%s", got, want)
	}
	db, err := register.Open(l.DB())
	if err != nil {
		t.Fatal(err)
	}
	isReg, err := register.IsRegister(context.Background(), db)
	db.Close()
	if err != nil || !isReg {
		t.Fatalf("installed database is not a register: %v, %v", isReg, err)
	}
	if ov.Members != 0 || ov.Houses != 0 || ov.DataDir != root || ov.DBSize == 0 {
		t.Fatalf("overview after install = %+v", ov)
	}
	if !ov.BackupOverdue || ov.LastBackup != nil {
		t.Fatalf("a new install has never been backed up: %+v", ov)
	}

	// Progress only: Install's promise carries its result to the wizard,
	// the only one that listens (issue 9: no event nobody listens to).
	checkEventOrder(t, fake, opInstall, "")
	final := fake.Named(EventInstallProgress)
	if u := final[len(final)-1].Payload.(progress.Update); u.FilesDone != u.FilesTotal || u.Phase != progress.PhaseInstall {
		t.Fatalf("last install progress = %+v, want all steps done", u)
	}

	st, err = a.State()
	if err != nil {
		t.Fatal(err)
	}
	if !st.Installed || !st.HasExistingData || st.Overview == nil {
		t.Fatalf("state after install = %+v", st)
	}
}

func TestUpgradeKeepsExistingData(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 2, 3, 5)
	l := folder.Layout{Root: root}
	before := fileHash(t, l.DB())

	a, _ := newTestApp(t, root)
	st, err := a.State()
	if err != nil {
		t.Fatal(err)
	}
	if st.Installed || !st.HasExistingData {
		t.Fatalf("old program's folder: state = %+v, want not installed with existing data", st)
	}
	if st.Overview == nil || st.Overview.Members != 5 || st.Overview.Houses != 3 || st.Overview.Areas != 2 || st.Overview.Photos != 5 {
		t.Fatalf("overview of existing data = %+v (error %q)", st.Overview, st.OverviewError)
	}

	ov, err := a.Install()
	if err != nil {
		t.Fatal(err)
	}
	if ov.Members != 5 {
		t.Fatalf("members after install = %d, want 5 kept", ov.Members)
	}
	if fileHash(t, l.DB()) != before {
		t.Fatal("Install changed the existing database")
	}
	if !l.Installed() {
		t.Fatal("no marker after Install")
	}
}

func TestCreateBackupWritesFileAndReportsProgress(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 2, 4)
	a, fake := newTestApp(t, root)
	dest := filepath.Join(t.TempDir(), "my backup.zip")

	res, err := a.CreateBackup(dest)
	if err != nil {
		t.Fatalf("CreateBackup: %v", err)
	}
	st, err := os.Stat(dest)
	if err != nil {
		t.Fatalf("backup file: %v", err)
	}
	if res.Path != dest || res.Size != st.Size() {
		t.Fatalf("result = %+v, file size %d", res, st.Size())
	}
	// The file is a real backup of this data.
	p, err := restore.Verify(context.Background(), dest, nil)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if p.Members != 4 || p.MediaFiles != 4 {
		t.Fatalf("backup holds %d members, %d media files; want 4, 4", p.Members, p.MediaFiles)
	}

	last := checkEventOrder(t, fake, opBackup, EventBackupDone)
	if got, ok := last.Payload.(backup.Result); !ok || got.Path != dest {
		t.Fatalf("backup:done payload = %#v", last.Payload)
	}

	ov, err := a.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if ov.LastBackup == nil || ov.LastBackup.Path != dest || ov.BackupOverdue {
		t.Fatalf("overview after backup: last %+v overdue %v", ov.LastBackup, ov.BackupOverdue)
	}
	// A week later the reminder comes back.
	a.now = func() time.Time { return time.Now().Add(BackupReminder + time.Hour) }
	if ov, err = a.Overview(); err != nil || !ov.BackupOverdue {
		t.Fatalf("a week later: overdue %v, err %v", ov.BackupOverdue, err)
	}
}

func TestCancelBackupLeavesNoFile(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 2, 20)
	a, fake := newTestApp(t, root)
	destDir := t.TempDir()
	dest := filepath.Join(destDir, "cancelled.zip")

	// Cancel as the first progress arrives: the operation is then surely
	// running, however fast the machine.
	var once sync.Once
	fake.OnEmit = func(e desktop.Event) {
		if e.Name == EventBackupProgress {
			once.Do(a.Cancel)
		}
	}
	_, err := a.CreateBackup(dest)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("CreateBackup after cancel: err = %v, want context.Canceled", err)
	}
	left, _ := os.ReadDir(destDir)
	if len(left) != 0 {
		t.Fatalf("cancelled backup left %d files: %v", len(left), left[0].Name())
	}
	// Progress only: the failure reaches the window as CreateBackup's
	// rejection, this payload.
	checkEventOrder(t, fake, opBackup, "")
	if pl := uierr.From(err); pl.Code != uierr.Cancelled || !strings.Contains(pl.Message, "cancelled") {
		t.Fatalf("error payload = %#v", pl)
	}

	// The app is free again afterwards.
	fake.OnEmit = nil
	if _, err := a.CreateBackup(dest); err != nil {
		t.Fatalf("backup after a cancelled one: %v", err)
	}
}

func TestOneOperationAtATime(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 1, 2)
	a, fake := newTestApp(t, root)

	var second error
	var once sync.Once
	fake.OnEmit = func(e desktop.Event) {
		if e.Name == EventBackupProgress {
			once.Do(func() { _, second = a.RestoreBackup(filepath.Join(root, "whatever.zip")) })
		}
	}
	if _, err := a.CreateBackup(filepath.Join(t.TempDir(), "b.zip")); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(second, ErrBusy) || !strings.Contains(second.Error(), "backup is still running") {
		t.Fatalf("restore during a backup: err = %v, want ErrBusy naming the backup", second)
	}
	if n := len(fake.Named("restore:error")) + len(fake.Named(EventRestoreProgress)); n != 0 {
		t.Fatalf("a refused restore emitted %d restore events", n)
	}
}

func TestRestoreReplacesDataAndRefreshesOverview(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 2, 3)
	l := folder.Layout{Root: root}
	a, fake := newTestApp(t, root)

	archive := filepath.Join(t.TempDir(), "three members.zip")
	if _, err := a.CreateBackup(archive); err != nil {
		t.Fatal(err)
	}
	wantDB := zipEntryHash(t, archive, "db.sqlite3")

	// The register changes after the backup: more members, another photo.
	if err := os.RemoveAll(root); err != nil {
		t.Fatal(err)
	}
	makeRegister(t, root, 2, 4, 7)
	if err := os.WriteFile(filepath.Join(l.Media(), "members", "photos", "m1.png"), []byte("a newer photo"), 0o600); err != nil {
		t.Fatal(err)
	}
	if ov, err := a.Overview(); err != nil || ov.Members != 7 {
		t.Fatalf("before restore: %+v, %v", ov, err)
	}

	fake.Reset()
	p, err := a.InspectBackup(archive, "")
	if err != nil {
		t.Fatalf("InspectBackup: %v", err)
	}
	if p.Members != 3 || p.Houses != 2 || p.MediaFiles != 3 {
		t.Fatalf("preview = %+v", p)
	}

	res, err := a.RestoreBackup(archive)
	if err != nil {
		t.Fatalf("RestoreBackup: %v", err)
	}
	if fileHash(t, l.DB()) != wantDB {
		t.Fatal("database after restore is not the one in the backup")
	}
	if fileHash(t, filepath.Join(l.Media(), "members", "photos", "m1.png")) != zipEntryHash(t, archive, "media/members/photos/m1.png") {
		t.Fatal("photo after restore is not the one in the backup")
	}
	ov, err := a.Overview()
	if err != nil {
		t.Fatal(err)
	}
	if ov.Members != 3 || ov.Houses != 2 || ov.Photos != 3 {
		t.Fatalf("overview after restore = %+v, want the backup's 3 members, 2 houses, 3 photos", ov)
	}

	// The data that was replaced is in the safety backup.
	if filepath.Dir(res.SafetyBackup) != l.Backups() || !strings.HasPrefix(filepath.Base(res.SafetyBackup), "pre-restore-") {
		t.Fatalf("safety backup at %q, want DATA/backups/pre-restore-*", res.SafetyBackup)
	}
	sp, err := restore.Verify(context.Background(), res.SafetyBackup, nil)
	if err != nil || sp.Members != 7 {
		t.Fatalf("safety backup: %d members, %v; want the replaced 7", sp.Members, err)
	}

	last := checkEventOrder(t, fake, opRestore, EventRestoreDone)
	if got, ok := last.Payload.(restore.Result); !ok || got.SafetyBackup != res.SafetyBackup {
		t.Fatalf("restore:done payload = %#v", last.Payload)
	}
}

func TestRestoreOfBadFileLeavesDataAndSaysWhy(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 1, 2)
	l := folder.Layout{Root: root}
	before := fileHash(t, l.DB())
	a, fake := newTestApp(t, root)

	bad := filepath.Join(t.TempDir(), "notes.zip")
	if err := os.WriteFile(bad, []byte("this is not a zip archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.InspectBackup(bad, ""); err == nil {
		t.Fatal("InspectBackup accepted a file that is not a ZIP")
	}
	_, err := a.RestoreBackup(bad)
	if err == nil {
		t.Fatal("RestoreBackup accepted a file that is not a ZIP")
	}
	if fileHash(t, l.DB()) != before {
		t.Fatal("a refused restore changed the database")
	}
	// The failure reaches the window as RestoreBackup's rejection (this
	// payload), not as an event.
	if errs := fake.Named("restore:error"); len(errs) != 0 {
		t.Fatalf("restore:error events = %d, want none (all: %v)", len(errs), fake.Names())
	}
	pl := uierr.From(err)
	if pl.Code != uierr.NotABackup || !strings.Contains(pl.Message, "notes.zip") {
		t.Fatalf("error message %q should name the file", pl.Message)
	}
	// What the window shows: plain words first, and that nothing changed.
	const plain = "This file is not a Mahall backup (it is a text file). "
	if !strings.HasPrefix(pl.Message, plain) || !strings.HasSuffix(pl.Message, " Your data was not changed.") {
		t.Errorf("RestoreBackup's rejection says %q; want it to begin %q and end with 'Your data was not changed.'", pl.Message, plain)
	}
	if !pl.DataUnchanged {
		t.Errorf("RestoreBackup's rejection does not say the data was not changed: %+v", pl)
	}
	if _, err := a.InspectBackup(bad, ""); err == nil || !strings.HasPrefix(err.Error(), plain) {
		t.Errorf("InspectBackup said %v; want it to begin %q", err, plain)
	}
	if len(fake.Named(EventRestoreDone)) != 0 {
		t.Fatal("a failed restore emitted restore:done")
	}
}

// The save dialog offers a name with the date and the time, so two backups
// on one day never overwrite each other.
func TestChooseBackupDestinationOffersDefaultName(t *testing.T) {
	root := t.TempDir()
	a, fake := newTestApp(t, root)
	a.now = func() time.Time { return time.Date(2025, 3, 9, 15, 0, 0, 0, time.Local) }
	fake.SavePaths = []string{"/somewhere/mine", ""}

	got, err := a.ChooseBackupDestination("")
	if err != nil || got != "/somewhere/mine.zip" {
		t.Fatalf("ChooseBackupDestination = %q, %v; want .zip added", got, err)
	}
	d := fake.Dialogs()
	want := filepath.Join(root, "backups", "mahall_backup_2025-03-09_1500.zip")
	if len(d) != 1 || d[0].Kind != "save" || d[0].DefaultName != want {
		t.Fatalf("dialogs = %+v, want a save dialog offering %s", d, want)
	}
	if got, err := a.ChooseBackupDestination(""); got != "" || err != nil {
		t.Fatalf("cancelled dialog = %q, %v; want empty", got, err)
	}

	fake.OpenPaths = []string{"/backups/old.zip"}
	if got, err := a.ChooseBackupFile(""); got != "/backups/old.zip" || err != nil {
		t.Fatalf("ChooseBackupFile = %q, %v", got, err)
	}
}

func TestStartupWaitsForTheDataFolderLock(t *testing.T) {
	root := t.TempDir()
	l := folder.Layout{Root: root}
	held, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := newTestApp(t, root)
	st, _ := a.State()
	if !strings.Contains(st.Problem, "another backup, restore or recover is running") {
		t.Fatalf("problem while another process holds the folder = %q", st.Problem)
	}
	if st.ProblemError == nil || st.ProblemError.Code != uierr.Busy {
		t.Fatalf("typed problem while another process holds the folder = %+v, want code %s", st.ProblemError, uierr.Busy)
	}
	held.Close()
	st, _ = a.State()
	if st.Problem != "" || st.ProblemError != nil {
		t.Fatalf("problem after the lock was released = %q (%+v)", st.Problem, st.ProblemError)
	}
	// Start-up released the lock again: the CLI can run beside the app.
	again, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatalf("lock after start-up: %v", err)
	}
	again.Close()
	if !exists(l.AppLog()) {
		t.Fatal("no log file in DATA/logs")
	}
}

func TestDataDirArg(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"--data-dir", "/tmp/x"}, "/tmp/x"},
		{[]string{"--data-dir=/tmp/y"}, "/tmp/y"},
		{[]string{"-data-dir", "/tmp/z"}, "/tmp/z"},
		{[]string{"--other", "v", "--data-dir", "/a b"}, "/a b"},
		{[]string{"--data-dir"}, ""},
		{[]string{"data-dir", "/no"}, ""},
	} {
		if got := dataDirArg(tc.args); got != tc.want {
			t.Errorf("dataDirArg(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}
