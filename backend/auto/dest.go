package auto

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"mahall/backend/durable"
	"mahall/backend/progress"
)

// copyTo copies the finished backup src to final the way a backup is
// written: a hidden temporary name beside final, synced, renamed, and the
// folder synced, so a file under the final name is always whole even when
// the drive is pulled out half way.
func copyTo(ctx context.Context, src, final string, report progress.Func) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return fmt.Errorf("read %s: %w", src, err)
	}
	dir := filepath.Dir(final)
	tmp, err := os.CreateTemp(dir, durable.TempPattern(final))
	if err != nil {
		return fmt.Errorf("create a file in %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	up := progress.Update{Phase: progress.PhaseCopy, BytesTotal: st.Size(), FilesTotal: 1, Current: final}
	report(up)
	buf := make([]byte, 1<<20)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, rerr := in.Read(buf)
		if n > 0 {
			if _, werr := tmp.Write(buf[:n]); werr != nil {
				return fmt.Errorf("write %s: %w", tmp.Name(), werr)
			}
			up.BytesDone += int64(n)
			report(up)
		}
		if rerr == io.EOF {
			break
		}
		if rerr != nil {
			return fmt.Errorf("read %s: %w", src, rerr)
		}
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("rename %s to %s: %w", tmp.Name(), final, err)
	}
	return durable.SyncDir(dir)
}

// Problem kinds of a destination, for the plain words the user reads.
const (
	problemMissing  = "missing"
	problemFull     = "full"
	problemReadOnly = "readOnly"
	problemOther    = "other"
)

// classify says what kind of destination problem err is.
func classify(dir string, err error) string {
	if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
		return problemMissing // unplugged, also when it went half way
	}
	switch {
	case errors.Is(err, syscall.ENOSPC) || isPlatformFull(err) || strings.Contains(err.Error(), "disk is full"):
		return problemFull
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return problemReadOnly
	case errors.Is(err, fs.ErrNotExist):
		return problemMissing
	}
	return problemOther
}

// destinationError is a failure at one destination, in plain words first,
// with the technical cause last (and kept for errors.Is).
type destinationError struct {
	dir  string
	kind string
	err  error
}

func (e *destinationError) Error() string {
	drive := DriveName(e.dir)
	switch e.kind {
	case problemMissing:
		return fmt.Sprintf("The backup folder %s is not there. Plug in the backup drive '%s', and the backup runs again soon. No backup was written there; your data is safe.", e.dir, drive)
	case problemFull:
		return fmt.Sprintf("The backup drive '%s' is full, so no new backup was written to %s. Delete other files there or choose a bigger drive. The older backups there were not touched. (%v)", drive, e.dir, e.err)
	case problemReadOnly:
		return fmt.Sprintf("The backup folder %s cannot be written to (the drive is read-only or you lack permission). Choose another folder in Settings. (%v)", e.dir, e.err)
	}
	return fmt.Sprintf("The backup to %s failed, so no new backup was written there. (%v)", e.dir, e.err)
}

func (e *destinationError) Unwrap() error { return e.err }

// DriveName is how the user knows the drive dir is on: the volume's name
// where the mount point says it (/media/USER/BACKUP-USB, /run/media/USER/X,
// /mnt/X, /Volumes/X), the drive letter on Windows, else the folder's name.
func DriveName(dir string) string {
	dir = filepath.Clean(dir)
	if runtime.GOOS == "windows" {
		if v := filepath.VolumeName(dir); v != "" {
			return v
		}
	}
	parts := strings.Split(filepath.ToSlash(dir), "/")
	for i, p := range parts {
		switch {
		case p == "media" && i == 1 && len(parts) > 3, p == "run" && i == 1 && len(parts) > 4 && parts[2] == "media":
			if p == "run" {
				return parts[4]
			}
			return parts[3]
		case (p == "mnt" || p == "Volumes") && i == 1 && len(parts) > 2:
			return parts[2]
		}
	}
	return filepath.Base(dir)
}
