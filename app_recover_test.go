package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"mahall/backend/backup"
	"mahall/backend/folder"
	"mahall/backend/restore"
	"mahall/internal/testkit"
)

// The child half of TestStartupFinishesAnInterruptedRestore: a restore in its
// own process, which the fault-injection hook kills part way.
func TestHelperRestoreToBeKilled(t *testing.T) {
	root, archive := os.Getenv("MAHALL_APP_TEST_ROOT"), os.Getenv("MAHALL_APP_TEST_ARCHIVE")
	if root == "" {
		t.Skip("run by TestStartupFinishesAnInterruptedRestore")
	}
	f, err := folder.Open(context.Background(), root, folder.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := restore.Run(context.Background(), f, archive, restore.Options{}, nil); err != nil {
		t.Fatal(err)
	}
}

// runRestoreChild runs the child restore with the kill point set to n and
// returns the steps it announced.
func runRestoreChild(t *testing.T, bin, root, archive string, n int) []string {
	t.Helper()
	cmd := exec.Command(bin, "-test.run=^TestHelperRestoreToBeKilled$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		"MAHALL_APP_TEST_ROOT="+root,
		"MAHALL_APP_TEST_ARCHIVE="+archive,
		testkit.KillpointEnv+"="+strconv.Itoa(n))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if n == 0 && err != nil {
		t.Fatalf("child restore: %v\n%s", err, stderr.String())
	}
	var steps []string
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "mahall-killpoint "); ok {
			_, step, _ := strings.Cut(rest, " ")
			steps = append(steps, step)
		}
	}
	return steps
}

func TestStartupFinishesAnInterruptedRestore(t *testing.T) {
	if testing.Short() {
		t.Skip("runs restores in child processes")
	}
	// The backup to restore: a register of 5 members.
	src := t.TempDir()
	makeRegister(t, src, 1, 2, 5)
	archive := filepath.Join(t.TempDir(), "new.zip")
	f, err := folder.Open(context.Background(), src, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = backup.Create(context.Background(), f, archive, nil)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	newDB := zipEntryHash(t, archive, "db.sqlite3")

	// Count the steps of a whole restore, then kill one at the first rename
	// after the journal is written: old data half moved out.
	dry := t.TempDir()
	makeRegister(t, dry, 1, 1, 2)
	bin := testkit.KillpointTestBinary(t, ".")
	steps := runRestoreChild(t, bin, dry, archive, 0)
	kill := 0
	for i, s := range steps {
		if s == "journal prepared" {
			kill = i + 2
			break
		}
	}
	if kill == 0 || kill > len(steps) {
		t.Fatalf("no rename after the journal among the restore's steps: %q", steps)
	}

	root := t.TempDir()
	makeRegister(t, root, 1, 1, 2)
	l := folder.Layout{Root: root}
	oldDB := fileHash(t, l.DB())
	runRestoreChild(t, bin, root, archive, kill)
	if !exists(l.Journal()) {
		t.Fatalf("the restore killed at step %d (%s) left no journal", kill, steps[kill-1])
	}

	t.Logf("restore killed after step %d of %d (%s)", kill, len(steps), steps[kill-1])

	a, _ := newTestApp(t, root)
	st, err := a.State()
	if err != nil {
		t.Fatal(err)
	}
	if st.Problem != "" || !strings.Contains(st.Notice, "interrupted restore") {
		t.Fatalf("after start-up: notice %q, problem %q", st.Notice, st.Problem)
	}
	if exists(l.Journal()) {
		t.Fatal("start-up left the restore journal in place")
	}
	got := fileHash(t, l.DB())
	switch {
	case got == oldDB:
		if st.Overview == nil || st.Overview.Members != 2 || !strings.Contains(st.Notice, "undone") {
			t.Fatalf("old database back, but overview %+v and notice %q", st.Overview, st.Notice)
		}
	case got == newDB:
		if st.Overview == nil || st.Overview.Members != 5 || !strings.Contains(st.Notice, "finished") {
			t.Fatalf("new database in place, but overview %+v and notice %q", st.Overview, st.Notice)
		}
	default:
		t.Fatal("after start-up the database is neither the old one nor the backup's")
	}
}
