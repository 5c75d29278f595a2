package restore

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"mahall/backend/folder"
)

// ErrHeldOpen: another program has a file of the data folder open, so the swap could not move
// it (Windows refuses to rename a file another program holds open). Callers branch on it with
// errors.Is; the error itself is a *HeldOpenError naming the file.
var ErrHeldOpen = errors.New("a file of the data folder is open in another program")

// HeldOpenError names the file another program holds open, in words for the person at the
// screen first, with the system's error last.
type HeldOpenError struct {
	Path      string // the file, as opened
	Rel       string // the same, relative to the data folder: what the message names
	Unchanged bool   // the data folder is exactly as before the restore
	Err       error  // what the system said
}

func (e *HeldOpenError) Error() string {
	who := "perhaps a photo viewer or editor"
	if filepath.Dir(e.Rel) == "." { // the database or its sidecars
		who = "probably the Mahall register"
	}
	msg := fmt.Sprintf("%s is open in another program, %s. Close it and try again.", e.Rel, who)
	if e.Unchanged {
		msg += " Your data was not changed."
	}
	return fmt.Sprintf("%s (%s: %v)", msg, e.Path, e.Err)
}

func (e *HeldOpenError) Is(target error) bool { return target == ErrHeldOpen }
func (e *HeldOpenError) Unwrap() error        { return e.Err }

// checkMovable finds, before a restore extracts anything, a file of the data folder that the
// swap would not be able to move because another program holds it open: the database and its
// sidecars, and every file under media/. Windows refuses to rename such a file, and refuses
// to rename a folder with such a file inside, and the swap renames both. Found up front, the
// person closes that program instead of waiting for the extraction and the safety backup only
// to see the swap roll back. On systems where renames do not care (Unix), it does nothing.
//
// It cannot promise the swap will succeed: a program may open a file after the check. Then the
// swap fails and rolls back, and findHeldOpen names the file.
func checkMovable(l folder.Layout) error {
	if !renameFailsWhileOpen {
		return nil
	}
	h, err := findHeldOpen(l)
	if err != nil || h == nil {
		return err
	}
	h.Unchanged = true
	return h
}

// findHeldOpen returns the first file of the swap's items that another program holds open, or
// nil when there is none.
func findHeldOpen(l folder.Layout) (*HeldOpenError, error) {
	check := func(p string) (*HeldOpenError, error) {
		err := probeHeldOpen(p)
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		rel, rerr := filepath.Rel(l.Root, p)
		if rerr != nil {
			rel = p
		}
		if errors.Is(err, errSharing) {
			return &HeldOpenError{Path: p, Rel: rel, Err: err}, nil
		}
		return nil, fmt.Errorf("check that %s can be moved: %w", p, err)
	}
	for _, p := range append([]string{l.DB()}, l.DBSidecars()...) {
		if h, err := check(p); h != nil || err != nil {
			return h, err
		}
	}
	var found *HeldOpenError
	err := filepath.WalkDir(l.Media(), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == l.Media() {
				return fs.SkipAll
			}
			return err
		}
		if d.IsDir() {
			return nil
		}
		h, err := check(p)
		if h != nil {
			found = h
			return fs.SkipAll
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("check the media folder %s: %w", l.Media(), err)
	}
	return found, nil
}

// heldOpenAfterSwap turns a swap that failed and rolled back because a file was (or became)
// held open into the plain message checkMovable gives up front. Any other error, and a swap
// that could not roll back (its error says to run recover), is returned as it was.
func heldOpenAfterSwap(l folder.Layout, swapErr error, rolledBack bool) error {
	if !renameFailsWhileOpen || !rolledBack {
		return swapErr
	}
	h, err := findHeldOpen(l)
	if err != nil || h == nil {
		return swapErr
	}
	h.Unchanged = true
	h.Err = swapErr
	return h
}
