//go:build unix

package archive_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mahall/backend/archive"
)

// Nothing that is not a regular file is opened as an archive, and none of
// them blocks (a FIFO's open would wait for a writer forever).
func TestNonRegularArchivePath(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.zip")
	backupOf(t, map[string][]byte{"db.sqlite3": fakeDB(4 << 10)}, good)
	fifo := filepath.Join(dir, "pipe.zip")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	linkToFifo := filepath.Join(dir, "link-to-pipe.zip")
	os.Symlink(fifo, linkToFifo)
	linkToGood := filepath.Join(dir, "link-to-good.zip")
	os.Symlink(good, linkToGood)
	sock := filepath.Join(dir, "s.zip")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for path, want := range map[string]string{
		fifo:        "named pipe",
		linkToFifo:  "named pipe",
		"/dev/null": "device file",
		sock:        "socket",
		dir:         "folder",
	} {
		_, err := archive.Open(path, archive.DefaultLimits)
		wantEntry(t, err, archive.ErrNotZip, path)
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want it to say %q", path, err, want)
		}
	}
	a, err := archive.Open(linkToGood, archive.DefaultLimits)
	if err != nil {
		t.Fatalf("a symbolic link to a backup: %v", err)
	}
	a.Close()
}
