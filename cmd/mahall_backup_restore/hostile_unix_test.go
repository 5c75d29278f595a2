//go:build unix

package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// Nothing blocks on an archive path that is not a regular file: a FIFO (the
// issue's case: verify, inspect and restore hung), a character device that
// would read for ever, a folder. Each says what it is; the data folder is
// untouched.
func TestArchiveNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "backup.zip")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	noLock := func(rel string) bool { return rel == folder.LockName }
	before := testkit.HashTree(t, data, noLock)
	for _, c := range []struct{ path, says string }{
		{fifo, "named pipe"},
		{"/dev/zero", "device file"},
		{dir, "folder"},
	} {
		for _, cmd := range []string{"verify", "inspect", "restore"} {
			r := runCLI(t, "--data-dir", data, cmd, c.path)
			r.want(t, 1)
			if !strings.Contains(r.stderr, c.says) {
				t.Errorf("%s %s: stderr does not say %q:\n%s", cmd, c.path, c.says, r.stderr)
			}
		}
	}
	if after := testkit.HashTree(t, data, noLock); !mapsEqual(before, after) {
		t.Error("the data folder changed")
	}
}

// DATA/backups is a plain file: restore (the case: it spun for ever
// looking for a free name) and backup refuse at once, say what to do, and
// change nothing.
func TestBackupsFolderIsAFile(t *testing.T) {
	src := t.TempDir()
	writeDataDir(t, src, smallSpec())
	path, _ := backupOf(t, src)

	data := t.TempDir()
	writeDataDir(t, data, dataSpec{seed: 5, areas: 1, houses: 1, members: 2, photos: 1, photoBytes: 500})
	if err := os.WriteFile(filepath.Join(data, "backups"), []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })
	for _, args := range [][]string{{"restore", path}, {"backup"}} {
		r := runCLI(t, append([]string{"--data-dir", data}, args...)...)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "should be a folder, but it is a file") {
			t.Errorf("%s: stderr does not say backups/ is a file:\n%s", args[0], r.stderr)
		}
		if args[0] == "restore" && !strings.Contains(r.stderr, "Your data was not changed.") {
			t.Errorf("restore does not say the data was not changed:\n%s", r.stderr)
		}
	}
	after := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })
	if !mapsEqual(before, after) {
		t.Error("the data folder changed")
	}
}

// SIGTERM (and SIGINT) in the middle of a restore stop it: exit 130, the
// data folder exactly as before, no staging folder and no safety backup
// left.
func TestRestoreInterrupted(t *testing.T) {
	src := t.TempDir()
	writeDataDir(t, src, dataSpec{seed: 3, areas: 1, houses: 1, members: 2, photos: 2, photoBytes: 1000, bulkFiles: 400, bulkBytes: 256 << 10})
	path, _ := backupOf(t, src)
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		parent := t.TempDir()
		data := filepath.Join(parent, "data")
		writeDataDir(t, data, dataSpec{seed: 4, areas: 1, houses: 1, members: 3, photos: 2, photoBytes: 2000})
		before := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })

		r := runSignalled(t, regexp.MustCompile(`^extract(…|: )`), sig, "--data-dir", data, "restore", path)
		code, signalled := r.code, r.signalled
		if !signalled {
			t.Fatalf("restore showed no extract progress:\n%s", r.stderr)
		}
		if code == 0 {
			t.Logf("%v: restore finished before the signal arrived", sig)
			continue
		}
		if code != 130 {
			t.Fatalf("%v: exit %d, want 130\n%s", sig, code, r.stderr)
		}
		after := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })
		if !mapsEqual(before, after) {
			t.Errorf("%v: the interrupted restore changed the data folder", sig)
		}
		ents, _ := os.ReadDir(parent)
		if len(ents) != 1 {
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			t.Errorf("%v: beside the data folder: %v (staging left behind?)", sig, names)
		}
	}
}
