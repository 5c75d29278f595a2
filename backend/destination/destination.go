// Package destination knows about the folders automatic backups are written
// to: whether one is on the same disk as the data (then it protects nothing
// when that disk dies), and the dated names backups get there.
package destination

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Name is the file name of a backup made at t (local time): date and time,
// so that two backups on one day never overwrite each other, as in
// mahall_backup_2026-12-01_1430.zip. Two in the same minute are told apart
// by the caller's -2, -3 suffix.
func Name(t time.Time) string {
	return "mahall_backup_" + t.Format("2006-01-02_1504") + ".zip"
}

// SameDisk says whether dest is on the same disk as dataDir: the same device
// on Unix, the same volume on Windows. dest need not exist yet (the user may
// have typed a new folder): its nearest existing parent is what counts. So
// the folder of an unplugged drive looks like the disk it is mounted on:
// check that a destination exists before asking this.
func SameDisk(dataDir, dest string) (bool, error) {
	var ids [2]string
	for i, p := range []string{dataDir, dest} {
		p, err := nearestExisting(p)
		if err == nil {
			ids[i], err = disk(p)
		}
		if err != nil {
			return false, err
		}
	}
	return ids[0] == ids[1], nil
}

// nearestExisting is p, or the closest parent of p that exists.
func nearestExisting(p string) (string, error) {
	p, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	for {
		_, err := os.Stat(p)
		if err == nil {
			return p, nil
		}
		parent := filepath.Dir(p)
		if !errors.Is(err, fs.ErrNotExist) || parent == p {
			return "", fmt.Errorf("find the disk of %s: %w", p, err)
		}
		p = parent
	}
}
