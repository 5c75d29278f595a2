package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/backup"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/restore"
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

// The overview reads where the data came from off the disk: after the
// program is restarted, and after a restore by the CLI (which goes through
// the same backend/restore, with no app running), until a backup is made.
func TestOverviewSaysWhereTheDataCameFromAfterARestartAndACLIRestore(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 2, 3)
	archive := filepath.Join(t.TempDir(), "mahall_backup_2026-10-12_0930.zip")
	ctx := context.Background()
	f, err := folder.Open(ctx, root, folder.Options{})
	check(t, "open", err)
	made, err := backup.Create(ctx, f, archive, progress.Nop)
	check(t, "backup", err)
	// The CLI's restore: no app is running.
	_, err = restore.Run(ctx, f, archive, restore.Options{}, progress.Nop)
	check(t, "restore", err)
	check(t, "close", f.Close())

	// The app starts afterwards (a restart is the same: nothing but the
	// data folder carries over).
	for i := range 2 {
		a, _ := newTestApp(t, root)
		st, err := a.State()
		check(t, "State", err)
		r := st.Overview.RestoredFrom
		if r == nil || r.Path != archive || r.BackupCreatedAt == nil || !r.BackupCreatedAt.Equal(made.CreatedAt) {
			t.Fatalf("start %d: restoredFrom = %+v, want %s made at %v", i+1, r, archive, made.CreatedAt)
		}
		a.shutdown(ctx)
	}

	// A backup into DATA/backups (the CLI's default) makes the data its own
	// newest copy again.
	f, err = folder.Open(ctx, root, folder.Options{})
	check(t, "open", err)
	_, err = backup.Create(ctx, f, filepath.Join(folder.Layout{Root: root}.Backups(), "mahall_backup_2026-12-01_1000.zip"), progress.Nop)
	check(t, "backup after restore", err)
	check(t, "close", f.Close())
	a, _ := newTestApp(t, root)
	ov, err := a.Overview()
	check(t, "Overview", err)
	if ov.RestoredFrom != nil || ov.LastBackup == nil {
		t.Fatalf("after a new backup: restoredFrom = %+v, lastBackup = %+v", ov.RestoredFrom, ov.LastBackup)
	}
}
