package folder

// The swap puts staged data in place of the data folder's database and
// media with renames, under a journal written before the first rename, so
// that an interruption at any instant is finished or rolled back by the next Open:
// the folder always ends up exactly the old data or exactly the new.
//
// The staging folder sits beside the data folder (so renames stay on one
// file system) and is named ".<data folder name>.restore-<random>":
//
//	STAGING/new/db.sqlite3, STAGING/new/media/…   what the restore extracted
//	STAGING/old/…                                  the old items, moved aside
//
// The journal (DATA/.restore-journal.json, replaced atomically) records the
// staging folder's name, the old items that existed when the swap began, the
// new items, and a state:
//
//	prepared     old items move to STAGING/old, then new items into DATA;
//	             recovery rolls back (new items out, old items back)
//	committed    every new item is in place; recovery deletes the staging
//	             folder (which holds the old items) and the journal
//	rolled-back  the old items are back; recovery deletes staging and journal
//
// Every step of recovery checks what is where before it renames, so it can
// be repeated after being interrupted itself. Old -wal/-shm/-journal files
// are old items: they always leave together with the old database, before
// the new database arrives.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"mahall/backend/destination"
	"mahall/backend/durable"
	"mahall/backend/killpoint"
)

// ErrRolledBack is in the error of a Swap that failed and put the old data back: the data
// folder is exactly as it was.
var ErrRolledBack = errors.New("rolled back; the data folder is as it was")

// Outcome says what Open did about an interrupted restore.
type Outcome string

const (
	NothingToDo Outcome = "nothing"     // no interrupted restore
	RolledBack  Outcome = "rolled-back" // the old data is back in place
	Completed   Outcome = "completed"   // the new data is in place
)

// ErrSwapNotStarted: Swap failed before its journal was in place, so
// nothing of the data folder was moved and no recovery is needed.
var ErrSwapNotStarted = errors.New("the new data was not put in place; nothing in the data folder was changed")

// Journal states.
const (
	statePrepared   = "prepared"
	stateCommitted  = "committed"
	stateRolledBack = "rolled-back"
)

const journalVersion = 1

// journal is the on-disk record of a swap in progress.
type journal struct {
	Version int      `json:"version"`
	Staging string   `json:"staging"` // base name, beside the data folder
	State   string   `json:"state"`
	Old     []string `json:"old"` // items of DATA moved to STAGING/old, in order
	New     []string `json:"new"` // items of STAGING/new moved to DATA, in order
}

// NewStaging creates an empty staging folder beside the data folder, with
// its "new" half ready to extract into. The caller removes it (os.RemoveAll)
// if it never calls Swap; the next Open removes any that a crash leaves.
func (f *Folder) NewStaging() (string, error) { return newStaging(f.Layout) }

func newStaging(l Layout) (string, error) {
	homes := stagingHomes(l)
	beside, inside := homes[0], homes[1]
	dir, err := "", error(nil)
	if same, serr := destination.SameDisk(inside, beside); serr == nil && same {
		dir, err = os.MkdirTemp(beside, stagingPrefix(l)+"*")
	} else {
		err = fmt.Errorf("%s is on another disk than the data folder", beside)
	}
	if err != nil {
		// The data folder is a mount point, a link to another disk, or
		// its parent is not ours to write (a folder an administrator
		// provisioned): stage inside the data folder itself, which is
		// always on the disk of the data it replaces, so every rename of
		// the swap stays on one file system.
		var ierr error
		if dir, ierr = os.MkdirTemp(inside, stagingPrefix(l)+"*"); ierr != nil {
			return "", fmt.Errorf("create a staging folder for the restore: neither beside the data folder (%v) nor inside it (%w)", err, ierr)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, NewDirName), 0o700); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("create staging folder %s: %w", dir, err)
	}
	return dir, nil
}

// NewDir is where a restore extracts the data to swap in: it mirrors the data
// folder (db.sqlite3, media/).
func NewDir(staging string) string { return filepath.Join(staging, NewDirName) }

// Items are the names in the data folder a swap replaces: the database with
// its sidecars, and the media folder. Everything else (backups, logs, the
// marker, the lock) stays.
func Items() []string {
	db := DBName
	return []string{db, db + "-wal", db + "-shm", db + "-journal", MediaName}
}

// ErrRestoredNotCleaned: a swap put the new data in place, but removing
// what it no longer needs (the old data aside, the journal) failed; the next
// Open finishes that.
var ErrRestoredNotCleaned = errors.New("the new data is in place, but cleaning up failed")

// Swap replaces the database (and its sidecars) and the media folder of l
// with what is staged in NewDir(staging), then removes the staging folder.
// The staged folder must hold db.sqlite3; a missing media folder is created
// empty, so the result is exactly what was staged. The caller holds the data
// folder's lock and no other program has the database open. If Swap fails
// part way it rolls back; if the process dies, the next Open finishes the
// job.
func (f *Folder) Swap(staging string) error { return swapIn(f.Layout, staging, true) }

// SwapDatabase is Swap for a backup that holds no media (the old program's
// database-only layout C): it replaces the database and its sidecars and
// leaves the media folder as it is, as the old program did. Nothing is
// staged for media and nothing of it is journalled, so recovery never
// touches it either.
func (f *Folder) SwapDatabase(staging string) error { return swapIn(f.Layout, staging, false) }

func swapIn(l Layout, staging string, withMedia bool) error {
	staging = filepath.Clean(staging)
	if !slices.Contains(stagingHomes(l), filepath.Dir(staging)) ||
		!strings.HasPrefix(filepath.Base(staging), stagingPrefix(l)) {
		return fmt.Errorf("swap: staging folder %s is not beside data folder %s", staging, l.Root)
	}
	newDir, oldDir := NewDir(staging), filepath.Join(staging, OldDirName)
	if st, err := os.Stat(filepath.Join(newDir, DBName)); err != nil || !st.Mode().IsRegular() {
		return fmt.Errorf("swap: no staged database in %s", newDir)
	}
	if withMedia {
		if err := os.MkdirAll(filepath.Join(newDir, MediaName), 0o700); err != nil {
			return fmt.Errorf("swap: %w", err)
		}
	}
	if err := os.Mkdir(oldDir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("swap: %w", err)
	}
	// Everything staged must be durable before the journal can point at it.
	if err := durable.SyncDirs(newDir); err != nil {
		return fmt.Errorf("swap: sync staging: %w", err)
	}
	if err := durable.SyncDir(staging); err != nil {
		return fmt.Errorf("swap: sync staging: %w", err)
	}
	if err := os.MkdirAll(l.Root, 0o700); err != nil {
		return fmt.Errorf("swap: create data folder %s: %w", l.Root, err)
	}

	j := journal{Version: journalVersion, Staging: filepath.Base(staging), State: statePrepared}
	for _, name := range Items() {
		if name == MediaName && !withMedia {
			continue
		}
		if _, err := os.Lstat(filepath.Join(l.Root, name)); err == nil {
			j.Old = append(j.Old, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("swap: %w", err)
		}
	}
	j.New = []string{DBName}
	if withMedia {
		j.New = append(j.New, MediaName)
	}
	for _, name := range Items() {
		// A -wal or -journal staged beside the database: only a damaged
		// register's, given back exactly as it was kept.
		if name != DBName && name != MediaName && exists(filepath.Join(newDir, name)) {
			j.New = append(j.New, name)
		}
	}

	if err := writeJournal(l, j); err != nil {
		// Nothing has moved. A journal that did get written (its folder
		// failed to sync) would only roll back nothing; take it back so
		// the folder is exactly as it was.
		if rerr := os.Remove(l.Journal()); rerr == nil || errors.Is(rerr, fs.ErrNotExist) {
			return fmt.Errorf("swap: %w: %w", ErrSwapNotStarted, err)
		}
		return err
	}
	killpoint.At("journal prepared")

	err := moveAll(l, j)
	if err == nil {
		c := j
		c.State = stateCommitted
		if err = writeJournal(l, c); err == nil {
			j = c
		}
	}
	if err != nil {
		if out, rerr := finish(l, j); out == RolledBack {
			// The old data is back; a staging folder that could not be removed yet is removed
			// by the next Recover.
			return fmt.Errorf("swap: %w (%w)", err, ErrRolledBack)
		} else if rerr != nil {
			return fmt.Errorf("swap: %w (and rolling back failed: %w; run recover)", err, unfinished{root: l.Root, err: rerr})
		}
		return fmt.Errorf("swap: %w (%w)", err, ErrRolledBack)
	}
	killpoint.At("journal committed")
	if _, err := finish(l, j); err != nil {
		return fmt.Errorf("swap: %w: %w", ErrRestoredNotCleaned, err)
	}
	return nil
}

// moveAll does the renames of a prepared swap: old items out, then new in.
func moveAll(l Layout, j journal) error {
	staging := stagingPath(l, j)
	oldDir, newDir := filepath.Join(staging, OldDirName), filepath.Join(staging, NewDirName)
	for _, name := range j.Old {
		if err := move(filepath.Join(l.Root, name), filepath.Join(oldDir, name), "move old "+name); err != nil {
			return err
		}
	}
	for _, name := range j.New {
		if err := move(filepath.Join(newDir, name), filepath.Join(l.Root, name), "move new "+name); err != nil {
			return err
		}
	}
	return nil
}

// move renames src to dst and makes both directories durable.
func move(src, dst, step string) error {
	if err := os.Rename(src, dst); err != nil {
		return fmt.Errorf("rename %s to %s: %w", src, dst, err)
	}
	killpoint.At(step + " renamed")
	if err := durable.SyncDir(filepath.Dir(dst)); err != nil {
		return err
	}
	if filepath.Dir(dst) != filepath.Dir(src) {
		if err := durable.SyncDir(filepath.Dir(src)); err != nil {
			return err
		}
	}
	killpoint.At(step + " synced")
	return nil
}

// recoverSwap finishes or rolls back an interrupted swap. The caller holds
// the data folder's lock.
func recoverSwap(l Layout) (Outcome, error) {
	b, err := os.ReadFile(l.Journal())
	if errors.Is(err, fs.ErrNotExist) {
		return NothingToDo, nil
	}
	if err != nil {
		return "", fmt.Errorf("read restore journal %s: %w", l.Journal(), err)
	}
	var j journal
	if err := json.Unmarshal(b, &j); err != nil {
		return "", damagedJournal(l, fmt.Errorf("it is damaged: %v", err))
	}
	if err := j.valid(l); err != nil {
		return "", damagedJournal(l, err)
	}
	out, err := finish(l, j)
	if err != nil {
		return "", fmt.Errorf("recover interrupted restore: %w", err)
	}
	return out, nil
}

// damagedJournal is the error for a journal that cannot be trusted: what it
// means, and the steps a person can take, since no program can decide for
// them whether the folder holds the old data, the new, or a mix.
func damagedJournal(l Layout, detail error) error {
	where := "the data folder " + l.Root + " (db.sqlite3 and media)"
	if staged := stagingFolders(l); len(staged) > 0 {
		where += " and the interrupted restore's files in " + strings.Join(staged, ", ")
	}
	return fmt.Errorf("a restore was interrupted, and the record it keeps of its progress (%s) cannot be read, "+
		"so this program cannot tell whether to finish that restore or undo it. Nothing was changed. "+
		"What to do: look at %s. Move %s out of the data folder (keep it, do not delete it), then start the program "+
		"again: if the register then looks right, carry on; if not, restore your latest backup. "+
		"Detail: restore journal %s: %v", l.Journal(), where, JournalName, l.Journal(), detail)
}

// stagingFolders lists the staging folders beside the data folder.
func stagingFolders(l Layout) []string {
	var out []string
	for _, home := range stagingHomes(l) {
		ents, _ := os.ReadDir(home)
		for _, e := range ents {
			if e.IsDir() && strings.HasPrefix(e.Name(), stagingPrefix(l)) {
				out = append(out, filepath.Join(home, e.Name()))
			}
		}
	}
	return out
}

// stagingHomes are the two places a staging folder of l can be: beside the
// data folder's real location (links resolved: a data folder that is a link
// to another disk is staged beside its target), which is preferred, and
// inside the data folder (see newStaging).
func stagingHomes(l Layout) []string {
	real := filepath.Clean(l.Root)
	if r, err := filepath.EvalSymlinks(real); err == nil {
		real = r
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	return []string{filepath.Dir(real), real}
}

// valid refuses a journal that names anything but our own items and a
// staging folder beside the data folder: recovery renames and deletes what it
// names.
func (j journal) valid(l Layout) error {
	if j.Version != journalVersion {
		return fmt.Errorf("unknown journal version %d", j.Version)
	}
	if j.Staging != filepath.Base(j.Staging) || !strings.HasPrefix(j.Staging, stagingPrefix(l)) {
		return fmt.Errorf("unexpected staging folder %q", j.Staging)
	}
	for _, name := range append(slices.Clone(j.Old), j.New...) {
		if !slices.Contains(Items(), name) {
			return fmt.Errorf("unexpected item %q", name)
		}
	}
	switch j.State {
	case statePrepared, stateCommitted, stateRolledBack:
		return nil
	}
	return fmt.Errorf("unknown state %q", j.State)
}

func stagingPath(l Layout, j journal) string {
	homes := stagingHomes(l)
	for _, home := range homes {
		if p := filepath.Join(home, j.Staging); exists(p) {
			return p
		}
	}
	return filepath.Join(homes[0], j.Staging)
}

// finish drives a journalled swap to its end from whatever state it is in.
func finish(l Layout, j journal) (Outcome, error) {
	out := Completed
	if j.State == statePrepared {
		if err := rollback(l, j); err != nil {
			return "", err
		}
		j.State = stateRolledBack
		if err := writeJournal(l, j); err != nil {
			return "", err
		}
		killpoint.At("journal rolled-back")
	}
	if j.State == stateRolledBack {
		out = RolledBack
	}
	// From here the data folder holds its final data and only cleaning up is left: a failure
	// (on Windows, another program holding a staged file open) still returns the outcome, and
	// the journal stays so that the next Recover cleans up.
	staging := stagingPath(l, j)
	if err := os.RemoveAll(staging); err != nil {
		return out, fmt.Errorf("remove staging folder %s: %w", staging, err)
	}
	if err := durable.SyncDir(filepath.Dir(staging)); err != nil {
		return out, err
	}
	killpoint.At("staging removed")
	if err := os.Remove(l.Journal()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return out, fmt.Errorf("remove restore journal: %w", err)
	}
	if err := durable.SyncDir(l.Root); err != nil {
		return out, err
	}
	killpoint.At("journal removed")
	return out, nil
}

// rollback undoes the renames of a prepared swap, in reverse order, checking
// each item's place first so that it can be repeated.
func rollback(l Layout, j journal) error {
	staging := stagingPath(l, j)
	oldDir, newDir := filepath.Join(staging, OldDirName), filepath.Join(staging, NewDirName)
	wasOld := func(name string) bool { return slices.Contains(j.Old, name) }

	// A new item is in DATA when it left STAGING/new and its name was either
	// free at the start or its old holder has moved aside.
	for _, name := range slices.Backward(j.New) {
		inData := exists(filepath.Join(l.Root, name))
		inStaging := exists(filepath.Join(newDir, name))
		if inData && !inStaging && (!wasOld(name) || exists(filepath.Join(oldDir, name))) {
			if err := move(filepath.Join(l.Root, name), filepath.Join(newDir, name), "roll back new "+name); err != nil {
				return err
			}
		}
	}
	for _, name := range slices.Backward(j.Old) {
		aside := filepath.Join(oldDir, name)
		if !exists(aside) {
			continue // never moved, or already back
		}
		dst := filepath.Join(l.Root, name)
		if exists(dst) {
			// Not the old item (that is aside) nor a new one (moved back
			// above): something, say an SQLite sidecar, appeared during the
			// swap. The old data must come back exactly, so it goes.
			if err := os.RemoveAll(dst); err != nil {
				return fmt.Errorf("remove %s: %w", dst, err)
			}
		}
		if err := move(aside, dst, "roll back old "+name); err != nil {
			return err
		}
	}
	// Sidecars that appeared beside the old database without being there
	// at the start would be replayed onto it; nothing else may add them.
	for _, name := range Items() {
		if name == DBName || name == MediaName || wasOld(name) {
			continue
		}
		p := filepath.Join(l.Root, name)
		if exists(p) {
			if err := os.Remove(p); err != nil {
				return fmt.Errorf("remove %s: %w", p, err)
			}
		}
	}
	return durable.SyncDir(l.Root)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// writeJournal replaces the journal atomically.
func writeJournal(l Layout, j journal) error {
	b, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return fmt.Errorf("encode restore journal: %w", err)
	}
	if err := durable.WriteFile(l.Journal(), append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("restore journal: %w", err)
	}
	return nil
}
