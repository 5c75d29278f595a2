package folder

import (
	"crypto/rand"
	"encoding/hex"
	"path/filepath"
	"strings"
	"time"
)

// Every name in the data folder is defined here, and only here. The first
// group matches the program in the field; the rest are this program's own.
const (
	DBName      = "db.sqlite3"
	MediaName   = "media"
	BackupsName = "backups"
	LogsName    = "logs"
	MarkerName  = "mahall-installed"

	LockName        = ".mahall.lock"
	JournalName     = ".restore-journal.json"
	LastBackupName  = "last-backup.json"  // the app's record of its newest backup
	LastRestoreName = "last-restore.json" // every restore's record of the backup its data came from
	SettingsName    = "settings.json"     // automatic-backup settings
	HistoryName     = "history.json"      // every backup attempt: where, result, file, verified
	ScheduleName    = "schedule.json"     // the schedule's state: last run, next due, last failure
	// CloudName is the folder of the cloud copy's connection (package
	// cloud): kopia's config and cache, and the protected keys. Like
	// backups/ and logs/ it is never part of a backup: a backup holds only
	// the database and the media.
	CloudName = "cloud"

	// safetyPrefix starts the name of the safety backup a restore makes in
	// DATA/backups; nothing ever deletes those.
	safetyPrefix = "pre-restore-"
	// snapshotPrefix starts the name of a backup's database snapshot in the
	// data folder while the backup runs.
	snapshotPrefix = ".db-snapshot-"
	// createTempPrefix starts the name of the file register.CreateEmpty
	// builds an empty database in, beside the one it creates.
	createTempPrefix = ".db-new-"
	// installTempSuffix is appended to the database's name while the
	// first-run install builds an empty one.
	installTempSuffix = ".install-tmp"
	// stagingMark follows ".<data folder name>" in a staging folder beside
	// the data folder.
	stagingMark = ".restore-"
	// cloudStagePrefix starts the name of the folder in the data folder
	// where a cloud snapshot is laid out while it is sent.
	cloudStagePrefix = ".cloud-stage-"
)

// The two halves of a staging folder: what a restore extracted, and the
// old items moved aside by the swap.
const (
	NewDirName = "new"
	OldDirName = "old"
)

// AppLogName is the app's log file in DATA/logs.
const AppLogName = "app.log"

// SafetyName is the file name (in DATA/backups) of the safety backup of a
// restore started at t.
func SafetyName(t time.Time) string {
	return safetyPrefix + t.UTC().Format("20060102T150405.000Z") + ".zip"
}

// SafetyNameShown is SafetyName with words in place of the time, for the UI
// to say where a safety backup will go before the restore has a time.
func SafetyNameShown(placeholder string) string { return safetyPrefix + placeholder + ".zip" }

// IsSafetyBackup reports whether name is a restore's safety backup: it holds
// the data a restore replaced, not the current data.
func IsSafetyBackup(name string) bool { return strings.HasPrefix(name, safetyPrefix) }

// isBackupTemp reports whether name is the temporary file of a backup (a
// ZIP) being written: durable.TempPattern of "<name>.zip".
func isBackupTemp(name string) bool {
	return strings.HasPrefix(name, ".") && strings.Contains(name, ".zip.tmp-")
}

// lockedRecords are the folder's small files that are replaced (with
// durable.WriteFile) only under the folder's lock, so that a temporary file
// of theirs found at Open is a crash's leftover. The history is appended to
// only by a backup, under the lock. The settings and the schedule's state
// may be written without the lock, so theirs are left alone.
func (l Layout) lockedRecords() []string {
	return []string{l.Journal(), l.LastBackup(), l.LastRestore(), l.History()}
}

// SnapshotPath is a new, unused name for a backup's database snapshot: in
// the data folder, on the same local disk as the database it copies.
func (l Layout) SnapshotPath() string {
	var b [8]byte
	rand.Read(b[:])
	return filepath.Join(l.Root, snapshotPrefix+hex.EncodeToString(b[:])+".sqlite3")
}

// Cloud is the cloud copy's connection folder.
func (l Layout) Cloud() string { return filepath.Join(l.Root, CloudName) }

// CloudStaging is a new, unused name for the folder a cloud snapshot is laid
// out in: in the data folder, so its media can be hard links to the real
// ones (same disk), and removed by the next Open if a run is killed.
func (l Layout) CloudStaging() string {
	var b [8]byte
	rand.Read(b[:])
	return filepath.Join(l.Root, cloudStagePrefix+hex.EncodeToString(b[:]))
}

// AppLog is the app's log file.
func (l Layout) AppLog() string { return filepath.Join(l.Logs(), AppLogName) }

// InstallTemp is where the first-run install builds the empty database
// before renaming it into place.
func (l Layout) InstallTemp() string { return l.DB() + installTempSuffix }

// LastBackup is the app's record of the newest backup it made.
func (l Layout) LastBackup() string { return filepath.Join(l.Root, LastBackupName) }

// LastRestore is the record of the backup the data was last restored from,
// written by every restore (restore.LastRestore).
func (l Layout) LastRestore() string { return filepath.Join(l.Root, LastRestoreName) }

// Own reports whether name, directly in the data folder, is one of the
// folder's own files that nothing but this package and the database's
// owner may write: a backup must not be written over one of them.
func Own(name string) bool {
	switch name {
	case DBName, DBName + "-wal", DBName + "-shm", DBName + "-journal",
		MarkerName, LockName, JournalName, LastBackupName, LastRestoreName, SettingsName, HistoryName, ScheduleName, CloudName:
		return true
	}
	return false
}

// stagingPrefix is the base-name prefix of every staging folder of l.
func stagingPrefix(l Layout) string {
	return "." + filepath.Base(filepath.Clean(l.Root)) + stagingMark
}
