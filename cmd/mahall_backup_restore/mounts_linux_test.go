package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// mountTmpfs mounts a new tmpfs at dir (made if missing), unmounted at the
// end of the test. Only root can; others skip, saying why.
func mountTmpfs(t *testing.T, dir string, opts ...string) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs (a data folder on another file system)")
	}
	os.MkdirAll(dir, 0o700)
	args := append([]string{"-t", "tmpfs"}, opts...)
	if out, err := exec.Command("mount", append(args, "tmpfs", dir)...).CombinedOutput(); err != nil {
		t.Skipf("mount -t tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", "-l", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
}

func remountRO(t *testing.T, dir string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,ro", dir).CombinedOutput(); err != nil {
		t.Skipf("remount read-only: %v: %s", err, out)
	}
}

// Where the data folder lives does not stop a restore: a mount point and a
// link to another file system (the cases), a parent that cannot be
// written, and a link to a mount point (our own). Staging is on the file
// system of the data it replaces, so no rename crosses devices, and nothing
// is left behind.
func TestRestoreWhereverTheFolderLives(t *testing.T) {
	src, path := smallBackup(t)
	cases := map[string]func(t *testing.T, base string) string{
		"a mount point": func(t *testing.T, base string) string {
			data := filepath.Join(base, "data")
			mountTmpfs(t, data)
			return data
		},
		"a link to another file system": func(t *testing.T, base string) string {
			other := filepath.Join(base, "other")
			mountTmpfs(t, other)
			os.Mkdir(filepath.Join(other, "real data"), 0o700)
			link := filepath.Join(base, "data")
			os.Symlink(filepath.Join(other, "real data"), link)
			return link
		},
		"a parent that cannot be written": func(t *testing.T, base string) string {
			parent := filepath.Join(base, "provisioned")
			mountTmpfs(t, parent)
			data := filepath.Join(parent, "data")
			mountTmpfs(t, data)
			remountRO(t, parent)
			return data
		},
		"a link to a mount point": func(t *testing.T, base string) string {
			mnt := filepath.Join(base, "mnt")
			mountTmpfs(t, mnt)
			link := filepath.Join(base, "data")
			os.Symlink(mnt, link)
			return link
		},
	}
	for name, place := range cases {
		t.Run(name, func(t *testing.T) {
			base := t.TempDir()
			data := place(t, base)
			writeDataDir(t, data, dataSpec{seed: 6, areas: 1, houses: 1, members: 3, photos: 2, photoBytes: 3000})
			r := runCLI(t, "--data-dir", data, "restore", path)
			r.want(t, 0)
			checkRestored(t, src, data, path, skip)
			for _, dir := range []string{data, filepath.Dir(data)} {
				ents, _ := os.ReadDir(dir)
				for _, e := range ents {
					if strings.Contains(e.Name(), ".restore-") {
						t.Errorf("staging folder %s left in %s", e.Name(), dir)
					}
				}
			}
			if !strings.Contains(r.stdout, "Safety backup: "+filepath.Join(data, "backups")) {
				t.Errorf("no safety backup:\n%s", r.stdout)
			}
		})
	}
}

// A staging folder left inside the data folder by a crash is removed by the
// next start, like one beside it (our own case).
func TestStaleStagingInsideRemoved(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, smallSpec())
	stale := filepath.Join(data, "."+filepath.Base(data)+".restore-123", "new")
	os.MkdirAll(stale, 0o700)
	os.WriteFile(filepath.Join(stale, "db.sqlite3"), []byte("a half-staged register"), 0o600)
	runCLI(t, "--data-dir", data, "recover").want(t, 0)
	if _, err := os.Stat(filepath.Dir(stale)); err == nil {
		t.Errorf("stale staging %s is still there", filepath.Dir(stale))
	}
	if _, err := os.Stat(filepath.Join(data, folder.DBName)); err != nil {
		t.Error(err)
	}
}

// readOnlyData writes a data folder on a tmpfs and remounts it read-only.
func readOnlyData(t *testing.T) string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "data")
	mountTmpfs(t, data)
	writeDataDir(t, data, smallSpec())
	remountRO(t, data)
	return data
}

// A read-only data folder backs up (the case: it failed only for
// want of a lock file), writing nothing into it and leaving no snapshot in
// the user's scratch folder; a backup into its own backups folder, and a
// restore into it, are refused in plain words (our own cases).
func TestReadOnlyDataFolder(t *testing.T) {
	data := readOnlyData(t)
	before := testkit.HashTree(t, data, nil)
	cache := t.TempDir()
	env := childEnv(t, "XDG_CACHE_HOME="+cache)
	out := filepath.Join(t.TempDir(), "b.zip")
	r := runEnv(t, env, "--data-dir", data, "backup", out)
	r.want(t, 0)
	runEnv(t, env, "verify", out).want(t, 0)

	r = runEnv(t, env, "--data-dir", data, "backup")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "cannot be written (it is read-only)") || !strings.Contains(r.stderr, "Say where the backup should go") {
		t.Errorf("backup into a read-only folder's backups/ says:\n%s", r.stderr)
	}
	r = runEnv(t, env, "--data-dir", data, "restore", out)
	r.want(t, 1)
	if !strings.Contains(r.stderr, "cannot be written") || !strings.Contains(r.stderr, "Your data was not changed.") {
		t.Errorf("restore into a read-only folder says:\n%s", r.stderr)
	}
	if after := testkit.HashTree(t, data, nil); !mapsEqual(before, after) {
		t.Error("the read-only data folder changed")
	}
	if ents, _ := os.ReadDir(filepath.Join(cache, "mahall")); len(ents) > 1 {
		t.Errorf("scratch holds more than the lock: %v", ents)
	}
}
