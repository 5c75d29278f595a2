// Package archive is the backup file format: a ZIP holding db.sqlite3 at the
// root, the media folder under media/, and manifest.json describing both.
// It writes that format and reads it and the legacy layouts of the program in
// the field, validating every entry before anyone extracts anything.
//
// The files: names.go (which entry names are safe), writer.go, reader.go
// (Open: structure, limits, layouts), manifest.go, extract.go (Verify,
// ExtractDB, Extract).
package archive

import (
	"errors"
	"strconv"
	"time"
	"unicode"
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
	// Files lists every entry except manifest.json itself (and the
	// DamagedReadme note), db.sqlite3 included, in archive order.
	Files []FileInfo `json:"files"`
	// Damaged is set on a backup of a register that could not be read
	// (a restore's safety backup of damaged data): db.sqlite3 is then a raw
	// copy of the damaged file, exactly as it was, and DamagedReadme says so
	// to whoever opens the ZIP.
	Damaged *Damaged `json:"damaged,omitempty"`
	// MissingPhotos are the member photos the database names that the
	// backup holds no file for (MissingPhotos), sorted: what a preview
	// warns of, so that it needs no copy of the database (issue 17: on 80,000
	// members, extracting the 200 MB database was most of Inspect's time).
	// Always present, [] when none is missing; nil (absent) in manifests
	// written before it, whose preview reads the database instead.
	MissingPhotos []string `json:"missing_photos"`
}

// Damaged says why a backup's database is a raw copy of a damaged file.
type Damaged struct {
	Reason string `json:"reason"` // what reading it said
}

// DamagedReadme is the note at the root of a backup whose database is a raw
// copy of a damaged file. It is for people opening the ZIP by hand; a
// restore skips it.
const DamagedReadme = "DAMAGED-README.txt"

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
	MaxRatio      float64 // uncompressed/compressed for an entry larger than RatioFloor
	// RatioFloor: entries declaring at most this many bytes are not held to
	// MaxRatio. Real files can deflate far past 200:1 (a blank BMP-style
	// .ico, a database's zeroed free pages), so the ratio is only a bomb
	// sign where the expansion is big; smaller ones are bounded by the
	// declared sizes, which extraction enforces, and the free-space check.
	RatioFloor int64
}

// DefaultLimits are generous for a real register and tight for a bomb. A
// zero field of the Limits given to Open means the DefaultLimits value.
var DefaultLimits = Limits{MaxEntries: 1_000_000, MaxTotalBytes: 1 << 40, MaxEntryBytes: 64 << 30, MaxRatio: 200, RatioFloor: 64 << 20}

// Sentinel errors callers branch on; concrete errors wrap them and name the
// entry (see EntryError).
var (
	ErrNotZip    = errors.New("not a ZIP archive")
	ErrUnsafe    = errors.New("unsafe entry")
	ErrChecksum  = errors.New("checksum mismatch")
	ErrNoDB      = errors.New("no db.sqlite3 in the archive")
	ErrTooLarge  = errors.New("archive exceeds size limits")
	ErrDuplicate = errors.New("duplicate entry")

	// ErrDamaged: the file starts like a ZIP but its structure cannot be
	// read (truncated, or the central directory is broken).
	ErrDamaged = errors.New("truncated or damaged ZIP archive")
	// ErrManifest: manifest.json is unreadable or not ours.
	ErrManifest = errors.New("invalid manifest")
	// ErrUnsupported: something this program cannot read, such as a newer
	// format version, an encrypted entry or a compression method other than
	// Store and Deflate.
	ErrUnsupported = errors.New("unsupported archive")
)

// EntryError names the entry a problem concerns.
type EntryError struct {
	Entry  string
	Reason string
	Err    error // one of the sentinels
}

// Error quotes the entry only when it holds characters a terminal would not
// show faithfully (NUL, control characters), so hostile names stay readable.
func (e *EntryError) Error() string { return printable(e.Entry) + ": " + e.Reason }
func (e *EntryError) Unwrap() error { return e.Err }

func printable(s string) string {
	for _, r := range s {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

func entryErr(entry string, sentinel error, reason string) *EntryError {
	return &EntryError{Entry: entry, Reason: reason, Err: sentinel}
}
