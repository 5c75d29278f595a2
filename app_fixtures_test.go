package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"mahall/backend/desktop"
	"mahall/backend/explain"
	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/register"
	"mahall/backend/settings"
	"mahall/backend/uierr"
	"mahall/backend/version"
)

var updateFixtures = flag.Bool("update", false, "rewrite frontend/src/test/fixtures/*.json from the real values")

const fixtureDir = "frontend/src/test/fixtures"

// TestFrontendFixtures makes the values the frontend's tests feed to the
// components with the real app on real data folders and backups, and checks
// them against the JSON committed in frontend/src/test/fixtures. A renamed
// JSON field, a new one, or a changed message fails here; after a deliberate
// change, run `go test -run TestFrontendFixtures . -update` and commit the
// files (the frontend's tests then show what the change means for the UI).
//
// Each machine is a temporary folder that stands for "/", so the fixtures
// read /home/user/.mahali and /media/usb as on a user's machine.
func TestFrontendFixtures(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fixtures hold Unix paths")
	}
	defer func(v string) { version.Version = v }(version.Version)
	version.Version = "1.2.3"
	// The state says the system's language; the fixtures are the English one's.
	t.Setenv("LC_ALL", "en_IN.UTF-8")
	t.Setenv("LANGUAGE", "")

	var roots []string
	machine := func() (root, data, usb string) {
		root = t.TempDir()
		roots = append(roots, root)
		usb = filepath.Join(root, "media", "usb")
		check(t, "mkdir", os.MkdirAll(usb, 0o700))
		return root, filepath.Join(root, "home", "user", ".mahali"), usb
	}
	got := map[string]any{}

	// First run: nothing installed yet, then the installation's overview.
	_, fresh, _ := machine()
	a, _ := newTestApp(t, fresh)
	st, err := a.State()
	check(t, "State", err)
	got["state-first-run"] = st
	ov, err := a.Install()
	check(t, "Install", err)
	got["overview-empty"] = ov

	// An earlier installation with data, as the wizard and the main window
	// see it.
	_, old, usb := machine()
	makeRegisterPhotos(t, old, 4, 96, 412, 380)
	oldApp, _ := newTestApp(t, old)
	ov, err = oldApp.Overview()
	check(t, "Overview", err)
	got["overview-old"] = ov

	// A backup made by the old program's in-app button (layout B), where one
	// member names a photo that is not in it.
	legacy := filepath.Join(usb, "mahall_backup_2025-01-15.zip")
	writeLegacyBackup(t, legacy, 7, 256, 1234, 1100)
	p, err := oldApp.InspectBackup(legacy, "")
	check(t, "InspectBackup", err)
	got["preview"] = p
	restoredAt := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	oldApp.now = func() time.Time { return restoredAt }
	res, err := oldApp.RestoreBackup(legacy)
	check(t, "RestoreBackup", err)
	got["restore-result"] = res
	// The program started again on that folder: the overview still says
	// where the data came from (the old backup does not say when it was
	// made).
	restarted, _ := newTestApp(t, old)
	restarted.now = func() time.Time { return restoredAt.Add(time.Hour) }
	ov, err = restarted.Overview()
	check(t, "Overview after a restart", err)
	got["overview-restored"] = ov

	root, _, usb := machine()
	got["errors"] = fixtureErrors(t, root, usb)
	// Every code the UI can receive: the frontend's test fails when either
	// catalog has no words for one.
	got["error-codes"] = uierr.Codes
	// Every kind of warning (backend/notice): the same check for its words.
	got["notice-codes"] = notice.Codes

	// Automatic backups: the settings as they start, the status before and
	// after a backup to a USB drive, its report and the history list.
	_, auto, usbRoot := machine()
	makeRegisterPhotos(t, auto, 2, 12, 40, 30)
	check(t, "marker", os.WriteFile(folder.Layout{Root: auto}.Marker(), []byte("installed\n"), 0o600))
	autoApp, _ := newTestApp(t, auto)
	autoApp.now = func() time.Time { return time.Date(2025, 3, 9, 15, 0, 0, 0, time.UTC) }
	sv, err := autoApp.GetSettings()
	check(t, "GetSettings", err)
	got["settings-first-run"] = sv
	bst, err := autoApp.GetBackupStatus()
	check(t, "GetBackupStatus", err)
	bst.NextDue = nil // from the wall clock
	got["backup-status-none"] = bst
	drive := filepath.Join(usbRoot, "BACKUP-USB")
	check(t, "mkdir", os.MkdirAll(drive, 0o700))
	sv.Settings.Destinations = append(sv.Settings.Destinations, settings.Destination{Path: drive})
	sv, err = autoApp.SaveSettings(sv.Settings)
	check(t, "SaveSettings", err)
	got["settings-usb"] = sv
	report, err := autoApp.RunBackupNow()
	check(t, "RunBackupNow", err)
	got["auto-report"] = report
	bst, err = autoApp.GetBackupStatus()
	check(t, "GetBackupStatus", err)
	bst.NextDue = nil // from the wall clock
	got["backup-status-usb"] = bst
	list, err := autoApp.ListBackups()
	check(t, "ListBackups", err)
	for i := range list.Backups {
		// The manifest's time is the wall clock's, and its length moves the size by a byte.
		list.Backups[i].Time, list.Backups[i].Size = autoApp.now(), 1234567
	}
	got["backup-list"] = list

	for name, v := range got {
		compareFixture(t, name, normalize(t, v, roots))
	}
	if !*updateFixtures {
		entries, _ := os.ReadDir(fixtureDir)
		for _, e := range entries {
			if _, ok := got[strings.TrimSuffix(e.Name(), ".json")]; !ok {
				t.Errorf("%s/%s is no longer written by this test: remove it", fixtureDir, e.Name())
			}
		}
	}
}

// fixtureErrors are the error payloads the UI gets, from real failures where
// this machine can make them.
func fixtureErrors(t *testing.T, fsRoot, usb string) map[string]uierr.Payload {
	out := map[string]uierr.Payload{}
	dir := filepath.Join(fsRoot, "home", "user", ".mahali")
	makeRegister(t, dir, 1, 2, 20)
	a, fake := newTestApp(t, dir)

	holiday := filepath.Join(fsRoot, "tmp", "holiday.zip")
	check(t, "mkdir", os.MkdirAll(filepath.Dir(holiday), 0o700))
	check(t, "write", os.WriteFile(holiday, []byte("Photos from the trip are on the other stick.\n"), 0o600))
	_, err := a.InspectBackup(holiday, "")
	out["notABackup"] = payloadOf(t, "inspect a text file", err)

	evil := filepath.Join(usb, "evil.zip")
	writeZip(t, evil, map[string][]byte{"db.sqlite3": []byte("x"), "../evil.txt": []byte("x")})
	_, err = a.RestoreBackup(evil)
	out["unsafe"] = payloadOf(t, "restore a ZIP with ../evil.txt", err)

	// Cancel each operation as its first progress arrives, as the Cancel
	// button does; the same run shows what a second operation is told.
	var once sync.Once
	var busy error
	fake.OnEmit = func(e desktop.Event) {
		if e.Name == EventBackupProgress {
			once.Do(func() {
				_, busy = a.RestoreBackup(evil)
				a.Cancel()
			})
		}
	}
	_, err = a.CreateBackup(filepath.Join(usb, "b.zip"))
	out["cancelledBackup"] = payloadOf(t, "cancel a backup", err)
	out["busy"] = payloadOf(t, "restore during a backup", busy)

	good := filepath.Join(usb, "good.zip")
	fake.OnEmit = nil
	_, err = a.CreateBackup(good)
	check(t, "CreateBackup", err)
	once = sync.Once{}
	fake.OnEmit = func(e desktop.Event) {
		if e.Name == EventRestoreProgress {
			once.Do(a.Cancel)
		}
	}
	_, err = a.RestoreBackup(good)
	out["cancelledRestore"] = payloadOf(t, "cancel a restore", err)
	fake.OnEmit = nil

	// Another program writing to the register.
	db, err := register.OpenRW(folder.Layout{Root: dir}.DB())
	check(t, "open", err)
	defer db.Close()
	conn, err := db.Conn(context.Background())
	check(t, "conn", err)
	defer conn.Close()
	_, err = conn.ExecContext(context.Background(), "BEGIN IMMEDIATE")
	check(t, "BEGIN IMMEDIATE", err)
	_, err = a.RestoreBackup(good)
	out["inUse"] = payloadOf(t, "restore while another program writes", err)
	_, err = conn.ExecContext(context.Background(), "ROLLBACK")
	check(t, "ROLLBACK", err)

	// An encrypted backup chosen without its password, then with a wrong one.
	_, err = a.PrepareEncryption("made-up fixture password", "made-up fixture password")
	check(t, "PrepareEncryption", err)
	_, err = a.ConfirmEncryption()
	check(t, "ConfirmEncryption", err)
	protected := filepath.Join(usb, "protected.zip")
	_, err = a.CreateBackup(protected)
	check(t, "CreateBackup", err)
	_, err = a.InspectBackup(protected, "")
	out["passwordNeeded"] = payloadOf(t, "inspect an encrypted backup without its password", err)
	_, err = a.InspectBackup(protected, "not the password")
	out["wrongPassword"] = payloadOf(t, "inspect an encrypted backup with a wrong password", err)

	// A full disk and a refused folder cannot be made here (the tests run as
	// root), so these are the errors the system calls return, wrapped as
	// the backend wraps them, and told in plain words as runOp tells them.
	out["noSpace"] = uierr.From(explain.Wrap(opBackup.words, fmt.Errorf("write %s: %w", filepath.Join(usb, "b.zip"), syscall.ENOSPC)))
	media := filepath.Join(dir, "media")
	out["noPermission"] = uierr.From(explain.Wrap(opInstall.words, fmt.Errorf("create %s: %w", media, &fs.PathError{Op: "mkdir", Path: media, Err: syscall.EACCES})))
	return out
}

func payloadOf(t *testing.T, what string, err error) uierr.Payload {
	t.Helper()
	if err == nil {
		t.Fatalf("%s: no error", what)
	}
	return uierr.From(err)
}

func check(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// writeLegacyBackup writes a layout-B backup: db.sqlite3 and the photos at
// the archive's root, stored, with fixed times, so its size is the same on
// every run. Member 1042 names a photo the backup does not hold.
func writeLegacyBackup(t *testing.T, path string, areas, houses, members, photos int) {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	makeRegisterPhotos(t, src, areas, houses, members, photos)
	db, err := register.OpenRW(filepath.Join(src, "db.sqlite3"))
	check(t, "open", err)
	_, err = db.Exec(`UPDATE society_member SET photo = 'members/photos/k12.png' WHERE member_id = '2042'`)
	check(t, "name a missing photo", err)
	check(t, "close", db.Close())

	files := map[string][]byte{}
	err = filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = strings.TrimPrefix(filepath.ToSlash(rel), "media/")
		files[rel], err = os.ReadFile(p)
		return err
	})
	check(t, "read "+src, err)
	writeZip(t, path, files)
}

func writeZip(t *testing.T, path string, files map[string][]byte) {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Store, Modified: time.Date(2025, 1, 15, 9, 30, 0, 0, time.UTC)})
		check(t, "zip "+n, err)
		_, err = w.Write(files[n])
		check(t, "zip "+n, err)
	}
	check(t, "zip", zw.Close())
	check(t, "write "+path, os.WriteFile(path, buf.Bytes(), 0o600))
}

// normalize is v's JSON with the temporary roots taken off every path and
// the safety backup's time fixed, so the files stay the same from run to
// run.
func normalize(t *testing.T, v any, roots []string) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	check(t, "marshal", enc.Encode(v))
	b := buf.Bytes()
	for _, r := range roots {
		b = bytes.ReplaceAll(b, []byte(r), nil)
	}
	return safetyTime.ReplaceAll(b, []byte("pre-restore-20250309T150000.000Z"))
}

var safetyTime = regexp.MustCompile(`pre-restore-\d{8}T\d{6}\.\d{3}Z`)

func compareFixture(t *testing.T, name string, data []byte) {
	t.Helper()
	path := filepath.Join(fixtureDir, name+".json")
	if *updateFixtures {
		check(t, "mkdir", os.MkdirAll(fixtureDir, 0o755))
		check(t, "write", os.WriteFile(path, data, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v (run: go test -run TestFrontendFixtures . -update)", path, err)
		return
	}
	if !bytes.Equal(want, data) {
		t.Errorf("%s differs from what the Go side sends now; if that is meant, run `go test -run TestFrontendFixtures . -update` and commit it.\nnow:\n%s", path, data)
	}
}
