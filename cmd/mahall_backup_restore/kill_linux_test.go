package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// snapshots lists the database snapshots in dir.
func snapshots(t *testing.T, dir string) []string {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".db-snapshot-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// killDuringArchive starts a backup of data and SIGKILLs it once it has
// started writing the archive (the snapshot exists then).
func killDuringArchive(t *testing.T, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(pipe)
	at := regexp.MustCompile(`^archive(…|: )`)
	killed := false
	for sc.Scan() {
		if !killed && at.MatchString(sc.Text()) {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
		}
	}
	cmd.Wait()
	if !killed {
		t.Log("the backup finished before it could be killed")
	}
}

// A SIGKILL in the middle of a backup leaves a full copy of the register
// (its snapshot) only until the next start or backup: in the data folder
// (the case), and in the user's scratch folder for a read-only data
// folder (our own).
func TestKilledBackupLeavesNoSnapshot(t *testing.T) {
	spec := dataSpec{seed: 8, areas: 1, houses: 1, members: 2, photos: 2, photoBytes: 1000, bulkFiles: 200, bulkBytes: 256 << 10}
	for _, next := range []string{"recover", "backup"} {
		data := t.TempDir()
		writeDataDir(t, data, spec)
		env := childEnv(t)
		killDuringArchive(t, env, "--data-dir", data, "backup")
		t.Logf("after the kill: %v", snapshots(t, data))
		runEnv(t, env, "--data-dir", data, next).want(t, 0)
		if left := snapshots(t, data); len(left) > 0 {
			t.Errorf("after %s, snapshots are still in the data folder: %v", next, left)
		}
	}

	t.Run("read-only data folder", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		mountTmpfs(t, data)
		writeDataDir(t, data, spec)
		remountRO(t, data)
		cache := t.TempDir()
		env := childEnv(t, "XDG_CACHE_HOME="+cache)
		killDuringArchive(t, env, "--data-dir", data, "backup", filepath.Join(t.TempDir(), "b.zip"))
		scratch := filepath.Join(cache, "mahall")
		t.Logf("after the kill: %v", snapshots(t, scratch))
		runEnv(t, env, "--data-dir", data, "backup", filepath.Join(t.TempDir(), "c.zip")).want(t, 0)
		if left := snapshots(t, scratch); len(left) > 0 {
			t.Errorf("after the next backup, snapshots are still in %s: %v", scratch, left)
		}
	})
}
