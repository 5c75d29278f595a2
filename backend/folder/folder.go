package folder

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"mahall/backend/durable"

	"github.com/gofrs/flock"
)

// Sentinel errors callers branch on.
var (
	// ErrBusy: another backup, restore or recover holds the data folder.
	ErrBusy = errors.New("another backup, restore or recover is running on this data folder")
	// ErrNoFolder: the data folder does not exist and Options.Create was
	// not set. It also matches fs.ErrNotExist.
	ErrNoFolder = noFolder{}
	// ErrUnfinished: a restore was interrupted and could not be finished
	// or rolled back (its journal is damaged, or a rename failed).
	ErrUnfinished = errors.New("an interrupted restore could not be finished")
)

// unfinished is a recovery failure: it reads as what failed and where, and
// matches ErrUnfinished.
type unfinished struct {
	root string
	err  error
}

func (e unfinished) Error() string {
	return fmt.Sprintf("finish the interrupted restore in %s: %v", e.root, e.err)
}
func (e unfinished) Unwrap() []error { return []error{ErrUnfinished, e.err} }

type noFolder struct{}

func (noFolder) Error() string        { return "there is no data folder there" }
func (noFolder) Is(target error) bool { return target == fs.ErrNotExist }

// Options change what Open does.
type Options struct {
	// Create makes a missing data folder (a restore into a new place, the
	// first-run install). Without it a missing folder is ErrNoFolder, so a
	// mistyped --data-dir gets an error, not a new empty folder.
	Create bool
}

// Folder is an opened data folder: this process holds its lock until Close,
// any interrupted restore has been finished or rolled back, and what crashed
// operations left behind is gone. Everything that changes the folder takes
// one.
type Folder struct {
	Layout
	lock      *flock.Flock
	created   bool
	recovered Outcome
	// readOnly: the data folder cannot be written (a read-only disk or
	// share, or a folder this user may only read). It can still be backed
	// up: the lock and the snapshot then live in scratch.
	readOnly bool
	scratch  string // the user's own folder for them, when readOnly
}

// Open takes the lock of the data folder at root without waiting (ErrBusy if
// another program holds it), finishes or rolls back an interrupted restore,
// and removes stale temporary files. The caller must Close it. The GUI
// toolkit's single-instance feature is not relied on: this file lock is
// what keeps two operations apart.
func Open(ctx context.Context, root string, opt Options) (*Folder, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l := Layout{Root: root}
	f := &Folder{Layout: l}
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		if !opt.Create {
			return nil, fmt.Errorf("%s: %w", root, ErrNoFolder)
		}
		if err := os.MkdirAll(root, 0o700); err != nil {
			return nil, fmt.Errorf("create data folder %s: %w", root, err)
		}
		f.created = true
	} else if err != nil {
		return nil, fmt.Errorf("data folder %s: %w", root, err)
	}
	f.lock = flock.New(l.lockPath())
	ok, err := f.lock.TryLock()
	if err != nil && isReadOnly(err) || err == nil && ok && !durable.Writable(root) {
		// A read-only data folder: no lock file can be made there (or
		// one is, left from before, but nothing else can be written).
		// Lock in a place of the user's own, named after the folder, so
		// that two of our programs on this computer still exclude each
		// other, and write nothing into the folder.
		if ok {
			f.lock.Unlock()
		}
		f.readOnly = true
		if f.scratch, err = scratchDir(); err == nil {
			f.lock = flock.New(filepath.Join(f.scratch, folderKey(root)+".lock"))
			ok, err = f.lock.TryLock()
		}
	}
	if err != nil {
		f.abandon()
		return nil, fmt.Errorf("lock data folder %s: %w", root, err)
	}
	if !ok {
		f.abandon()
		return nil, fmt.Errorf("%s: %w", root, ErrBusy)
	}
	if f.readOnly {
		// Nothing can be finished, rolled back or removed in a folder
		// that cannot be written; a journal there is said plainly.
		if _, err := os.Stat(l.Journal()); err == nil {
			f.Close()
			return nil, unfinished{root: root, err: fmt.Errorf("the data folder cannot be written (it is read-only), so the restore " +
				"that was interrupted in it cannot be finished or undone. Make the folder writable again and start the program; nothing was changed")}
		}
		removeScratchSnapshots(f.scratch, folderKey(root))
		return f, nil
	}
	out, err := recoverFolder(l)
	if err != nil {
		f.Close()
		return nil, unfinished{root: root, err: err}
	}
	f.recovered = out
	return f, nil
}

// ReadOnly reports whether the data folder cannot be written. Backups of it
// work (into a destination elsewhere); nothing that changes it can.
func (f *Folder) ReadOnly() bool { return f.readOnly }

// SnapshotPath is a new, unused name for a backup's database snapshot: in
// the data folder (Layout.SnapshotPath), or, when it is read-only, in the
// user's scratch folder, named after the data folder so that the next Open
// of it removes what a killed backup left there.
func (f *Folder) SnapshotPath() string {
	if !f.readOnly {
		return f.Layout.SnapshotPath()
	}
	var b [8]byte
	rand.Read(b[:])
	return filepath.Join(f.scratch, snapshotPrefix+folderKey(f.Root)+"-"+hex.EncodeToString(b[:])+".sqlite3")
}

// isReadOnly: err says a file cannot be made (a read-only file system, or
// no permission to write the folder).
func isReadOnly(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// scratchDir is the user's own folder for what a read-only data folder
// cannot hold (its lock, a backup's snapshot): in the user's cache folder,
// private (0700).
func scratchDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "mahall")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create %s for a read-only data folder's lock: %w", dir, err)
	}
	return dir, nil
}

// folderKey names the data folder at root in scratch: a hash of its real
// path, so every spelling of it gets the same lock.
func folderKey(root string) string {
	p := filepath.Clean(root)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		p = r
	}
	if a, err := filepath.Abs(p); err == nil {
		p = a
	}
	sum := sha256.Sum256([]byte(p))
	return hex.EncodeToString(sum[:8])
}

// removeScratchSnapshots removes snapshots of the folder named key that a
// killed backup left in scratch: a full copy of the register must not pile
// up there.
func removeScratchSnapshots(scratch, key string) {
	es, _ := os.ReadDir(scratch)
	for _, e := range es {
		if strings.HasPrefix(e.Name(), snapshotPrefix+key+"-") && e.Type().IsRegular() {
			removeDB(filepath.Join(scratch, e.Name()))
		}
	}
}

// Recovered says what Open did about an interrupted restore.
func (f *Folder) Recovered() Outcome { return f.recovered }

// Close releases the lock. A folder that Open created and that still holds
// nothing but the lock file is removed again: a failed restore into a new
// place leaves nothing behind.
func (f *Folder) Close() error {
	if f.lock == nil {
		return nil
	}
	err := f.lock.Unlock()
	f.lock = nil
	f.abandon()
	return err
}

// abandon removes the folder if Open created it and it is still empty but
// for the lock file.
func (f *Folder) abandon() {
	if !f.created {
		return
	}
	es, err := os.ReadDir(f.Root)
	if err != nil || len(es) > 1 || (len(es) == 1 && es[0].Name() != LockName) {
		return
	}
	os.Remove(f.lockPath())
	os.Remove(f.Root)
}

// recoverFolder finishes or rolls back an interrupted swap, then removes the
// temporaries that crashed operations leave. The caller holds the lock.
func recoverFolder(l Layout) (Outcome, error) {
	out, err := recoverSwap(l)
	if err != nil {
		return "", err
	}
	if err := removeTemporaries(l); err != nil {
		return out, err
	}
	return out, nil
}

// removeTemporaries deletes what a backup, restore or install killed half
// way (power cut, kill -9) left behind: staging folders beside the data
// folder; in the data folder the temporary files of the journal and of the
// last-backup record, database snapshots and the install's half-made
// databases; and temporary archives in DATA/backups (among them cut-short safety backups: the restore they
// belonged to never swapped, so they protect nothing). Called under the
// lock with no journal left, so no running operation owns them. Temporary
// archives in folders of the user's choosing are left alone: they cannot be
// told apart from the user's files with certainty.
func removeTemporaries(l Layout) error {
	if err := removeStaleStaging(l); err != nil {
		return err
	}
	if es, err := os.ReadDir(l.Root); err == nil {
		for _, e := range es {
			name := e.Name()
			if e.IsDir() && strings.HasPrefix(name, cloudStagePrefix) {
				os.RemoveAll(filepath.Join(l.Root, name))
				continue
			}
			if !e.Type().IsRegular() {
				continue
			}
			if strings.HasPrefix(name, snapshotPrefix) || strings.HasPrefix(name, createTempPrefix) {
				removeDB(filepath.Join(l.Root, name))
			}
			for _, r := range l.lockedRecords() {
				if durable.IsTemp(name, r) {
					os.Remove(filepath.Join(l.Root, name))
				}
			}
		}
	}
	removeDB(l.InstallTemp())
	if es, err := os.ReadDir(l.Backups()); err == nil {
		for _, e := range es {
			if isBackupTemp(e.Name()) && e.Type().IsRegular() {
				os.Remove(filepath.Join(l.Backups(), e.Name()))
			}
		}
	}
	return nil
}

// removeDB removes an SQLite file of ours and the sidecars it may have.
func removeDB(p string) {
	for _, s := range []string{"", "-journal", "-wal", "-shm"} {
		os.Remove(p + s)
	}
}

// removeStaleStaging deletes staging folders of l that no journal refers to,
// wherever newStaging may have put them.
func removeStaleStaging(l Layout) error {
	for _, home := range stagingHomes(l) {
		if err := removeStaleIn(home, stagingPrefix(l)); err != nil {
			return err
		}
	}
	return nil
}

func removeStaleIn(home, prefix string) error {
	ents, err := os.ReadDir(home)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return fmt.Errorf("look for leftover staging folders in %s: %w", home, err)
	}
	removed := false
	for _, e := range ents {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		p := filepath.Join(home, e.Name())
		if err := os.RemoveAll(p); err != nil {
			return fmt.Errorf("remove leftover staging folder %s: %w", p, err)
		}
		removed = true
	}
	if removed {
		return durable.SyncDir(home)
	}
	return nil
}
