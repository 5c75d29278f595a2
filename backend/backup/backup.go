// Package backup makes a backup: a snapshot of the database and the media
// folder, written as a mahall-backup/1 archive to a temporary file that is
// synced and then renamed into place.
package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"mahall/backend/crypt"
	"mahall/backend/folder"
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
	Warnings   []string         `json:"warnings"`  // e.g. photos members reference that are missing
	Encrypted  bool             `json:"encrypted"` // written inside an encrypted container (Options.Lock)
}

// Sentinel errors callers branch on.
var (
	// ErrNothingToBackUp: the data folder has no database.
	ErrNothingToBackUp = errors.New("nothing to back up")
	// ErrBadDestination: dest is a place a backup must not be written to
	// (inside the media folder, over the database, a folder that does not
	// exist).
	ErrBadDestination = errors.New("cannot write the backup there")
)

// Options change how a backup is written; the zero value is what the app
// and the CLI use.
type Options struct {
	// NoWriteBehind turns off the early write-back of the archive (see
	// writeBehind), only to measure what it gains.
	NoWriteBehind bool
	// Lock, when set, encrypts the backup to its public key (no password
	// needed: automatic backups set it from the settings, see
	// settings.Encryption.Lock) and carries its wrapped key, so the file
	// opens with the password or the recovery key. The normal backup ZIP is
	// streamed through the encryption; no plaintext reaches the disk.
	Lock *crypt.Lock
}

// maxPhotoWarnings bounds how many missing photos are named one by one; a
// register whose photos were all lost still gets a short, readable list.
const maxPhotoWarnings = 50

// DefaultName is mahall_backup_YYYY-MM-DD.zip for t (local date), the name
// people know from the old program.
func DefaultName(t time.Time) string { return "mahall_backup_" + t.Format("2006-01-02") + ".zip" }

// Create writes a backup of the opened data folder f to dest. An empty dest
// means DATA/backups/<DefaultName> (with -2, -3 … added if taken); a dest
// that is an existing folder means DefaultName inside it (also with -2, -3 …
// added if taken); any other dest is the file to write, replaced if it
// exists. f is open, so no restore is half way through and none can start.
// Cancel leaves no file behind.
func Create(ctx context.Context, f *folder.Folder, dest string, report progress.Func) (Result, error) {
	return Options{}.Create(ctx, f, dest, report)
}

// resolveDest turns the caller's dest into the archive's final path and
// refuses places a backup must not go.
func resolveDest(l folder.Layout, dest string, now time.Time) (string, error) {
	var final string
	switch {
	case dest == "":
		if err := os.MkdirAll(l.Backups(), 0o700); err != nil {
			return "", fmt.Errorf("create backups folder %s: %w", l.Backups(), err)
		}
		final = UnusedName(l.Backups(), DefaultName(now))
	default:
		abs, err := filepath.Abs(dest)
		if err != nil {
			return "", fmt.Errorf("backup destination %s: %w", dest, err)
		}
		st, err := os.Stat(abs)
		switch {
		case err == nil && st.IsDir():
			final = UnusedName(abs, DefaultName(now))
		case err == nil || errors.Is(err, fs.ErrNotExist):
			final = abs
		default:
			return "", fmt.Errorf("backup destination %s: %w", abs, err)
		}
	}

	dir := filepath.Dir(final)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return "", fmt.Errorf("backup destination %s: folder %s does not exist: %w", final, dir, ErrBadDestination)
	}
	if st, err := os.Lstat(final); err == nil && !st.Mode().IsRegular() {
		return "", fmt.Errorf("backup destination %s exists and is not a regular file: %w", final, ErrBadDestination)
	}
	// Compare real paths, so a symlink or a different spelling of the
	// same folder does not slip past.
	realDir := realPath(dir)
	realRoot := realPath(l.Root)
	if within(realDir, realPath(l.Media())) {
		return "", fmt.Errorf("backup destination %s is inside the media folder %s, which the backup reads: %w", final, l.Media(), ErrBadDestination)
	}
	if sameDir(realDir, realRoot) {
		if folder.Own(filepath.Base(final)) {
			return "", fmt.Errorf("backup destination %s would overwrite the data folder's own file: %w", final, ErrBadDestination)
		}
	}
	return final, nil
}

// UnusedName is name in dir, or name with -2, -3 … before its extension when
// that is taken. Restore names its safety backups with it too.
func UnusedName(dir, name string) string {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	p := filepath.Join(dir, name)
	for i := 2; ; i++ {
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p
		}
		p = filepath.Join(dir, stem+"-"+strconv.Itoa(i)+ext)
	}
}

// realPath resolves symlinks in as much of p as exists.
func realPath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent := filepath.Dir(p)
	if parent == p {
		return p
	}
	return filepath.Join(realPath(parent), filepath.Base(p))
}

func sameDir(a, b string) bool {
	if a == b {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

// within reports whether dir is root or below it.
func within(dir, root string) bool {
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return false
	}
	return rel == "." || filepath.IsLocal(rel)
}
