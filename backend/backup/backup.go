// Package backup makes a backup: a snapshot of the database and the media
// folder, written as a mahall-backup/1 archive to a temporary file that is
// synced and then renamed into place.
//
// CONTRACT (stub written before the implementation; keep the exported names
// and meanings, add what you need).
package backup

import (
	"context"
	"time"

	"mahall/backend/datadir"
	"mahall/backend/progress"
)

// Result describes a finished backup.
type Result struct {
	Path       string           `json:"path"`
	Size       int64            `json:"size"`
	CreatedAt  time.Time        `json:"createdAt"`
	Tables     map[string]int64 `json:"tables"`
	MediaFiles int              `json:"mediaFiles"`
	MediaBytes int64            `json:"mediaBytes"`
	Warnings   []string         `json:"warnings"` // e.g. photos members reference that are missing
}

// DefaultName is mahall_backup_YYYY-MM-DD.zip for t (local date), the name
// people know from the old program.
func DefaultName(t time.Time) string { return "mahall_backup_" + t.Format("2006-01-02") + ".zip" }

// Create writes a backup of the data folder to dest. An empty dest means
// DATA/backups/<DefaultName> (with -2, -3 … added if taken); a dest that is an
// existing folder means DefaultName inside it. It takes the data folder's
// lock and finishes an interrupted restore first (restore.Recover), so it
// never backs up a half-swapped folder. Cancel leaves no file behind.
func Create(ctx context.Context, l datadir.Layout, dest string, report progress.Func) (Result, error) {
	panic("backup.Create: not implemented")
}

// CreateLocked is Create for a caller that already holds the data folder's
// lock (the restore's safety backup).
func CreateLocked(ctx context.Context, l datadir.Layout, dest string, report progress.Func) (Result, error) {
	panic("backup.CreateLocked: not implemented")
}
