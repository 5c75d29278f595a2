package restore

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"mahall/backend/durable"
	"mahall/backend/folder"
	"mahall/internal/testkit"
)

func copyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		return durable.CopyNew(context.Background(), p, target)
	})
	if err != nil {
		t.Fatal(err)
	}
}

var killpointLine = regexp.MustCompile(`(?m)^mahall-killpoint (\d+) (.*)$`)

// crashRun is one run of the CLI that may be killed.
type crashRun struct {
	bin     string
	dataDir string
	args    []string
	point   int           // MAHALL_TEST_KILLPOINT; 0 announces only
	after   time.Duration // > 0: SIGKILL from outside after this long
}

// run returns whether the process died by SIGKILL, the steps it
// announced and its output.
func (c crashRun) run(t *testing.T) (killed bool, steps []string, out string) {
	t.Helper()
	cmd := exec.Command(c.bin, append([]string{"--data-dir", c.dataDir}, c.args...)...)
	cmd.Env = append(os.Environ(), testkit.KillpointEnv+"="+strconv.Itoa(c.point))
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if c.after > 0 {
		timer := time.AfterFunc(c.after, func() { cmd.Process.Signal(syscall.SIGKILL) })
		defer timer.Stop()
	}
	err := cmd.Wait()
	out = buf.String()
	for _, m := range killpointLine.FindAllStringSubmatch(out, -1) {
		steps = append(steps, m[2])
	}
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
		return true, steps, out
	}
	if err != nil {
		t.Fatalf("%v: %v\n%s", c.args, err, out)
	}
	return false, steps, out
}

// TestCrashAnywhere runs the real CLI's restore, kills it with SIGKILL at
// every durable step and progress point it announces and at moments spread
// over its run, runs `recover`, and checks that the data is exactly the old
// or exactly the new every time, with no staging left.
func TestCrashAnywhere(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL and directory fsync semantics are Unix ones")
	}
	if testing.Short() {
		t.Skip("builds the CLI and runs it many times")
	}
	bin := testkit.BuildKillpoints(t, "./cmd/mahall_backup_restore")

	template := makeData(t, filepath.Join(t.TempDir(), "template"), 1)
	addOtherFiles(t, template)
	// A stray sidecar of the old database: it must leave with it, and come
	// back with it on a roll back.
	if err := os.WriteFile(template.DB()+"-shm", []byte("a stray shared-memory file of the old database"), 0o600); err != nil {
		t.Fatal(err)
	}
	oldData := dataFiles(t, template)
	archivePath := makeBackup(t, 2)
	newData := archiveFiles(t, archivePath)

	work := t.TempDir()
	n := 0
	fresh := func() folder.Layout {
		n++
		l := folder.Layout{Root: filepath.Join(work, fmt.Sprintf("run%03d", n), "Mahali")}
		copyTree(t, template.Root, l.Root)
		return l
	}

	// A run with no kill lists the points and gives the run's length.
	l := fresh()
	start := time.Now()
	killed, steps, out := crashRun{bin: bin, dataDir: l.Root, args: []string{"restore", archivePath}}.run(t)
	length := time.Since(start)
	if killed || !strings.Contains(out, "Restored") {
		t.Fatalf("the uninterrupted restore failed:\n%s", out)
	}
	equalMaps(t, "uninterrupted restore", dataFiles(t, l), newData)
	t.Logf("%d kill points, a run takes %v", len(steps), length)
	for _, want := range []string{"space checked", "database checked", "journal prepared", "move old db.sqlite3-shm renamed", "move new media synced", "journal committed", "journal removed"} {
		if !strings.Contains(strings.Join(steps, "\n"), want) {
			t.Errorf("step %q never announced", want)
		}
	}

	check := func(what string, l folder.Layout) string {
		t.Helper()
		got := dataFiles(t, l)
		state := ""
		switch {
		case sameFiles(got, oldData):
			state = "old"
		case sameFiles(got, newData):
			state = "new"
		default:
			t.Fatalf("%s: the data is neither the old nor the new", what)
		}
		for name, body := range otherFiles {
			b, err := os.ReadFile(filepath.Join(l.Root, filepath.FromSlash(name)))
			if err != nil || string(b) != body {
				t.Fatalf("%s: %s changed", what, name)
			}
		}
		noStagingLeft(t, l)
		if tmps, _ := filepath.Glob(filepath.Join(l.Backups(), ".pre-restore-*")); len(tmps) > 0 {
			t.Errorf("%s: safety backup temporaries left: %v", what, tmps)
		}
		if state == "new" {
			if m, _ := filepath.Glob(filepath.Join(l.Backups(), "pre-restore-*.zip")); len(m) != 1 {
				t.Errorf("%s: new data in place but safety backups %v", what, m)
			}
		}
		return state
	}

	kills := 0
	states := map[string]int{}
	recoverAfter := func(what string, l folder.Layout, alsoKillRecover bool) {
		if alsoKillRecover {
			// Recovery itself dies at its first step; the next one finishes.
			crashRun{bin: bin, dataDir: l.Root, args: []string{"recover"}, point: 1}.run(t)
		}
		killed, _, out := crashRun{bin: bin, dataDir: l.Root, args: []string{"recover"}}.run(t)
		if killed || out == "" {
			t.Fatalf("%s: recover: %s", what, out)
		}
		states[check(what+" ("+strings.TrimSpace(out)+")", l)]++
	}

	// Every step of the swap, and an even spread of the points before it
	// (validation, extraction and the safety backup announce many).
	var points []int
	swapAt := len(steps)
	for i, step := range steps {
		if step == "journal prepared" {
			swapAt = i
		}
	}
	const before = 45
	for k := range before {
		i := k * swapAt / before
		if len(points) == 0 || points[len(points)-1] != i {
			points = append(points, i)
		}
	}
	for i := swapAt; i < len(steps); i++ {
		points = append(points, i)
	}
	for _, i := range points {
		step := steps[i]
		l := fresh()
		what := fmt.Sprintf("kill at point %d (%s)", i+1, step)
		if killed, _, _ := (crashRun{bin: bin, dataDir: l.Root, args: []string{"restore", archivePath}, point: i + 1}).run(t); !killed {
			// Points in concurrent work come in a different order each run,
			// so a run may end before reaching point n; that is no kill.
			t.Logf("%s: the run ended first", what)
			continue
		}
		kills++
		recoverAfter(what, l, i%3 == 0)
	}

	// Moments spread over the whole run, by the clock.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 10; i++ {
		l := fresh()
		after := time.Duration(rng.Int64N(int64(length))) + time.Millisecond
		what := fmt.Sprintf("kill after %v", after)
		if killed, _, _ := (crashRun{bin: bin, dataDir: l.Root, args: []string{"restore", archivePath}, point: -1, after: after}).run(t); !killed {
			states[check(what+" (not killed)", l)]++
			continue
		}
		kills++
		recoverAfter(what, l, false)
	}
	t.Logf("%d kills; outcomes %v", kills, states)
	if kills < 50 {
		t.Errorf("only %d kills; want at least 50", kills)
	}
	if states["old"] == 0 || states["new"] == 0 {
		t.Errorf("outcomes %v: both old and new should occur", states)
	}
}

func sameFiles(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
