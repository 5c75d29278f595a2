package main

// The automatic-backup commands (backup --auto, list, prune), run as the
// real executable on real folders.

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/retention"
	"mahall/backend/settings"
)

var datedName = regexp.MustCompile(`^mahall_backup_\d{4}-\d\d-\d\d_\d{4}(-\d+)?\.zip$`)

func zipsIn(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".zip") {
			out = append(out, e.Name())
		}
	}
	return out
}

func listOf(t *testing.T, data string) []listJSON {
	t.Helper()
	r := runCLI(t, "--data-dir", data, "list", "--json")
	r.want(t, 0)
	var out []listJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	return out
}

func TestBackupAutoWithoutDestinationUsesBackupsAndSkipsUnchanged(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	backups := filepath.Join(data, folder.BackupsName)

	r := runCLI(t, "--data-dir", data, "backup", "--auto")
	r.want(t, 0)
	if !strings.Contains(r.stderr, "same disk") {
		t.Errorf("no same-disk warning:\n%s", r.stderr)
	}
	if !strings.Contains(r.stdout, "Backed up: "+backups) {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	names := zipsIn(t, backups)
	if len(names) != 1 || !datedName.MatchString(names[0]) {
		t.Fatalf("backups: %v", names)
	}

	r = runCLI(t, "--data-dir", data, "backup", "--auto")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Unchanged since ") {
		t.Errorf("second run:\n%s", r.stdout)
	}
	if n := zipsIn(t, backups); len(n) != 1 {
		t.Fatalf("an unchanged run wrote a backup: %v", n)
	}

	list := listOf(t, data)
	if len(list) != 1 || !list[0].Verified || list[0].Members != 8 || list[0].Path != filepath.Join(backups, names[0]) || list[0].Size <= 0 {
		t.Fatalf("list: %+v", list)
	}

	// A manual backup's default name carries the time too; it is listed, unverified, first.
	path, _ := backupOf(t, data)
	if !datedName.MatchString(filepath.Base(path)) {
		t.Errorf("manual backup named %s", path)
	}
	list = listOf(t, data)
	if len(list) != 2 || list[0].Path != path || list[0].Verified {
		t.Fatalf("list after a manual backup: %+v", list)
	}
	text := runCLI(t, "--data-dir", data, "list")
	text.want(t, 0)
	if !strings.Contains(text.stdout, path) || !strings.Contains(text.stdout, " yes ") {
		t.Errorf("list:\n%s", text.stdout)
	}
}

func TestBackupAutoReportsAMissingDriveAndServesTheOthers(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	drive := t.TempDir()
	gone := filepath.Join(t.TempDir(), "BACKUP-USB")
	s := settings.Defaults()
	s.Destinations = []settings.Destination{{Path: drive}, {Path: gone}}
	if err := settings.Save(filepath.Join(data, folder.SettingsName), s); err != nil {
		t.Fatal(err)
	}
	r := runCLI(t, "--data-dir", data, "backup", "--auto")
	r.want(t, 1)
	name := "BACKUP-USB"
	if runtime.GOOS == "windows" {
		name = filepath.VolumeName(gone) // Windows users know a drive by its letter
	}
	if !strings.Contains(r.stdout, "FAILED:    "+gone) || !strings.Contains(r.stdout, "Plug in the backup drive '"+name+"'") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "Not every backup folder got a new backup") || strings.Contains(r.stderr, "was not made") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if n := zipsIn(t, drive); len(n) != 1 {
		t.Fatalf("the present drive holds %v", n)
	}
	if _, err := os.Stat(gone); err == nil {
		t.Error("the missing drive's folder was created")
	}
	l := runCLI(t, "--data-dir", data, "list")
	l.want(t, 0)
	if !strings.Contains(l.stderr, gone) || !strings.Contains(l.stdout, drive) {
		t.Errorf("list:\nstdout %s\nstderr %s", l.stdout, l.stderr)
	}

	// --to replaces the settings' folders for one run.
	other := t.TempDir()
	r = runCLI(t, "--data-dir", data, "backup", "--auto", "--to", other)
	r.want(t, 0)
	if n := zipsIn(t, other); len(n) != 1 {
		t.Fatalf("--to folder holds %v", n)
	}

	r = runCLI(t, "--data-dir", data, "backup", "--to", other)
	r.want(t, 2)
}

func TestPruneDryRunThenPrune(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	dir := t.TempDir()
	var made []string
	for range 4 {
		p, _ := backupOf(t, data, dir)
		made = append(made, filepath.Base(p))
	}
	os.WriteFile(filepath.Join(dir, "notes.zip"), []byte("not a backup"), 0o600)
	s := settings.Defaults()
	s.Retention = retention.Policy{Last: 10}
	if err := settings.Save(filepath.Join(data, folder.SettingsName), s); err != nil {
		t.Fatal(err)
	}
	before := zipsIn(t, dir)

	// The settings keep everything; the flags decide this run.
	r := runCLI(t, "--data-dir", data, "prune", "--dry-run", "--json", "--keep-last", "1", "--keep-daily", "0", "--keep-weekly", "0", "--keep-monthly", "0", dir)
	r.want(t, 0)
	var out pruneJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if !out.DryRun || len(out.Folders) != 1 || out.Folders[0].Held != "" {
		t.Fatalf("prune --dry-run: %+v", out)
	}
	var deleting []string
	for _, d := range out.Folders[0].Decisions {
		if d.Deleted {
			t.Errorf("dry run deleted %s", d.Path)
		}
		if !d.Keep {
			deleting = append(deleting, filepath.Base(d.Path))
		}
		if len(d.Reasons) == 0 {
			t.Errorf("no reason for %s", d.Path)
		}
	}
	// The newest (last 1, newest verified) and the oldest stay.
	slices.Sort(deleting)
	if want := []string{made[1], made[2]}; !slices.Equal(deleting, want) {
		t.Fatalf("would delete %v, want %v", deleting, want)
	}
	if after := zipsIn(t, dir); !slices.Equal(before, after) {
		t.Fatalf("dry run changed the folder: %v, then %v", before, after)
	}
	text := runCLI(t, "--data-dir", data, "prune", "--dry-run", "--keep-last", "1", "--keep-daily", "0", "--keep-weekly", "0", "--keep-monthly", "0", dir)
	text.want(t, 0)
	for _, s := range []string{"delete ", "no rule keeps it", "not a Mahall backup", "2 backups would be deleted; nothing was deleted (--dry-run)"} {
		if !strings.Contains(text.stdout, s) {
			t.Errorf("dry run text lacks %q:\n%s", s, text.stdout)
		}
	}

	r = runCLI(t, "--data-dir", data, "prune", "--keep-last", "1", "--keep-daily", "0", "--keep-weekly", "0", "--keep-monthly", "0", dir)
	r.want(t, 0)
	after := zipsIn(t, dir)
	slices.Sort(after)
	want := []string{made[0], made[3], "notes.zip"}
	slices.Sort(want)
	if !slices.Equal(after, want) {
		t.Fatalf("after prune: %v, want %v\n%s", after, want, r.stdout)
	}

	// The settings' rules when no flag is given: keep the last 10, delete nothing.
	r = runCLI(t, "--data-dir", data, "prune", dir)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "0 backups deleted") {
		t.Errorf("prune with the settings' rules:\n%s", r.stdout)
	}
}

func TestPruneDeletesNothingWhenTheNewestBackupIsDamaged(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	dir := t.TempDir()
	var newest string
	for range 3 {
		newest, _ = backupOf(t, data, dir)
	}
	flipByteIn(t, newest, newest, "db.sqlite3")
	before := zipsIn(t, dir)
	r := runCLI(t, "--data-dir", data, "prune", "--keep-last", "1", "--keep-daily", "0", "--keep-weekly", "0", "--keep-monthly", "0", dir)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Nothing is deleted here") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	if after := zipsIn(t, dir); !slices.Equal(before, after) {
		t.Fatalf("files changed: %v, then %v", before, after)
	}
}
