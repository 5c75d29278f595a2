// Package folder owns the Mahall data folder: where it is (flag, environment,
// OS default), every name in it, and an opened folder (Open), which holds the
// folder's lock, has finished any interrupted restore and removed what
// crashed operations left behind. Backup, restore, the app and the CLI work
// on an opened *Folder; the swap of restored data into place is here too,
// since it renames the folder's own items under its journal.
package folder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// EnvVar names the environment variable that chooses the data folder when no
// --data-dir flag is given.
const EnvVar = "MAHALL_DATA_DIR"

// Layout is where one data folder is, and the paths of what it holds. It
// does not lock anything: reading paths or asking whether the folder is
// installed needs no lock; changing it does (Open).
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

func (l Layout) DB() string       { return filepath.Join(l.Root, DBName) }
func (l Layout) Media() string    { return filepath.Join(l.Root, MediaName) }
func (l Layout) Backups() string  { return filepath.Join(l.Root, BackupsName) }
func (l Layout) Logs() string     { return filepath.Join(l.Root, LogsName) }
func (l Layout) Marker() string   { return filepath.Join(l.Root, MarkerName) }
func (l Layout) Journal() string  { return filepath.Join(l.Root, JournalName) }
func (l Layout) Settings() string { return filepath.Join(l.Root, SettingsName) }
func (l Layout) History() string  { return filepath.Join(l.Root, HistoryName) }
func (l Layout) Schedule() string { return filepath.Join(l.Root, ScheduleName) }
func (l Layout) lockPath() string { return filepath.Join(l.Root, LockName) }

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
