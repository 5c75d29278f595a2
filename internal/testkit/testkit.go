// Package testkit holds what the tests of several packages share: building
// the programs with kill points, hashing and comparing folder trees, and
// small made-up data folders. It is imported only from _test.go files
// (TestOnlyTests checks), so nothing here reaches a shipped program.
package testkit

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"mahall/backend/killpoint"
)

// KillpointEnv is the variable the kill-points build reads (killpoint_on.go
// defines it; a shipped program has no such name).
const KillpointEnv = "MAHALL_TEST_KILLPOINT"

// ModuleRoot is the folder holding go.mod above the test's folder.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// BuildKillpoints builds the program pkg ("./cmd/mahall_backup_restore")
// with -tags killpoints, so that it obeys KillpointEnv.
func BuildKillpoints(t testing.TB, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	goBuild(t, "build", "-tags", "killpoints", "-o", bin, pkg)
	return bin
}

// KillpointTestBinary is a test binary of pkg (the package under test, as
// "./backend/folder") that obeys KillpointEnv, for tests that run their own
// binary as a child to be killed: this one, when it was built with -tags
// killpoints, else the same tests built with it.
func KillpointTestBinary(t testing.TB, pkg string) string {
	t.Helper()
	if killpoint.Enabled {
		return os.Args[0]
	}
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg)+".test")
	goBuild(t, "test", "-c", "-tags", "killpoints", "-o", bin, pkg)
	return bin
}

func goBuild(t testing.TB, args ...string) {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		// Under wine the go command is not on the Windows PATH; there the
		// tests are run with -tags killpoints, and need no build.
		t.Skip("the go command is not here to build with -tags killpoints; run the tests with -tags killpoints")
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = ModuleRoot(t)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %v: %v\n%s", args, err, out)
	}
}
