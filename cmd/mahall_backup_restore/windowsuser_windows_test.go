package main

// The command as a Windows user runs it (make test-windows runs this under wine): the default
// data folder %APPDATA%\Mahali, and paths with a drive letter, backslashes, spaces, Malayalam
// and more than 260 characters, through backup, verify, inspect, restore and recover.

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// longPath is base followed by folders with spaces and Malayalam in their names, until the
// whole is longer than Windows' old limit of 260 characters (MAX_PATH, in UTF-16 units: the
// Malayalam letters count one each) with room to spare.
func longPath(base string) string {
	p := base
	for i := 1; len(utf16.Encode([]rune(p))) < 300; i++ {
		p = filepath.Join(p, "Mahall data മഹല്ല് ഡാറ്റ folder "+strconv.Itoa(i))
	}
	return p
}

var killpointStep = regexp.MustCompile(`(?m)^mahall-killpoint (\d+) (.+)$`)

func TestAsAWindowsUser(t *testing.T) {
	appData := filepath.Join(t.TempDir(), "AppData", "Roaming")
	env := childEnv(t, "APPDATA="+appData)
	data := filepath.Join(appData, "Mahali")
	if !regexp.MustCompile(`^[A-Za-z]:\\`).MatchString(data) {
		t.Fatalf("the test's folders should be on a drive letter, got %s", data)
	}
	skip := func(rel string) bool {
		return rel == "backups" || rel == folder.LockName || rel == folder.MarkerName
	}
	run := func(want int, args ...string) result {
		t.Helper()
		r := runEnv(t, env, args...)
		r.want(t, want)
		return r
	}

	// Two registers in long folders, backed up to long paths.
	long := longPath(t.TempDir())
	srcA, srcB := filepath.Join(long, "register A"), filepath.Join(long, "register B")
	writeDataDir(t, srcA, smallSpec())
	writeDataDir(t, srcB, dataSpec{seed: 3, areas: 1, houses: 2, members: 5, photos: 4, photoBytes: 9000})
	pathA := filepath.Join(long, "backups here", "മഹല്ല് backup A.zip")
	pathB := filepath.Join(long, "backups here", "മഹല്ല് backup B.zip")
	if err := os.MkdirAll(filepath.Dir(pathA), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("paths of %d and %d characters", len(utf16.Encode([]rune(srcA))), len(utf16.Encode([]rune(pathA))))
	run(0, "--data-dir", srcA, "backup", pathA)
	run(0, "--data-dir", srcB, "backup", pathB)
	run(0, "verify", pathA)
	if r := run(0, "inspect", pathA); !strings.Contains(r.stdout, "7") {
		t.Errorf("inspect of %s does not show the 7 members:\n%s", pathA, r.stdout)
	}

	// The first restore creates %APPDATA%\Mahali.
	run(0, "restore", pathA)
	checkRestored(t, srcA, data, pathA, skip)

	// A backup of the default folder goes to %APPDATA%\Mahali\backups.
	r := run(0, "backup")
	m := backupLine.FindStringSubmatch(r.stdout)
	if m == nil || !strings.HasPrefix(m[1], filepath.Join(data, "backups", "mahall_backup_")) {
		t.Fatalf("backup of the default folder printed:\n%s", r.stdout)
	}
	run(0, "verify", m[1])

	// A restore that another program kills half way through the swap (as a power cut would),
	// then recover. First a restore that only names its steps, to find the one to kill at:
	// after the new database moved in, with the old data all moved aside.
	counted := runEnv(t, append(env[:len(env):len(env)], testkit.KillpointEnv+"=0"), "restore", pathB)
	counted.want(t, 0)
	checkRestored(t, srcB, data, pathB, skip)
	run(0, "restore", pathA) // back to A, so the killed run takes the same steps
	point := ""
	for _, s := range killpointStep.FindAllStringSubmatch(counted.stderr, -1) {
		if s[2] == "move new "+folder.DBName+" renamed" {
			point = s[1]
		}
	}
	if point == "" {
		t.Fatalf("the restore announced no step %q:\n%s", "move new db.sqlite3 renamed", counted.stderr)
	}
	killed := runEnv(t, append(env[:len(env):len(env)], testkit.KillpointEnv+"="+point), "restore", pathB)
	if killed.code == 0 {
		t.Fatalf("the restore was not killed at step %s:\n%s", point, killed.stderr)
	}
	if r := run(0, "recover"); !strings.Contains(r.stdout, "rolled back an interrupted restore") {
		t.Errorf("recover printed %q", r.stdout)
	}
	checkRestored(t, srcA, data, pathA, skip)

	// A data folder in a long path, given with --data-dir.
	target := filepath.Join(long, "restored here")
	run(0, "--data-dir", target, "restore", pathB)
	checkRestored(t, srcB, target, pathB, skip)
	run(0, "--data-dir", target, "restore", pathA)
	checkRestored(t, srcA, target, pathA, skip)
	run(0, "--data-dir", target, "recover")
}
