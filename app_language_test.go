package main

import (
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/settings"
)

func TestLanguageFollowsTheSystemUntilTheUserPicksOne(t *testing.T) {
	root := t.TempDir()
	t.Setenv("LANGUAGE", "")
	t.Setenv("LC_ALL", "ml_IN.UTF-8")
	a, _ := newTestApp(t, root)

	st, err := a.State()
	check(t, "State", err)
	if st.Language != "ml" || st.LanguageChosen {
		t.Fatalf("with LC_ALL=ml_IN: language %q, chosen %v; want the system's ml, not chosen", st.Language, st.LanguageChosen)
	}

	check(t, "SetLanguage", a.SetLanguage("en"))
	t.Setenv("LC_ALL", "ml_IN.UTF-8")
	st, err = a.State()
	check(t, "State", err)
	if st.Language != "en" || !st.LanguageChosen {
		t.Fatalf("after picking English: language %q, chosen %v", st.Language, st.LanguageChosen)
	}
	// It is kept in the settings file, beside the other settings, for the next start.
	s, err := settings.Load(folder.Layout{Root: root}.Settings())
	check(t, "settings.Load", err)
	if s.Language != "en" || s.Retention != settings.Defaults().Retention {
		t.Fatalf("settings after SetLanguage = %+v", s)
	}
	b, _ := newTestApp(t, root)
	if st, _ := b.State(); st.Language != "en" {
		t.Fatalf("next start: language %q, want the remembered en", st.Language)
	}

	if err := a.SetLanguage("fr"); err == nil {
		t.Fatal("SetLanguage(fr) succeeded; the window has only en and ml")
	}
}

func TestSetLanguageLeavesADamagedSettingsFileAlone(t *testing.T) {
	root := t.TempDir()
	a, _ := newTestApp(t, root)
	path := folder.Layout{Root: root}.Settings()
	damaged := []byte(`{"version": 1, "schedule": `)
	check(t, "write", os.WriteFile(path, damaged, 0o600))
	if err := a.SetLanguage("ml"); err == nil {
		t.Fatal("SetLanguage over a damaged settings file succeeded")
	}
	got, err := os.ReadFile(path)
	check(t, "read", err)
	if string(got) != string(damaged) {
		t.Fatalf("settings file was rewritten: %q", got)
	}
}

func TestOverviewSaysWhichBackupTheDataCameFrom(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 2, 3)
	a, _ := newTestApp(t, root)
	archive := filepath.Join(t.TempDir(), "b.zip")
	made, err := a.CreateBackup(archive)
	check(t, "CreateBackup", err)
	check(t, "remove record", os.Remove(folder.Layout{Root: root}.LastBackup()))

	_, err = a.RestoreBackup(archive)
	check(t, "RestoreBackup", err)
	ov, err := a.Overview()
	check(t, "Overview", err)
	r := ov.RestoredFrom
	if r == nil || r.Path != archive || r.BackupCreatedAt == nil || !r.BackupCreatedAt.Equal(made.CreatedAt) {
		t.Fatalf("after restore: restoredFrom = %+v, want %s made at %v", r, archive, made.CreatedAt)
	}
	if ov.BackupOverdue {
		t.Fatal("right after a restore the overview asks for a backup: the data is the restored backup's own copy")
	}

	// A backup made after the restore is the newest copy again.
	_, err = a.CreateBackup(filepath.Join(t.TempDir(), "after.zip"))
	check(t, "CreateBackup after restore", err)
	ov, err = a.Overview()
	check(t, "Overview", err)
	if ov.RestoredFrom != nil || ov.LastBackup == nil {
		t.Fatalf("after a new backup: restoredFrom = %+v, lastBackup = %+v", ov.RestoredFrom, ov.LastBackup)
	}
}

func TestInstanceIDIsTheDataFolders(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(filepath.Dir(dir))
	same := []string{dir, dir + string(filepath.Separator), filepath.Base(dir), filepath.Join(dir, "x", "..")}
	for _, d := range same {
		if got, want := instanceID(d), instanceID(dir); got != want {
			t.Errorf("instanceID(%q) = %q, want %q (the same folder)", d, got, want)
		}
	}
	if instanceID(dir) == instanceID(t.TempDir()) {
		t.Error("two data folders share an instance id")
	}
	// D-Bus names (Linux) allow letters, digits, '_' and '-' (wails turns '-' into '_').
	for _, r := range instanceID(dir) {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			t.Fatalf("instanceID has %q", r)
		}
	}
}
