package version

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	for _, c := range []struct {
		settings []debug.BuildSetting
		want     string
	}{
		{nil, "dev"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "1b3de2370b0e9f4c7a1d2e3f4a5b6c7d8e9f0a1b"},
			{Key: "vcs.time", Value: "2026-11-27T10:04:05Z"}, {Key: "vcs.modified", Value: "false"}},
			"dev-1b3de2370b0e (2026-11-27 10:04 UTC)"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}},
			"dev-abc-dirty"},
	} {
		if got := fromBuildInfo(&debug.BuildInfo{Settings: c.settings}); got != c.want {
			t.Errorf("fromBuildInfo(%v) = %q, want %q", c.settings, got, c.want)
		}
	}
}

// A real `go build` without -ldflags reports the revision it was built
// from rather than a bare "dev". Go records VCS details only where .git is
// a folder (not in a git worktree) and when -buildvcs allows it, so the
// build runs in a fresh clone of HEAD with this package's current source
// copied over it.
func TestPlainBuildReportsRevision(t *testing.T) {
	git := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Skipf("git %v: %v", args, err)
		}
		return strings.TrimSpace(string(out))
	}
	top := git(".", "rev-parse", "--show-toplevel")
	head := git(".", "rev-parse", "HEAD")
	clone := filepath.Join(t.TempDir(), "src")
	git(".", "clone", "--quiet", "--shared", top, clone)
	for _, name := range []string{"version.go"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(clone, "backend", "version", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(t.TempDir(), "cli")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/mahall_backup_restore")
	build.Dir = clone
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	got, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`^mahall_backup_restore dev-` + head[:12] + `(-dirty)? \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)\n$`)
	if !want.Match(got) {
		t.Errorf("--version of a plain build printed %q, want revision %s", got, head[:12])
	}
}
