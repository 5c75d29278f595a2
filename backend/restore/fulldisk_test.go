package restore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// mountTmpfs mounts a tmpfs of size bytes at dir for the test's life, or
// skips the test where that is not possible (not Linux, not root).
func mountTmpfs(t *testing.T, dir string, size int64) {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a small tmpfs")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%dk", (size+1023)/1024), "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

// pages is how much a tmpfs charges for the files under dir.
func pages(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && info.Mode().IsRegular() {
			n += (info.Size() + 4095) / 4096 * 4096
		}
		return nil
	})
	return n
}

// plentyOfRoom makes the up-front space check see plenty, so that the
// writes themselves meet the full disk.
var plentyOfRoom = Options{FreeSpace: func(string) (uint64, error) { return 1 << 40, nil }}

func TestFullDisk(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a small tmpfs")
	}
	template := makeData(t, filepath.Join(t.TempDir(), "template"), 1)
	addOtherFiles(t, template)
	archivePath := makeBackup(t, 2)
	dataPages := pages(t, template.Root)
	var archiveBytes, dbBytes int64
	for name, size := range archiveSizes(t, archivePath) {
		archiveBytes += (size + 4095) / 4096 * 4096
		if name == folder.DBName {
			dbBytes = size
		}
	}

	// setup puts a copy of the template on a tmpfs of mainSize, with its
	// backups folder on a tmpfs of its own of backupsSize (0: no mount).
	setup := func(t *testing.T, mainSize, backupsSize int64) (folder.Layout, string, map[string]string) {
		mnt := filepath.Join(t.TempDir(), "disk")
		mountTmpfs(t, mnt, mainSize)
		l := folder.Layout{Root: filepath.Join(mnt, "Mahali")}
		if backupsSize > 0 {
			mountTmpfs(t, l.Backups(), backupsSize)
		}
		copyTree(t, template.Root, l.Root)
		takeLock(t, l)
		return l, mnt, testkit.MissingIsEmpty(t, mnt, nil)
	}
	after := func(t *testing.T, l folder.Layout, mnt string, before map[string]string, err error, mention string) {
		t.Helper()
		if err == nil {
			t.Fatal("the restore succeeded on a full disk")
		}
		t.Logf("refused: %v", err)
		if !strings.Contains(err.Error(), mention) {
			t.Errorf("error %q does not mention %q", err, mention)
		}
		equalMaps(t, "the disk after the failed restore", testkit.MissingIsEmpty(t, mnt, nil), before)
		noStagingLeft(t, l)
	}

	t.Run("refused up front", func(t *testing.T) {
		l, mnt, before := setup(t, dataPages+4<<20, 0)
		_, err := restoreInto(context.Background(), l, archivePath, Options{}, nil)
		after(t, l, mnt, before, err, "not enough disk space")
		if !errors.Is(err, ErrNoSpace) {
			t.Errorf("not ErrNoSpace: %v", err)
		}
	})

	t.Run("during extraction, first install", func(t *testing.T) {
		// Room for the database checked before extraction, not for the
		// whole extraction; with no data there is no safety backup, so the
		// extraction alone meets the full disk.
		mnt := filepath.Join(t.TempDir(), "disk")
		mountTmpfs(t, mnt, dbBytes+archiveBytes/4+64<<10)
		l := folder.Layout{Root: filepath.Join(mnt, "Mahali")}
		_, err := restoreInto(context.Background(), l, archivePath, plentyOfRoom, nil)
		after(t, l, mnt, map[string]string{}, err, "no space left on device")
		if !errors.Is(err, syscall.ENOSPC) {
			t.Errorf("not ENOSPC: %v", err)
		}
	})

	t.Run("during extraction, with data", func(t *testing.T) {
		// Room for the data, the database checked before extraction, the
		// safety backup's database snapshot and part of the extraction
		// (the safety backup's archive has a disk of its own). The
		// extraction and the snapshot run at once, so either may be the
		// one to meet the full disk.
		l, mnt, before := setup(t, dataPages+dbBytes+archiveBytes/4+128<<10, 16<<20)
		_, err := restoreInto(context.Background(), l, archivePath, plentyOfRoom, nil)
		after(t, l, mnt, before, err, "")
		if msg := err.Error(); !strings.Contains(msg, "no space left on device") && !strings.Contains(msg, "disk is full") {
			t.Errorf("error does not say the disk is full: %v", err)
		}
	})

	t.Run("during the safety backup", func(t *testing.T) {
		l, mnt, before := setup(t, 16<<20, pages(t, template.Backups())+64<<10)
		_, err := restoreInto(context.Background(), l, archivePath, plentyOfRoom, nil)
		after(t, l, mnt, before, err, "no space left on device")
		if !strings.Contains(err.Error(), "safety backup") {
			t.Errorf("error does not say the safety backup failed: %v", err)
		}
	})
}
