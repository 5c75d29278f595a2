// Package restore inspects backups and restores them: validate everything
// first, extract to staging while hashing, make a safety backup of the
// current data, then swap under a journal.
//
// CONTRACT (stub written before the implementation; keep the exported names
// and meanings, add what you need).
package restore

import (
	"context"
	"time"

	"mahall/backend/datadir"
	"mahall/backend/progress"
)

// Preview is what a backup holds, read without extracting the media.
type Preview struct {
	Path       string           `json:"path"`
	Size       int64            `json:"size"`
	Format     string           `json:"format"`     // "mahall-backup/1", "A", "B", "C"
	CreatedAt  *time.Time       `json:"created_at"` // nil where unknown (legacy)
	Version    string           `json:"program_version,omitempty"`
	Tables     map[string]int64 `json:"tables"`
	Members    int64            `json:"members"`
	Houses     int64            `json:"houses"`
	Areas      int64            `json:"areas"`
	MediaFiles int              `json:"media_files"`
	MediaBytes int64            `json:"media_bytes"`
	Warnings   []string         `json:"warnings"`
}

// Inspect validates the archive's structure and reads its manifest and
// database (extracted to a temporary file that is removed), never the media.
func Inspect(ctx context.Context, path string) (Preview, error) {
	panic("restore.Inspect: not implemented")
}

// Options change how Run behaves.
type Options struct {
	Force bool // accept a database with no society_* table
}

// Result describes a finished restore.
type Result struct {
	Preview      Preview `json:"preview"`
	SafetyBackup string  `json:"safetyBackup"` // "" when there was no data to protect
}

// Run restores the backup at path into the data folder l (which may not
// exist yet). It takes the data folder's lock, recovers any interrupted
// restore, refuses while another process holds a write lock on the database,
// validates everything, extracts to staging, makes the safety backup into
// DATA/backups/pre-restore-<time>.zip, and swaps. On any error the data folder
// is exactly as it was and no staging is left.
func Run(ctx context.Context, l datadir.Layout, path string, opt Options, report progress.Func) (Result, error) {
	panic("restore.Run: not implemented")
}

// Verify checks a backup completely without touching any data folder: its
// structure (as Open), every entry read to its end against the manifest's
// sizes and SHA-256, and the database's PRAGMA integrity_check. It returns
// the preview and nil only when all of it is sound.
func Verify(ctx context.Context, path string, report progress.Func) (Preview, error) {
	panic("restore.Verify: not implemented")
}
