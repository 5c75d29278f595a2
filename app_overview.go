package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mahall/backend/durable"
	"mahall/backend/folder"
	"mahall/backend/register"
	"mahall/backend/restore"
)

// BackupReminder is how long the overview waits before warning that there
// has been no backup.
const BackupReminder = 7 * 24 * time.Hour

// Overview is what the main window shows about the data folder.
type Overview struct {
	DataDir       string      `json:"dataDir"`
	DBPath        string      `json:"dbPath"`
	DBSize        int64       `json:"dbSize"`
	Members       int64       `json:"members"`
	Houses        int64       `json:"houses"`
	Areas         int64       `json:"areas"`
	Photos        int         `json:"photos"` // files in the media folder
	MediaBytes    int64       `json:"mediaBytes"`
	BackupsDir    string      `json:"backupsDir"`
	LastBackup    *LastBackup `json:"lastBackup"` // nil when none is known
	BackupOverdue bool        `json:"backupOverdue"`
	// RestoredFrom is the backup the data was restored from, when that
	// restore is newer than the last backup: the data is that backup's.
	// Every restore records it (restore.LastRestore), the CLI's too, so it
	// shows after a restart.
	RestoredFrom *restore.LastRestore `json:"restoredFrom"`
}

// LastBackup is the newest backup the app knows of.
type LastBackup struct {
	Path string    `json:"path"`
	At   time.Time `json:"at"`
	Size int64     `json:"size"`
}

func readOverview(ctx context.Context, l folder.Layout, now time.Time) (Overview, error) {
	ov := Overview{DataDir: l.Root, DBPath: l.DB(), BackupsDir: l.Backups()}
	st, err := os.Stat(l.DB())
	if err != nil {
		return ov, fmt.Errorf("read database %s: %w", l.DB(), err)
	}
	ov.DBSize = st.Size()

	db, err := register.Open(l.DB()) // its errors name the file
	if err != nil {
		return ov, err
	}
	counts, err := register.Counts(ctx, db)
	db.Close()
	if err != nil {
		return ov, fmt.Errorf("count rows in %s: %w", l.DB(), err)
	}
	ov.Members = counts["society_member"]
	ov.Houses = counts["society_house"]
	ov.Areas = counts["society_area"]

	ov.Photos, ov.MediaBytes, err = l.MediaUsage()
	if err != nil {
		return ov, err
	}

	ov.LastBackup = lastBackup(l)
	ov.BackupOverdue = ov.LastBackup == nil || now.Sub(ov.LastBackup.At) >= BackupReminder
	if r, err := restore.ReadLastRestore(l); err == nil && (ov.LastBackup == nil || r.At.After(ov.LastBackup.At)) {
		ov.RestoredFrom = &r
		// Until the next backup, the restored backup is the newest copy of
		// the data; changes made since the restore are what is unprotected.
		ov.BackupOverdue = now.Sub(r.At) >= BackupReminder
	}
	return ov, nil
}

// lastBackup is the newer of the app's own record and the newest backup in
// DATA/backups (where the CLI writes by default). Safety backups made before
// a restore hold the data that was replaced, not the current data, so they
// do not count.
func lastBackup(l folder.Layout) *LastBackup {
	var best *LastBackup
	if b, err := readLastBackup(l); err == nil {
		best = &b
	}
	entries, _ := os.ReadDir(l.Backups())
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(name), ".zip") || folder.IsSafetyBackup(name) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		if best == nil || info.ModTime().After(best.At) {
			best = &LastBackup{Path: filepath.Join(l.Backups(), name), At: info.ModTime(), Size: info.Size()}
		}
	}
	return best
}

func readLastBackup(l folder.Layout) (LastBackup, error) {
	b, err := readRecord[LastBackup](l.LastBackup())
	if err == nil && b.At.IsZero() {
		err = errors.New("no time in " + l.LastBackup())
	}
	return b, err
}

// writeLastBackup replaces the record atomically, so a crash leaves the old
// record or the new one.
func writeLastBackup(l folder.Layout, b LastBackup) error { return writeRecord(l.LastBackup(), b) }

// readRecord and writeRecord keep one of the app's small JSON records in the
// data folder; writes are atomic.
func readRecord[T any](path string) (T, error) {
	var v T
	data, err := os.ReadFile(path)
	if err != nil {
		return v, err
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return v, fmt.Errorf("read %s: %w", path, err)
	}
	return v, nil
}

func writeRecord(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return durable.WriteFile(path, data, 0o600)
}
