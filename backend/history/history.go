// Package history is the record of what automatic (and manual) backups did:
// one entry per attempt per destination, kept in the data folder's
// history.json. The overview's "Last backup: 3 days ago" and its alert, the
// history list, the unchanged check and retention's "recent attempts failed"
// rule all read it.
package history

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"mahall/backend/durable"
)

// Result is how one attempt at one destination ended.
type Result string

const (
	OK        Result = "ok"        // a new backup was written and verified there
	Unchanged Result = "unchanged" // nothing changed since the last good backup there
	Failed    Result = "failed"    // no new backup there; Message says why
)

// Attempt is one backup attempt at one destination.
type Attempt struct {
	At          time.Time `json:"at"`
	Destination string    `json:"destination"` // the folder
	Result      Result    `json:"result"`
	File        string    `json:"file,omitempty"` // the backup written (OK) or still current (Unchanged)
	Verified    bool      `json:"verified"`       // read back and checked against its manifest
	Message     string    `json:"message,omitempty"`
	Auto        bool      `json:"auto"` // made by the schedule, on close or backup --auto
	// Fingerprint is the data's fingerprint when the backup was made (see
	// auto.Fingerprint): equal next time means nothing changed.
	Fingerprint string `json:"fingerprint,omitempty"`
}

// MaxAttempts bounds the file: years of hourly backups to three drives
// would otherwise grow it without end. The oldest go first.
const MaxAttempts = 2000

// File is the content of history.json.
type File struct {
	Version  int       `json:"version"`
	Attempts []Attempt `json:"attempts"` // oldest first
	// CloudMaintained is when kopia's maintenance last ran on the cloud
	// copy, so the automatic run tidies it at most once a day.
	CloudMaintained time.Time `json:"cloudMaintained,omitzero"`
	// Checks are the backups the user verified by hand (the history's
	// Verify), newest last, one per file. They are not attempts: a check
	// says nothing about whether backing up to a folder works.
	Checks []Check `json:"checks,omitempty"`
}

// Check is one backup the user verified by hand and found sound.
type Check struct {
	At   time.Time `json:"at"`
	File string    `json:"file"`
}

// MaxChecks bounds Checks the way MaxAttempts bounds Attempts.
const MaxChecks = 500

// MarkVerified records that the backup file was verified at t, so that the
// history list shows it checked from then on (the caller holds the data
// folder's lock, as for Append).
func MarkVerified(path, file string, t time.Time) error {
	h, _ := Load(path)
	h.Checks = slices.DeleteFunc(h.Checks, func(c Check) bool { return SameFolder(c.File, file) })
	h.Checks = append(h.Checks, Check{At: t, File: file})
	if n := len(h.Checks) - MaxChecks; n > 0 {
		h.Checks = slices.Delete(h.Checks, 0, n)
	}
	return save(path, h)
}

// SetCloudMaintained records t as the cloud copy's last maintenance.
func SetCloudMaintained(path string, t time.Time) error {
	h, _ := Load(path)
	h.CloudMaintained = t
	return save(path, h)
}

// Load reads the history at path; a missing file is an empty history. A
// damaged file is an error: the caller decides whether to start afresh.
func Load(path string) (File, error) {
	var h File
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return File{Version: 1}, nil
	}
	if err != nil {
		return File{Version: 1}, fmt.Errorf("read the backup history %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &h); err != nil {
		return File{Version: 1}, fmt.Errorf("the backup history %s is damaged: %w", path, err)
	}
	h.Version = 1
	return h, nil
}

// Append adds attempts to the history at path and writes it atomically
// (the caller holds the data folder's lock, whose opening removes a
// temporary file a crash left). A
// damaged history is replaced rather than blocking backups: the backups
// themselves are what matter.
func Append(path string, attempts ...Attempt) error {
	h, _ := Load(path)
	h.Attempts = append(h.Attempts, attempts...)
	if n := len(h.Attempts) - MaxAttempts; n > 0 {
		h.Attempts = slices.Delete(h.Attempts, 0, n)
	}
	return save(path, h)
}

func save(path string, h File) error {
	data, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return fmt.Errorf("write the backup history %s: %w", path, err)
	}
	return durable.WriteFile(path, append(data, '\n'), 0o600)
}

// SameFolder reports whether a and b name the same folder, as the history
// compares them (cleaned; case-insensitive on Windows).
func SameFolder(a, b string) bool {
	a, b = filepath.Clean(a), filepath.Clean(b)
	if runtime.GOOS == "windows" {
		return strings.EqualFold(a, b)
	}
	return a == b
}

// At returns the attempts at destination dir, oldest first.
func (h File) At(dir string) []Attempt {
	var out []Attempt
	for _, a := range h.Attempts {
		if SameFolder(a.Destination, dir) {
			out = append(out, a)
		}
	}
	return out
}

// LastGood is the newest attempt at dir that left a verified backup there
// (OK, or Unchanged pointing at one), and whether there is one.
func (h File) LastGood(dir string) (Attempt, bool) {
	at := h.At(dir)
	for i := len(at) - 1; i >= 0; i-- {
		if at[i].Result != Failed && at[i].Verified {
			return at[i], true
		}
	}
	return Attempt{}, false
}

// RecentlyFailed reports whether the latest attempt at dir before this run
// failed: retention then deletes nothing there this time, since a flaky
// drive's old backups may be all that is good.
func (h File) RecentlyFailed(dir string) bool {
	at := h.At(dir)
	return len(at) > 0 && at[len(at)-1].Result == Failed
}

// Verified reports whether the history says the file at path was verified:
// read back after it was written, or checked by hand since.
func (h File) Verified(path string) bool {
	for _, a := range h.Attempts {
		if a.Verified && a.File != "" && SameFolder(a.File, path) {
			return true
		}
	}
	return slices.ContainsFunc(h.Checks, func(c Check) bool { return SameFolder(c.File, path) })
}

// Last is the newest attempt of all, and whether there is one.
func (h File) Last() (Attempt, bool) {
	if len(h.Attempts) == 0 {
		return Attempt{}, false
	}
	return h.Attempts[len(h.Attempts)-1], true
}
