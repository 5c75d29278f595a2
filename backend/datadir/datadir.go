// Package datadir knows where the Mahall data lives and how that folder is
// laid out: the database, the media folder, backups, logs, the install
// marker and the files a restore leaves while it works.
package datadir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"github.com/gofrs/flock"
)

// EnvVar names the environment variable that chooses the data folder when no
// --data-dir flag is given.
const EnvVar = "MAHALL_DATA_DIR"

// Names inside the data folder. They match the program in the field.
const (
	DBName      = "db.sqlite3"
	MediaName   = "media"
	BackupsName = "backups"
	LogsName    = "logs"
	MarkerName  = "mahall-installed"
	LockName    = ".mahall.lock"
	JournalName = ".restore-journal.json"
)

// Layout is one data folder.
type Layout struct {
	Root string
}

// Resolve picks the data folder: the flag's value if set, else $MAHALL_DATA_DIR,
// else the folder the program in the field uses on this OS.
func Resolve(flagValue string) (Layout, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv(EnvVar)
	}
	if dir == "" {
		d, err := Default()
		if err != nil {
			return Layout{}, err
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return Layout{}, fmt.Errorf("data folder %q: %w", dir, err)
	}
	return Layout{Root: abs}, nil
}

// Default is %APPDATA%\Mahali on Windows and ~/.mahali elsewhere.
func Default() (string, error) {
	if runtime.GOOS == "windows" {
		appData := os.Getenv("APPDATA")
		if appData == "" {
			return "", errors.New("cannot find the data folder: APPDATA is not set")
		}
		return filepath.Join(appData, "Mahali"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the data folder: %w", err)
	}
	return filepath.Join(home, ".mahali"), nil
}

func (l Layout) DB() string      { return filepath.Join(l.Root, DBName) }
func (l Layout) Media() string   { return filepath.Join(l.Root, MediaName) }
func (l Layout) Backups() string { return filepath.Join(l.Root, BackupsName) }
func (l Layout) Logs() string    { return filepath.Join(l.Root, LogsName) }
func (l Layout) Marker() string  { return filepath.Join(l.Root, MarkerName) }
func (l Layout) Journal() string { return filepath.Join(l.Root, JournalName) }

// DBSidecars are the files SQLite may keep beside the database. None of an
// old database's may survive a restore.
func (l Layout) DBSidecars() []string {
	db := l.DB()
	return []string{db + "-wal", db + "-shm", db + "-journal"}
}

// MediaUsage counts the regular files under the media folder and their
// bytes; a missing media folder holds none.
func (l Layout) MediaUsage() (files int, bytes int64, err error) {
	media := l.Media()
	err = filepath.WalkDir(media, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == media {
				return fs.SkipAll
			}
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			files++
			bytes += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("measure media folder %s: %w", media, err)
	}
	return files, bytes, nil
}

// Installed reports whether the first-run wizard has completed here.
func (l Layout) Installed() bool {
	_, err := os.Stat(l.Marker())
	return err == nil
}

// HasData reports whether a database is already present (an upgrade from the
// old program, or a previous install).
func (l Layout) HasData() bool {
	st, err := os.Stat(l.DB())
	return err == nil && st.Mode().IsRegular()
}

// ErrBusy means another backup, restore or recover holds the data folder.
var ErrBusy = errors.New("another backup, restore or recover is running on this data folder")

// Lock takes the data folder's operation lock without waiting, creating the
// folder if needed. Single-instance features of the GUI toolkit are not
// relied on: this file lock is what keeps two operations apart.
func (l Layout) Lock() (unlock func() error, err error) {
	if err := os.MkdirAll(l.Root, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", l.Root, err)
	}
	fl := flock.New(filepath.Join(l.Root, LockName))
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("lock data folder %s: %w", l.Root, err)
	}
	if !ok {
		return nil, fmt.Errorf("%s: %w", l.Root, ErrBusy)
	}
	return fl.Unlock, nil
}
