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
	"syscall"
	"time"

	"mahall/backend/catalog"
	"mahall/backend/crypt"
	"mahall/backend/destination"
	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/backend/snapshot"
)

// Result describes a finished backup.
type Result struct {
	Path       string           `json:"path"`
	Size       int64            `json:"size"`
	CreatedAt  time.Time        `json:"createdAt"`
	Tables     map[string]int64 `json:"tables"`
	MediaFiles int              `json:"mediaFiles"`
	MediaBytes int64            `json:"mediaBytes"`
	Warnings   []notice.Notice  `json:"warnings"` // e.g. photos members reference that are missing
	// Damaged: the register could not be read and the backup holds a raw
	// copy of it (CreateSafety).
	Damaged bool `json:"damaged,omitempty"`
	// Encrypted: written inside an encrypted container (Options.Lock).
	Encrypted bool `json:"encrypted,omitempty"`
}

// Made is what the history list needs to know of the backup r describes
// (catalog.Remember), so it does not read the new file again.
func (r Result) Made() catalog.Made {
	members, ok := r.Tables["society_member"]
	if !ok {
		members = -1
	}
	return catalog.Made{CreatedAt: r.CreatedAt, Members: members, Photos: r.MediaFiles, Encrypted: r.Encrypted}
}

// Sentinel errors callers branch on.
var (
	// ErrNothingToBackUp: the data folder has no database.
	ErrNothingToBackUp = errors.New("nothing to back up")
	// ErrBadDestination: dest is a place a backup must not be written to
	// (inside the media folder, over the database, a folder that does not
	// exist).
	ErrBadDestination = errors.New("cannot write the backup there")
	// ErrEmptyRegister: db.sqlite3 is an empty (0-byte) file. A backup of
	// it would hold nothing; it is refused (a restore's safety backup keeps
	// it, see CreateSafety).
	ErrEmptyRegister = errors.New("the register is empty")
)

// Options change how a backup is written; the zero value is what the app
// and the CLI use.
type Options struct {
	// Lock, when set, encrypts the backup to its public key (no password
	// needed: automatic backups set it from the settings, see
	// settings.Encryption.Lock) and carries its wrapped key, so the file
	// opens with the password or the recovery key. The normal backup ZIP is
	// streamed through the encryption; no plaintext reaches the disk.
	Lock *crypt.Lock

	// damaged, when not "", is why the database cannot be read: the
	// backup then keeps it as a raw copy (CreateSafety).
	damaged string
}

// maxPhotoWarnings bounds how many missing photos are named one by one; a
// register whose photos were all lost still gets a short, readable list.
const maxPhotoWarnings = 50

// DefaultName is mahall_backup_YYYY-MM-DD_HHMM.zip for t (local time): the
// name people know from the old program, with the time, so that two
// backups on one day never overwrite each other (destination.Name).
func DefaultName(t time.Time) string { return destination.Name(t) }

// Create writes a backup of the opened data folder f to dest. An empty dest
// means DATA/backups/<DefaultName> (with -2, -3 … added if taken); a dest
// that is an existing folder means DefaultName inside it (also with -2, -3 …
// added if taken); any other dest is the file to write, replaced if it
// exists. f is open, so no restore is half way through and none can start.
// Cancel leaves no file behind.
func Create(ctx context.Context, f *folder.Folder, dest string, report progress.Func) (Result, error) {
	return Options{}.Create(ctx, f, dest, report)
}

// CreateSafety is Create for a restore's safety backup, which must not fail
// just because the current register is damaged: that is exactly when people
// restore. When reading the database says it is damaged (or not a database
// at all), the backup keeps it as it is instead: db.sqlite3 is a raw copy
// of the damaged file, the media are copied as usual, the manifest says so
// (Manifest.Damaged) and a DAMAGED-README.txt in the ZIP says it in words.
// Result.Damaged is then set.
func CreateSafety(ctx context.Context, f *folder.Folder, dest string, report progress.Func) (Result, error) {
	return Options{}.CreateSafety(ctx, f, dest, report)
}

// CreateSafety is the package's CreateSafety with these options.
func (o Options) CreateSafety(ctx context.Context, f *folder.Folder, dest string, report progress.Func) (Result, error) {
	res, err := o.Create(ctx, f, dest, report)
	if err != nil && ctx.Err() == nil && (snapshot.IsDamaged(err) || errors.Is(err, ErrEmptyRegister)) {
		o.damaged = err.Error()
		return o.Create(ctx, f, dest, report)
	}
	return res, err
}

// damagedReadme is the text of archive.DamagedReadme.
func damagedReadme(root, reason string, at time.Time) string {
	return "This backup holds a DAMAGED register.\r\n\r\n" +
		"Mahall Software made it on " + at.Format("2006-01-02 15:04") + " just before a restore replaced the data in\r\n" +
		root + "\r\n" +
		"The register database there (db.sqlite3) could not be read, so it is kept here exactly as it was, byte for byte,\r\n" +
		"together with all the photos (media/). Nothing in it was repaired or changed.\r\n\r\n" +
		"Keep this file. Someone who knows SQLite may be able to get data back from db.sqlite3\r\n" +
		"(for example with the sqlite3 tool's .recover command, working on a copy).\r\n" +
		"Restoring this backup with the program needs --force and gives back the damaged register as it was.\r\n\r\n" +
		"What reading the database said: " + reason + "\r\n"
}

// resolveDest turns the caller's dest into the archive's final path and
// refuses places a backup must not go.
func resolveDest(l folder.Layout, dest string, now time.Time) (string, error) {
	var final string
	switch {
	case dest == "":
		if err := os.MkdirAll(l.Backups(), 0o700); err != nil {
			if st, serr := os.Stat(l.Backups()); serr == nil && !st.IsDir() {
				return "", notAFolder(l.Backups())
			}
			return "", fmt.Errorf("create backups folder %s: %w", l.Backups(), err)
		}
		var err error
		if final, err = UnusedName(l.Backups(), DefaultName(now)); err != nil {
			return "", err
		}
	default:
		abs, err := filepath.Abs(dest)
		if err != nil {
			return "", fmt.Errorf("backup destination %s: %w", dest, err)
		}
		// filepath.Abs drops a trailing separator; it still means "a
		// folder", which must then exist: a file named after it is not
		// what anyone typing "newfolder/" wants.
		asFolder := strings.HasSuffix(dest, "/") || strings.HasSuffix(dest, string(filepath.Separator))
		st, err := os.Stat(abs)
		switch {
		case err == nil && st.IsDir():
			if final, err = UnusedName(abs, DefaultName(now)); err != nil {
				return "", err
			}
		case asFolder && err == nil:
			return "", fmt.Errorf("%s is a file, not a folder, but the destination ends with a slash, which means a folder. "+
				"No backup was written. Give the folder to write into, or the backup's file name without the slash: %w", abs, ErrBadDestination)
		case asFolder && errors.Is(err, fs.ErrNotExist):
			return "", fmt.Errorf("the folder %s does not exist (the destination ends with a slash, so it names a folder). "+
				"No backup was written. No folder was made either, in case the name is mistyped: create the folder first, then back up into it: %w",
				abs, ErrBadDestination)
		case err == nil || errors.Is(err, fs.ErrNotExist):
			final = abs
		default:
			if file := fileAbove(abs); file != "" {
				return "", underFile(abs, file)
			}
			return "", fmt.Errorf("backup destination %s: %w", abs, err)
		}
	}

	dir := filepath.Dir(final)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		if file := fileAbove(final); file != "" {
			return "", underFile(final, file)
		}
		return "", fmt.Errorf("the folder %s does not exist, so the backup %s cannot be written there. "+
			"No backup was written. Create the folder first, or choose another: %w", dir, final, ErrBadDestination)
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

// fileAbove is the nearest folder above p that exists, when it is not a
// folder but a file; "" otherwise.
func fileAbove(p string) string {
	for d := filepath.Dir(p); ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err == nil {
			if st.IsDir() {
				return ""
			}
			return d
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

func underFile(dest, file string) error {
	return fmt.Errorf("the backup %s cannot be written: %s is a file, not a folder, so nothing can go inside it. "+
		"No backup was written. Choose a folder to write the backup into: %w", dest, file, ErrBadDestination)
}

// UnusedName is name in dir, or name with -2, -3 … before its extension when
// that is taken. Restore names its safety backups with it too.
func UnusedName(dir, name string) (string, error) {
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	p := filepath.Join(dir, name)
	// Bounded: a folder holding ten thousand backups of one day is not a
	// reason to spin for ever, and any answer but "does not exist" (the
	// folder is a file, is unreadable) would be the same for every name.
	for i := 2; i <= maxSameName; i++ {
		_, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			if st, derr := os.Stat(dir); derr != nil || !st.IsDir() {
				return "", notAFolder(dir)
			}
			return p, nil
		}
		if err != nil {
			if errors.Is(err, syscall.ENOTDIR) {
				return "", notAFolder(dir)
			}
			return "", fmt.Errorf("cannot look into the folder %s: %w", dir, err)
		}
		p = filepath.Join(dir, stem+"-"+strconv.Itoa(i)+ext)
	}
	return "", fmt.Errorf("the folder %s already holds %d backups named like %s; move some of them elsewhere, then try again: %w",
		dir, maxSameName, name, ErrBadDestination)
}

// maxSameName bounds the -2, -3 ... that UnusedName tries.
const maxSameName = 10000

// notAFolder: where a backup should go, there is a file that is not a
// folder (DATA/backups made a plain file by hand or by a tool).
func notAFolder(dir string) error {
	return fmt.Errorf("%s should be a folder, but it is a file, so no backup can be written into it. "+
		"Rename or move that file away, then try again: %w", dir, ErrBadDestination)
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
