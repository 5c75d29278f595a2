// Package explain turns what went wrong in a backup, restore, inspect,
// verify or init into words a volunteer can act on: first what is wrong and
// what it means for their data, then what to do, then the technical detail
// in brackets, and after a failed restore that left everything as it was,
// "Your data was not changed." It is the one place that knows the sentinel
// errors of the backend and the sentences for them; the CLI and the app
// both show what it says.
package explain

import (
	"context"
	"errors"
	"io/fs"
	"path"
	"strings"

	"mahall/backend/archive"
	"mahall/backend/backup"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/snapshot"
	"mahall/backend/uierr"
)

// Op is what the person was doing when it went wrong.
type Op string

const (
	Backup  Op = "backup"
	Restore Op = "restore"
	Inspect Op = "inspect"
	Verify  Op = "verify"
	Init    Op = "init"
	Install Op = "install"
	Recover Op = "recover"
)

// Unchanged ends the message of a failed restore (or refused init) that left
// the data folder exactly as it was.
const Unchanged = "Your data was not changed."

// Error is an error told in plain words; it still matches the sentinels of
// the error it explains.
type Error struct {
	Text      string
	Err       error
	Unchanged bool // Text ends with Unchanged: the data folder is as it was
}

func (e *Error) Error() string { return e.Text }
func (e *Error) Unwrap() error { return e.Err }

// DataUnchanged tells uierr.From (and so the window, in its own language)
// what the text's last sentence says.
func (e *Error) DataUnchanged() bool { return e.Unchanged }

// Wrap returns err explained for op; nil stays nil and an error explained
// already is returned as it is.
func Wrap(op Op, err error) error {
	var done *Error
	if err == nil || errors.As(err, &done) {
		return err
	}
	return &Error{Text: Message(op, err), Err: err, Unchanged: saysUnchanged(op, err)}
}

// saysUnchanged is whether Message(op, err) ends by saying the data was not
// changed: a held-open file says so itself, when it is true.
func saysUnchanged(op Op, err error) bool {
	var held *restore.HeldOpenError
	if errors.As(err, &held) {
		return held.Unchanged
	}
	return unchanged(op, err)
}

// Message is err in plain words for op.
func Message(op Op, err error) string {
	var done *Error
	if errors.As(err, &done) {
		return done.Text
	}
	// A file another program holds open is told by restore itself, in
	// plain words that name the file and say whether anything changed.
	var held *restore.HeldOpenError
	if errors.As(err, &held) {
		return held.Error()
	}
	w := say(op, err)
	parts := []string{w.what}
	if w.todo != "" {
		parts = append(parts, w.todo)
	}
	if !w.plain {
		parts = append(parts, "("+err.Error()+")")
	}
	if unchanged(op, err) {
		parts = append(parts, Unchanged)
	}
	return strings.Join(parts, " ")
}

// words are the sentences for one error: what is wrong (one sentence,
// without technical terms), what to do, and whether the error's own text
// adds nothing (a cancel).
type words struct {
	what, todo string
	plain      bool
}

const (
	useAnother = "Use another copy of this backup, or another backup."
	chooseOurs = "Choose the .zip file that Mahall Software made."
)

var cryptRefusals = []error{crypt.ErrWrongPassword, crypt.ErrWrongRecoveryKey, crypt.ErrEmptyPassword, crypt.ErrPasswordNeeded, crypt.ErrDamaged}

func say(op Op, err error) words {
	var ee *archive.EntryError
	errors.As(err, &ee)
	// backend/crypt words its refusals for people already.
	for _, e := range cryptRefusals {
		if errors.Is(err, e) {
			return words{what: e.Error(), plain: err == e}
		}
	}
	switch {
	case errors.Is(err, context.Canceled):
		return words{what: "The " + noun(op) + " was cancelled.", plain: true}
	case errors.Is(err, folder.ErrUnfinished):
		return words{what: "An earlier restore was interrupted and could not be finished or undone, so the register may be incomplete.",
			todo: "Do not change anything yet: run 'mahall_backup_restore recover' or start the app again; if that does not help, restore your newest backup."}
	case errors.Is(err, folder.ErrRestoredNotCleaned):
		return words{what: "The backup was restored, but a temporary folder it used could not be removed.",
			todo: "Nothing needs doing: the program removes it the next time it starts."}
	case errors.Is(err, folder.ErrBusy):
		return words{what: "Another backup, restore or recover is working on this data folder right now.",
			todo: "Wait for it to finish, then try again."}
	case errors.Is(err, folder.ErrNoFolder):
		return words{what: "There is no Mahall data folder at that place, so there is nothing to work on.",
			todo: "Check the folder name (--data-dir)."}
	case errors.Is(err, restore.ErrInUse):
		return words{what: "Another program is using the register right now, so it cannot be replaced.",
			todo: "Close the Mahall program and any other program that opens db.sqlite3, then try again."}
	case errors.Is(err, restore.ErrNoSpace):
		return words{what: "There is not enough free disk space to restore this backup safely.",
			todo: "Free some space on this disk, then try again."}
	case errors.Is(err, restore.ErrNotRegister):
		return words{what: "The database in this file is not a Mahall register: it has none of the register's tables.",
			todo: "Check that you chose the right backup. To restore it anyway, use 'restore --force' on the command line."}
	case errors.Is(err, register.ErrExists) && op == Init:
		return words{what: "This data folder already holds a register, so no new one was made.",
			todo: "To replace it with a backup, use 'restore'."}
	case errors.Is(err, backup.ErrNothingToBackUp):
		return words{what: "There is no register here to back up: the data folder has no database.",
			todo: "Check that this is the right data folder."}
	case errors.Is(err, backup.ErrBadDestination):
		return words{what: "The backup cannot be saved in that place.",
			todo: "Choose another folder, for example on a USB drive."}
	case errors.Is(err, fs.ErrNotExist) && (op == Restore || op == Inspect || op == Verify):
		return words{what: "The backup file cannot be found.", todo: "Check its name and the folder it is in."}
	case errors.Is(err, archive.ErrNotZip):
		what := "This file is not a Mahall backup."
		if ee != nil {
			if kind := fileKind(ee.Reason); kind != "" {
				what = "This file is not a Mahall backup (it is " + kind + ")."
			}
		}
		return words{what: what, todo: chooseOurs}
	case errors.Is(err, archive.ErrNoDB):
		return words{what: "This file is not a Mahall backup: there is no register database in it.", todo: chooseOurs}
	case errors.Is(err, archive.ErrDamaged):
		return words{what: "This backup file is damaged or incomplete, so it cannot be read.", todo: useAnother}
	case errors.Is(err, archive.ErrChecksum) && ee != nil:
		return words{what: "This backup is damaged: " + damaged(ee) + ".", todo: useAnother}
	case errors.Is(err, archive.ErrManifest):
		return words{what: "This backup is damaged: its list of contents cannot be read, so nothing in it can be checked.", todo: useAnother}
	case errors.Is(err, archive.ErrDuplicate):
		return words{what: "This backup cannot be restored safely: it holds " + entryName(ee) + " more than once.",
			todo: "It was probably changed by another program. " + useAnother}
	case errors.Is(err, archive.ErrUnsafe):
		return words{what: "This backup cannot be restored safely: " + entryName(ee) + " in it is not an ordinary file of a backup.",
			todo: "It was probably changed by another program. " + useAnother}
	case errors.Is(err, archive.ErrTooLarge):
		return words{what: "This backup cannot be restored safely: it would unpack to far more data than a register holds.",
			todo: "It is probably damaged or not made by Mahall Software. " + useAnother}
	case errors.Is(err, archive.ErrUnsupported):
		return words{what: "This backup was made in a way this version of Mahall Software cannot read.",
			todo: "Update Mahall Software, or use another backup."}
	case errors.Is(err, snapshot.ErrNotSQLite) && op == Backup:
		return words{what: "The register file db.sqlite3 is not a database, so it cannot be backed up.",
			todo: "Ask for help before changing anything in the data folder."}
	case errors.Is(err, snapshot.ErrNotSQLite):
		return words{what: "The register database in this backup is not a database file, so this backup cannot be restored.", todo: useAnother}
	case errors.Is(err, snapshot.ErrCorrupt) && op == Backup:
		return words{what: "The register database is damaged, so no backup was made of it.",
			todo: "Keep your existing backups; ask for help before changing anything."}
	case errors.Is(err, snapshot.ErrCorrupt):
		return words{what: "The register database in this backup is damaged, so restoring it would lose data.", todo: useAnother}
	}
	// What the system said, classified once for the UI (uierr): a full
	// disk or a refused folder, on every OS.
	switch uierr.CodeOf(err) {
	case uierr.Busy:
		return words{what: "Another backup or restore is running right now, so this one did not start.",
			todo: "Wait for it to finish, or cancel it, then try again."}
	case uierr.NoSpace:
		if op == Restore {
			return words{what: "There is not enough free disk space to restore this backup safely.",
				todo: "Free some space on this disk, then try again."}
		}
		return words{what: "The disk is full, so " + lower(failed(op)),
			todo: "Free some space, or choose another drive."}
	case uierr.NoPermission:
		return words{what: "Mahall Software is not allowed to write there, so " + lower(failed(op)),
			todo: "Choose another folder, or ask whoever looks after this computer."}
	case uierr.InUse:
		return words{what: "Another program has a file of the register open, so " + lower(failed(op)),
			todo: "Close the Mahall program and any other program that opens it, then try again."}
	}
	return words{what: failed(op)}
}

func lower(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// unchanged says whether a failed op left the data folder as it was, where
// saying so matters: a restore refuses or rolls back everything before the
// swap, and the swap itself rolls back, unless recovery failed.
func unchanged(op Op, err error) bool {
	switch op {
	case Restore:
		return !errors.Is(err, folder.ErrUnfinished) && !errors.Is(err, folder.ErrRestoredNotCleaned)
	case Init:
		return errors.Is(err, register.ErrExists) || errors.Is(err, folder.ErrBusy)
	}
	return false
}

func noun(op Op) string {
	switch op {
	case Install:
		return "installation"
	case Init:
		return "creation of the register"
	}
	return string(op)
}

func failed(op Op) string {
	switch op {
	case Backup:
		return "The backup was not made."
	case Restore:
		return "The restore did not complete."
	case Inspect:
		return "This backup could not be read."
	case Verify:
		return "This backup could not be checked completely."
	case Init:
		return "No register was created."
	case Install:
		return "The installation did not complete."
	}
	return "The " + noun(op) + " did not complete."
}

// fileKind is what a file that is not a ZIP looks like, from the archive
// reader's reason: "a text file", "a RAR archive", "a folder".
func fileKind(reason string) string {
	switch {
	case strings.Contains(reason, "is a folder"):
		return "a folder"
	case strings.HasPrefix(reason, "empty file"):
		return "an empty file"
	}
	_, kind, ok := strings.Cut(reason, "(looks like ")
	if !ok {
		return ""
	}
	kind = strings.TrimSuffix(kind, ")")
	kind, _, _ = strings.Cut(kind, ";")
	if strings.HasPrefix(kind, "a ") || strings.HasPrefix(kind, "an ") {
		return kind
	}
	switch kind {
	case "RAR", "7-Zip":
		return "a " + kind + " archive"
	}
	return "a " + kind + " file"
}

// damaged names what in the backup is not as it was saved.
func damaged(ee *archive.EntryError) string {
	what := entryName(ee)
	switch {
	case strings.Contains(ee.Reason, "missing from the archive"):
		return what + " that was saved in it is missing"
	case strings.Contains(ee.Reason, "not in its manifest"):
		return "it holds " + what + ", which was not in it when it was saved"
	}
	return what + " in it does not match what was saved"
}

// entryName is an entry as a person knows it: the register database, the
// photo members/photos/x.jpg, or the file x.
func entryName(ee *archive.EntryError) string {
	if ee == nil {
		return "a file"
	}
	name := strings.ReplaceAll(ee.Entry, `\`, "/")
	if name == archive.DBName {
		return "the register database"
	}
	name = strings.TrimPrefix(name, archive.MediaPrefix)
	switch strings.ToLower(path.Ext(name)) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".ico", ".bmp":
		return "the photo " + name
	}
	return "the file " + name
}
