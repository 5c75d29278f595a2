// Package archive is the backup file format: a ZIP holding db.sqlite3 at the
// root, the media folder under media/, and manifest.json describing both.
// It writes that format and reads it and the legacy layouts of the program in
// the field, validating every entry before anyone extracts anything.
//
// CONTRACT (stub written before the implementation; keep the exported names
// and meanings, add what you need).
package archive

import (
	"context"
	"errors"
	"io"
	"time"

	"mahall/backend/progress"
)

const (
	FormatName    = "mahall-backup"
	FormatVersion = 1
	ManifestName  = "manifest.json"
	DBName        = "db.sqlite3"
	MediaPrefix   = "media/"
)

// Layout names what kind of backup an archive is.
type Layout string

const (
	LayoutV1 Layout = "mahall-backup/1" // ours: db.sqlite3, media/..., manifest.json
	LayoutA  Layout = "A"               // legacy: db.sqlite3 + media/... (standalone exe, Drive)
	LayoutB  Layout = "B"               // legacy: db.sqlite3 + media paths with no media/ prefix (in-app button)
	LayoutC  Layout = "C"               // legacy: db.sqlite3 alone
)

// Manifest is manifest.json.
type Manifest struct {
	Format         string       `json:"format"`  // "mahall-backup"
	Version        int          `json:"version"` // 1
	CreatedAt      time.Time    `json:"created_at"`
	ProgramVersion string       `json:"program_version"`
	SourceDir      string       `json:"source_dir"`
	Database       DatabaseInfo `json:"database"`
	// Files lists every entry except manifest.json itself, db.sqlite3 included,
	// in archive order.
	Files []FileInfo `json:"files"`
}

type DatabaseInfo struct {
	Size   int64            `json:"size"`
	SHA256 string           `json:"sha256"` // lower-case hex
	Tables map[string]int64 `json:"tables"` // row count per table
}

type FileInfo struct {
	Name   string `json:"name"` // name in the archive, "/" separated
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Limits bound what a reader accepts, so a zip bomb is refused before
// anything is extracted.
type Limits struct {
	MaxEntries    int     // number of entries
	MaxTotalBytes int64   // sum of declared uncompressed sizes
	MaxEntryBytes int64   // one entry's declared uncompressed size
	MaxRatio      float64 // uncompressed/compressed for any entry larger than a few KiB
}

// DefaultLimits are generous for a real register and tight for a bomb.
var DefaultLimits = Limits{MaxEntries: 1_000_000, MaxTotalBytes: 1 << 40, MaxEntryBytes: 64 << 30, MaxRatio: 200}

// Sentinel errors callers branch on; concrete errors wrap them and name the
// entry (see EntryError).
var (
	ErrNotZip    = errors.New("not a ZIP archive")
	ErrUnsafe    = errors.New("unsafe entry")
	ErrChecksum  = errors.New("checksum mismatch")
	ErrNoDB      = errors.New("no db.sqlite3 in the archive")
	ErrTooLarge  = errors.New("archive exceeds size limits")
	ErrDuplicate = errors.New("duplicate entry")
)

// EntryError names the entry a problem concerns.
type EntryError struct {
	Entry  string
	Reason string
	Err    error // one of the sentinels
}

func (e *EntryError) Error() string { return e.Entry + ": " + e.Reason }
func (e *EntryError) Unwrap() error { return e.Err }

// Writer writes a mahall-backup/1 archive to w, hashing every entry as it
// goes and choosing Store for already-compressed media, Deflate otherwise.
type Writer struct{ _ struct{} }

// NewWriter starts an archive. dst is normally a temporary *os.File.
func NewWriter(dst io.Writer) *Writer {
	panic("archive.NewWriter: not implemented")
}

// Add writes one entry named name ("db.sqlite3" or "media/…") from the file at
// path on disk, streaming it, and returns its FileInfo. report receives the
// bytes written so far for this entry.
func (w *Writer) Add(ctx context.Context, name, path string, report func(n int64)) (FileInfo, error) {
	panic("archive.Writer.Add: not implemented")
}

// Close writes manifest.json (with m.Files filled from the entries added) and
// the central directory, and returns the first error of any of it.
func (w *Writer) Close(m Manifest) error {
	panic("archive.Writer.Close: not implemented")
}

// Entry is one validated entry of an archive.
type Entry struct {
	Name   string // name in the archive
	Target string // where it goes, relative to the data folder, "/" separated: "db.sqlite3" or "media/…"
	Size   int64  // declared uncompressed size
}

// Archive is an opened, structurally validated backup.
type Archive struct {
	Path     string
	Size     int64
	Layout   Layout
	Manifest *Manifest // nil for legacy layouts
	DB       Entry
	Media    []Entry
	Warnings []string
}

// Open opens path and validates its structure without extracting: a ZIP;
// every name local; regular files only; no duplicates (also case-folded);
// limits; a db.sqlite3 at the root; manifest consistent with the entries;
// layout detected. Nothing is read beyond the central directory and the
// manifest.
func Open(path string, lim Limits) (*Archive, error) {
	panic("archive.Open: not implemented")
}

// Close releases the file.
func (a *Archive) Close() error { panic("archive.Archive.Close: not implemented") }

// Verify reads every entry to its end, comparing sizes and (where there is a
// manifest) SHA-256; it reports progress in bytes.
func (a *Archive) Verify(ctx context.Context, report progress.Func) error {
	panic("archive.Archive.Verify: not implemented")
}

// ExtractDB writes the database entry to dst (checking its checksum where
// there is a manifest), for inspection or for a restore's staging.
func (a *Archive) ExtractDB(ctx context.Context, dst string) error {
	panic("archive.Archive.ExtractDB: not implemented")
}

// Extract writes every entry under dir at its Target, hashing as it writes
// and checking against the manifest where there is one; files are synced.
func (a *Archive) Extract(ctx context.Context, dir string, report progress.Func) error {
	panic("archive.Archive.Extract: not implemented")
}
