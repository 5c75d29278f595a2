// Package uierr gives every error that reaches the desktop UI a stable code,
// so the frontend tells "cancelled" from "no space" by a field it can type,
// never by matching the message's words (which change, and will be
// translated).
//
// The codes are the contract: frontend/src/api/errors.ts has the same list
// as a TypeScript union (generated into wailsjs/go/models.ts through
// options.App.EnumBind), and README.md lists them. Add a code at the end of
// Codes; never rename one.
package uierr

import (
	"context"
	"errors"
	"io/fs"
	"syscall"

	"mahall/backend/archive"
	"mahall/backend/backup"
	"mahall/backend/cloud"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/schedule"
	"mahall/backend/snapshot"
)

// Code names a kind of failure the UI may treat on its own.
type Code string

const (
	Cancelled       Code = "cancelled"       // the user cancelled; nothing was changed
	Busy            Code = "busy"            // another operation holds the data folder
	NoSpace         Code = "noSpace"         // the disk is too full
	InUse           Code = "inUse"           // another program has the database open for writing
	Damaged         Code = "damaged"         // the backup is truncated, fails a checksum or its database is corrupt
	NotABackup      Code = "notABackup"      // the file is not a backup (not a ZIP, or no database in it)
	NotRegister     Code = "notRegister"     // the database is not a Mahall register
	Unsafe          Code = "unsafe"          // the backup has names or sizes that are refused (.., duplicates, zip bombs)
	Unsupported     Code = "unsupported"     // a newer format, encryption or compression this program cannot read
	NothingToBackUp Code = "nothingToBackUp" // the data folder has no database
	BadDestination  Code = "badDestination"  // a backup cannot be written to the place chosen
	NoDatabase      Code = "noDatabase"      // the register's database file is missing
	NoFile          Code = "noFile"          // no backup file was chosen
	NotFound        Code = "notFound"        // a file or folder does not exist
	NoPermission    Code = "noPermission"    // the operating system refused access
	Unfinished      Code = "unfinished"      // an interrupted restore could be neither finished nor undone
	Failed          Code = "failed"          // anything else; the message says what
	WrongPassword   Code = "wrongPassword"   // the password (or recovery key) does not open this encrypted backup or the cloud copy
	PasswordNeeded  Code = "passwordNeeded"  // the backup is encrypted: ask for its password and call again with it

	// The cloud copy (package cloud).
	WrongCredentials   Code = "wrongCredentials"   // the cloud storage refused the access key or secret
	NoBucket           Code = "noBucket"           // the bucket does not exist
	Unreachable        Code = "unreachable"        // the cloud storage server does not answer (no network)
	NotInitialized     Code = "notInitialized"     // there is no cloud copy at that place yet
	AlreadyInitialized Code = "alreadyInitialized" // there is already a cloud copy at that place
	NotConnected       Code = "notConnected"       // this computer is not connected to a cloud copy
	NoSnapshot         Code = "noSnapshot"         // the cloud snapshot does not exist (or no snapshot yet)
)

// Codes lists every code in a fixed order, for EnumBind and the tests.
var Codes = []Code{
	Cancelled, Busy, NoSpace, InUse, Damaged, NotABackup, NotRegister, Unsafe,
	Unsupported, NothingToBackUp, BadDestination, NoDatabase, NoFile, NotFound,
	NoPermission, Unfinished, Failed, PasswordNeeded,
	WrongPassword, WrongCredentials, NoBucket, Unreachable, NotInitialized, AlreadyInitialized,
	NotConnected, NoSnapshot,
}

// TSName is the name of the code's member in the generated TypeScript enum.
func (c Code) TSName() string { return string(c) }

// EnumBind is options.App.EnumBind's entry that makes wails write the codes
// into wailsjs/go/models.ts as the enum uierr.Code.
var EnumBind = func() []struct {
	Value  Code
	TSName string
} {
	out := make([]struct {
		Value  Code
		TSName string
	}, len(Codes))
	for i, c := range Codes {
		out[i].Value, out[i].TSName = c, c.TSName()
	}
	return out
}()

type cause struct {
	err  error
	code Code
}

// byCause maps the backend's sentinel errors to codes. Order matters: the
// first match wins, so the specific sentinels come first, then the
// system's (platformCauses), then the generic file-system ones (a refused
// archive may also wrap fs.ErrNotExist).
var byCause = []cause{
	{context.Canceled, Cancelled},
	{folder.ErrBusy, Busy},
	{schedule.ErrBusy, Busy},
	{folder.ErrUnfinished, Unfinished},
	{folder.ErrRestoredNotCleaned, Failed}, // the restore is done; only tidying up failed
	{restore.ErrNoSpace, NoSpace},
	{syscall.ENOSPC, NoSpace},
	{restore.ErrInUse, InUse},
	{restore.ErrHeldOpen, InUse},
	{restore.ErrNotRegister, NotRegister},
	{snapshot.ErrNotSQLite, NotRegister},
	{crypt.ErrWrongPassword, WrongPassword},
	{crypt.ErrWrongRecoveryKey, WrongPassword},
	{crypt.ErrPasswordNeeded, PasswordNeeded},
	{crypt.ErrEmptyPassword, PasswordNeeded},
	{crypt.ErrDamaged, Damaged},
	{archive.ErrDamaged, Damaged},
	{archive.ErrChecksum, Damaged},
	{archive.ErrManifest, Damaged},
	{snapshot.ErrCorrupt, Damaged},
	{restore.ErrDamagedBackup, Damaged},
	{snapshot.ErrSidecar, Damaged},
	{archive.ErrNotZip, NotABackup},
	{archive.ErrNoDB, NotABackup},
	{archive.ErrUnsafe, Unsafe},
	{archive.ErrDuplicate, Unsafe},
	{archive.ErrTooLarge, Unsafe},
	{archive.ErrUnsupported, Unsupported},
	{backup.ErrNothingToBackUp, NothingToBackUp},
	{backup.ErrEmptyRegister, NothingToBackUp},
	{backup.ErrBadDestination, BadDestination},
	{register.ErrNoDatabase, NoDatabase},
	{folder.ErrNoFolder, NotFound},
	{cloud.ErrWrongPassword, WrongPassword},
	{cloud.ErrWrongCredentials, WrongCredentials},
	{cloud.ErrNoBucket, NoBucket},
	{cloud.ErrUnreachable, Unreachable},
	{cloud.ErrNotInitialized, NotInitialized},
	{cloud.ErrAlreadyInitialized, AlreadyInitialized},
	{cloud.ErrNotConnected, NotConnected},
	{cloud.ErrNoSnapshot, NoSnapshot},
	{cloud.ErrDamaged, Damaged},
}

// generic are the file-system errors any step may return; they come last.
var generic = []cause{
	{fs.ErrNotExist, NotFound},
	{fs.ErrPermission, NoPermission},
}

// Payload is what the UI receives for a failed call: the rejection of a
// bound method's promise (main.go's ErrorFormatter) and an ":error" event
// carry the same shape.
type Payload struct {
	Code Code `json:"code"`
	// Message is the error's English text (backend/explain's words and the
	// technical detail): the CLI's words, which the window shows only under
	// "Technical details". The window tells the error in its own language
	// from Code and the typed fields below.
	Message string `json:"message"`
	// DataUnchanged says the failed operation left the data folder exactly
	// as it was (a refused or rolled-back restore), so the window may say
	// "Your data was not changed." in its language.
	DataUnchanged bool `json:"dataUnchanged"`
}

// unchangedTeller is an error that knows whether the failed operation left
// the data folder as it was (explain.Error).
type unchangedTeller interface{ DataUnchanged() bool }

// coder is an error that knows its code (see New); From prefers it to the
// table, so an app-level error need not be a backend sentinel.
type coder interface{ UICode() Code }

// CodeOf is the code of err: its own (New) or its first matching sentinel,
// else Failed. nil has no code ("").
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var c coder
	if errors.As(err, &c) {
		return c.UICode()
	}
	for _, list := range [][]cause{byCause, platformCauses, generic} {
		for _, m := range list {
			if errors.Is(err, m.err) {
				return m.code
			}
		}
	}
	return Failed
}

// From is the payload for err.
func From(err error) Payload {
	if err == nil {
		return Payload{}
	}
	p := Payload{Code: CodeOf(err), Message: err.Error()}
	var u unchangedTeller
	if errors.As(err, &u) {
		p.DataUnchanged = u.DataUnchanged()
	}
	return p
}

// New is a sentinel error with its own code, for errors made above the
// backend (the app's "another operation is running"). Compare it with
// errors.Is.
func New(code Code, message string) error { return &codedError{code, message} }

type codedError struct {
	code Code
	msg  string
}

func (e *codedError) Error() string { return e.msg }
func (e *codedError) UICode() Code  { return e.code }
