package folder

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"

	"mahall/internal/testkit"
)

func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

var oldFiles = map[string]string{
	"db.sqlite3":                 "old database",
	"db.sqlite3-wal":             "old wal",
	"db.sqlite3-shm":             "old shm",
	"media/members/photos/a.jpg": "old photo a",
	"media/members/photos/b.png": "old photo b",
	"backups/earlier.zip":        "a backup",
	"logs/backend.log":           "log",
	"mahall-installed":           "",
}

var newFiles = map[string]string{
	"db.sqlite3":                 "new database",
	"media/members/photos/c.jpg": "new photo c",
}

// setup makes a data folder with the old files (none when first is true)
// and a staging folder holding the new files; it returns the layout, the
// staging folder and the trees expected for "old" and "new".
func setup(t *testing.T, first bool) (Layout, string, map[string]string, map[string]string) {
	t.Helper()
	l := Layout{Root: filepath.Join(t.TempDir(), "Mahali")}
	if !first {
		writeFiles(t, l.Root, oldFiles)
	}
	before := map[string]string{}
	if !first {
		before = testkit.HashTree(t, l.Root, nil)
	}
	staging, err := newStaging(l)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, NewDir(staging), newFiles)
	after := map[string]string{}
	if !first {
		for k, v := range before {
			after[k] = v
		}
		for _, k := range []string{"db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm", "media", "media/members", "media/members/photos", "media/members/photos/a.jpg", "media/members/photos/b.png"} {
			delete(after, k)
		}
	}
	for k, v := range testkit.HashTree(t, NewDir(staging), nil) {
		after[k] = v
	}
	return l, staging, before, after
}

func noStaging(t *testing.T, l Layout) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(l.Root), stagingPrefix(l)+"*"))
	if len(m) > 0 {
		t.Errorf("staging left behind: %v", m)
	}
	if exists(l.Journal()) {
		t.Errorf("journal left behind")
	}
	if m, _ := filepath.Glob(filepath.Join(l.Root, "."+JournalName+".tmp-*")); len(m) > 0 {
		t.Errorf("journal's temporary file left behind: %v", m)
	}
}

func TestSwap(t *testing.T) {
	for _, first := range []bool{false, true} {
		t.Run(fmt.Sprintf("first=%v", first), func(t *testing.T) {
			l, staging, _, want := setup(t, first)
			if err := swapIn(l, staging, true); err != nil {
				t.Fatal(err)
			}
			if got := testkit.HashTree(t, l.Root, nil); len(testkit.TreeDiff(got, want)) > 0 {
				t.Errorf("after swap got %v\nwant %v", got, want)
			}
			noStaging(t, l)
			out, err := recoverFolder(l)
			if err != nil || out != NothingToDo {
				t.Errorf("Recover after a clean swap = %v, %v", out, err)
			}
		})
	}
}

func TestSwapRefusesForeignStaging(t *testing.T) {
	l := Layout{Root: filepath.Join(t.TempDir(), "Mahali")}
	other := t.TempDir()
	writeFiles(t, filepath.Join(other, NewDirName), newFiles)
	if err := swapIn(l, other, true); err == nil {
		t.Fatal("Swap accepted a staging folder that is not beside the data folder")
	}
}

func TestRecoverRemovesStaleStaging(t *testing.T) {
	l, staging, before, _ := setup(t, false)
	unrelated := filepath.Join(filepath.Dir(l.Root), "keep-me")
	writeFiles(t, unrelated, map[string]string{"x": "y"})
	out, err := recoverFolder(l)
	if err != nil || out != NothingToDo {
		t.Fatalf("Recover = %v, %v", out, err)
	}
	if exists(staging) {
		t.Error("stale staging not removed")
	}
	if !exists(filepath.Join(unrelated, "x")) {
		t.Error("Recover removed a folder that is not its own")
	}
	if got := testkit.HashTree(t, l.Root, nil); len(testkit.TreeDiff(got, before)) > 0 {
		t.Error("Recover changed the data folder")
	}
}

func TestRecoverRefusesDamagedJournal(t *testing.T) {
	l, _, before, _ := setup(t, false)
	for _, body := range []string{"{not json", `{"version":1,"staging":"../../etc","state":"prepared"}`,
		`{"version":1,"staging":".Mahali.restore-1","state":"prepared","old":["backups"]}`} {
		writeFiles(t, l.Root, map[string]string{JournalName: body})
		if _, err := recoverFolder(l); err == nil {
			t.Errorf("Recover accepted journal %s", body)
		}
		os.Remove(l.Journal())
		if got := testkit.HashTree(t, l.Root, nil); len(testkit.TreeDiff(got, before)) > 0 {
			t.Error("Recover changed the data folder after refusing the journal")
		}
	}
}

// The crash test runs Swap (and then Recover) in a child process that kills
// itself at every durable step in turn, and checks that Recover in this
// process leaves exactly the old or exactly the new data.

const childEnv = "MAHALL_SWAP_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(child(mode))
	}
	os.Exit(m.Run())
}

func child(mode string) int {
	l := Layout{Root: os.Getenv("MAHALL_SWAP_TEST_ROOT")}
	var err error
	switch mode {
	case "swap":
		err = swapIn(l, os.Getenv("MAHALL_SWAP_TEST_STAGING"), true)
	case "swap-db":
		err = swapIn(l, os.Getenv("MAHALL_SWAP_TEST_STAGING"), false)
	case "recover":
		_, err = recoverFolder(l)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

var killLine = regexp.MustCompile(`(?m)^mahall-killpoint (\d+) (.*)$`)

func runChild(t *testing.T, bin, mode string, l Layout, staging string, point int) (killed bool, steps []string) {
	t.Helper()
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "MAHALL_SWAP_TEST_ROOT="+l.Root,
		"MAHALL_SWAP_TEST_STAGING="+staging, testkit.KillpointEnv+"="+strconv.Itoa(point))
	out, err := cmd.CombinedOutput()
	for _, m := range killLine.FindAllStringSubmatch(string(out), -1) {
		steps = append(steps, m[2])
	}
	if err != nil {
		// A kill point kills as SIGKILL does on Unix (no exit code: -1) and as TerminateProcess
		// does on Windows (exit code 1): there, having announced the point as its last step
		// tells the kill from a failure.
		if ee, ok := err.(*exec.ExitError); ok && !ee.Success() &&
			(ee.ExitCode() == -1 || runtime.GOOS == "windows" && point > 0 && len(steps) == point) {
			return true, steps
		}
		t.Fatalf("child %s: %v\n%s", mode, err, out)
	}
	return false, steps
}

func TestCrashAtEveryStep(t *testing.T) {
	bin := testkit.KillpointTestBinary(t, "./backend/folder")
	for _, first := range []bool{false, true} {
		t.Run(fmt.Sprintf("first=%v", first), func(t *testing.T) {
			l, staging, _, _ := setup(t, first)
			_, steps := runChild(t, bin, "swap", l, staging, 0)
			if len(steps) < 8 {
				t.Fatalf("only %d steps announced: %v", len(steps), steps)
			}
			for point := 1; point <= len(steps); point++ {
				l, staging, before, after := setup(t, first)
				killed, _ := runChild(t, bin, "swap", l, staging, point)
				if !killed {
					t.Fatalf("point %d (%s): child was not killed", point, steps[point-1])
				}
				// Kill the recovery too, at its first step, then recover fully.
				if point%2 == 0 {
					runChild(t, bin, "recover", l, "", 1)
				}
				out, err := recoverFolder(l)
				if err != nil {
					t.Fatalf("point %d (%s): Recover: %v", point, steps[point-1], err)
				}
				got := testkit.HashTree(t, l.Root, nil)
				switch {
				case first && len(got) == 0:
				case len(testkit.TreeDiff(got, before)) == 0:
				case len(testkit.TreeDiff(got, after)) == 0:
				default:
					t.Fatalf("point %d (%s): outcome %s, neither old nor new:\n%v", point, steps[point-1], out, got)
				}
				noStaging(t, l)
			}
		})
	}
}

// setupDB is setup for SwapDatabase: old data with photos, and a staging
// folder holding a database alone. After the swap the photos are the old
// ones and only the database (with its sidecars) has changed.
func setupDB(t *testing.T) (Layout, string, map[string]string, map[string]string) {
	t.Helper()
	l := Layout{Root: filepath.Join(t.TempDir(), "Mahali")}
	writeFiles(t, l.Root, oldFiles)
	before := testkit.HashTree(t, l.Root, nil)
	staging, err := newStaging(l)
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, NewDir(staging), map[string]string{"db.sqlite3": "new database"})
	after := map[string]string{}
	for k, v := range before {
		after[k] = v
	}
	delete(after, "db.sqlite3-wal")
	delete(after, "db.sqlite3-shm")
	after["db.sqlite3"] = testkit.HashTree(t, NewDir(staging), nil)["db.sqlite3"]
	return l, staging, before, after
}

func TestSwapDatabaseKeepsMedia(t *testing.T) {
	l, staging, _, want := setupDB(t)
	if err := swapIn(l, staging, false); err != nil {
		t.Fatal(err)
	}
	if got := testkit.HashTree(t, l.Root, nil); len(testkit.TreeDiff(got, want)) > 0 {
		t.Errorf("after SwapDatabase got %v\nwant %v", got, want)
	}
	noStaging(t, l)
}

func TestSwapDatabaseCrashAtEveryStep(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("kills the child with SIGKILL semantics; Unix only")
	}
	bin := testkit.KillpointTestBinary(t, "./backend/folder")
	l, staging, _, _ := setupDB(t)
	_, steps := runChild(t, bin, "swap-db", l, staging, 0)
	if len(steps) < 6 {
		t.Fatalf("only %d steps announced: %v", len(steps), steps)
	}
	for point := 1; point <= len(steps); point++ {
		l, staging, before, after := setupDB(t)
		if killed, _ := runChild(t, bin, "swap-db", l, staging, point); !killed {
			t.Fatalf("point %d (%s): child was not killed", point, steps[point-1])
		}
		out, err := recoverFolder(l)
		if err != nil {
			t.Fatalf("point %d (%s): Recover: %v", point, steps[point-1], err)
		}
		if got := testkit.HashTree(t, l.Root, nil); len(testkit.TreeDiff(got, before)) > 0 && len(testkit.TreeDiff(got, after)) > 0 {
			t.Fatalf("point %d (%s): outcome %s, neither old nor new:\n%v", point, steps[point-1], out, got)
		}
		noStaging(t, l)
	}
}

// A swap whose journal cannot be written moves nothing and says so, so a
// restore knows that nothing needs recovering.
func TestSwapJournalFails(t *testing.T) {
	l, staging, before, _ := setup(t, false)
	// A folder under the journal's name: the rename onto it fails.
	if err := os.Mkdir(l.Journal(), 0o700); err != nil {
		t.Fatal(err)
	}
	err := swapIn(l, staging, true)
	if !errors.Is(err, ErrSwapNotStarted) {
		t.Fatalf("err = %v, want ErrSwapNotStarted", err)
	}
	if got := testkit.HashTree(t, l.Root, nil); len(testkit.TreeDiff(got, before)) > 0 {
		t.Errorf("data folder changed:\n got %v\nwant %v", got, before)
	}
}
