// Package settings is the app's settings file: when automatic backups run,
// where they go and how long they are kept. It is one JSON file in the data
// folder, never a table in the register database, which belongs to the
// register program. The app shows and changes it; the CLI reads it.
package settings

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"mahall/backend/durable"
	"mahall/backend/retention"
	"mahall/backend/schedule"
)

// Version is the format this program writes.
const Version = 1

// Settings is the file's content. Its JSON names are camelCase.
type Settings struct {
	Version  int               `json:"version"`
	Schedule schedule.Schedule `json:"schedule"`
	// BackupOnClose makes a backup when the app closes (throttled, see
	// schedule.OnCloseDue).
	BackupOnClose bool `json:"backupOnClose"`
	// Destinations are the folders every automatic backup is written to. None
	// means the data folder's own backups folder, with a warning.
	Destinations []Destination `json:"destinations"`
	// Retention is applied to each destination on its own.
	Retention retention.Policy `json:"retention"`
	// Encryption and Language are reserved for later work; they are kept
	// through a load and save so that a newer program's values survive.
	Encryption Encryption `json:"encryption,omitzero"`
	Language   string     `json:"language,omitempty"`
	// DestinationNotNow is the user's "Not now" to the main window's
	// first-run ask for a backup folder off the data's disk: the ask is not
	// shown again (the settings' warning stays).
	DestinationNotNow bool `json:"destinationNotNow,omitempty"`
}

// Destination is one folder backups go to: a USB drive, a network share, a
// folder a cloud drive syncs.
type Destination struct {
	Path string `json:"path"`
}

// Encryption is password protection (issue 13): the age public key backups
// are encrypted to, and the matching secret key, itself encrypted with the
// user's password (a crypt.Lock; see Lock and EncryptionOf). Empty: off.
type Encryption struct {
	PublicKey        string `json:"publicKey,omitempty"`
	WrappedSecretKey string `json:"wrappedSecretKey,omitempty"`
}

// DefaultTime is when the daily backup runs unless the user chooses: midday,
// when the app is most likely open; one missed runs when the app next starts.
const DefaultTime = "12:00"

// Defaults are the settings before the user changes anything: daily, on
// close, keep the last 3, 7 days, 4 weeks, 12 months. No destination: the app
// asks for one on first run.
func Defaults() Settings {
	return Settings{
		Version:       Version,
		Schedule:      schedule.Schedule{Kind: schedule.Daily, At: DefaultTime},
		BackupOnClose: true,
		Retention:     retention.Policy{Last: 3, Daily: 7, Weekly: 4, Monthly: 12},
	}
}

// Validate says in plain words everything that is wrong, one line each.
func (s Settings) Validate() error {
	errs := []error{s.Schedule.Validate(), s.Retention.Validate()}
	seen := map[string]bool{}
	for _, d := range s.Destinations {
		if strings.TrimSpace(d.Path) == "" {
			errs = append(errs, errors.New("a backup destination has no folder: choose a folder or remove it"))
			continue
		}
		if !filepath.IsAbs(d.Path) {
			errs = append(errs, fmt.Errorf("the backup destination %q is not a full folder path (like %s): choose the folder again", d.Path, exampleFolder()))
			continue
		}
		key := filepath.Clean(d.Path)
		if runtime.GOOS == "windows" {
			key = strings.ToLower(key)
		}
		if seen[key] {
			errs = append(errs, fmt.Errorf("the backup destination %s is listed twice: remove one", d.Path))
		}
		seen[key] = true
	}
	if _, err := s.Encryption.Lock(); err != nil {
		errs = append(errs, err)
	}
	for _, r := range s.Language {
		if !(r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			errs = append(errs, fmt.Errorf("the language %q is not a language code (like en or ml)", s.Language))
			break
		}
	}
	return errors.Join(errs...)
}

func exampleFolder() string {
	if runtime.GOOS == "windows" {
		return `E:\Mahall backups`
	}
	return "/media/usb/mahall-backups"
}

// Load reads the settings file at path (the caller knows the data folder's
// names). A missing file means the defaults. Fields the file lacks keep their
// defaults, so a file from an older version gains the new settings.
//
// On any error Load returns the defaults as well, so that a damaged or wrong
// file never leaves the app without automatic backups; the error says what
// is wrong and how to fix it.
func Load(path string) (Settings, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Defaults(), nil
	}
	if err != nil {
		return Defaults(), fmt.Errorf("the settings could not be read, so the default settings are used: %w", err)
	}
	s := Defaults()
	// A schedule is one choice, read whole: an "every 6 hours" file must not
	// pick up the default daily time.
	var sched struct {
		Schedule json.RawMessage `json:"schedule"`
	}
	err = json.Unmarshal(data, &sched)
	if err == nil && sched.Schedule != nil {
		s.Schedule = schedule.Schedule{}
	}
	if err == nil {
		err = json.Unmarshal(data, &s)
	}
	if err != nil {
		return Defaults(), fmt.Errorf("the settings file %s is damaged, so the default settings are used; saving the settings in the app replaces it (%v)", path, err)
	}
	if err := s.Validate(); err != nil {
		return Defaults(), fmt.Errorf("the settings file %s has values that cannot be used, so the default settings are used; saving the settings in the app replaces it:\n%w", path, err)
	}
	return s, nil
}

// Save checks s and writes it to path atomically, readable by its owner only
// (it will hold the wrapped encryption key). Invalid settings are not
// written; the file stays as it was.
func Save(path string, s Settings) error {
	if err := s.Validate(); err != nil {
		return fmt.Errorf("the settings were not saved:\n%w", err)
	}
	s.Version = Version
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("the settings were not saved: %w", err)
	}
	if err := durable.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("the settings were not saved: %w", err)
	}
	return nil
}
