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

func TestReleaseAndCommit(t *testing.T) {
	for _, tc := range []struct{ v, release, commit string }{
		{"v0.2.0", "v0.2.0", ""},
		{"v0.2.0-dirty", "v0.2.0", "dirty"},
		{"v0.2.0-3-g1a2b3c4", "v0.2.0", "1a2b3c4"},
		{"v0.2.0-3-g1a2b3c4-dirty", "v0.2.0", "1a2b3c4-dirty"},
		{"v1.0.0-rc1-12-gdeadbee", "v1.0.0-rc1", "deadbee"},
		{"4a2f9be", "", "4a2f9be"},
		{"4a2f9be-dirty", "", "4a2f9be-dirty"},
		{"dev", "", ""},
		{"1.2.3", "1.2.3", ""},
	} {
		if got := release(tc.v); got != tc.release {
			t.Errorf("release(%q) = %q, want %q", tc.v, got, tc.release)
		}
		if got := commit(tc.v); got != tc.commit {
			t.Errorf("commit(%q) = %q, want %q", tc.v, got, tc.commit)
		}
	}
}

func TestFromBuildInfo(t *testing.T) {
	for _, c := range []struct {
		settings   []debug.BuildSetting
		want, when string
	}{
		{nil, "dev", ""},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "1b3de2370b0e9f4c7a1d2e3f4a5b6c7d8e9f0a1b"},
			{Key: "vcs.time", Value: "2026-11-27T10:04:05Z"}, {Key: "vcs.modified", Value: "false"}},
			"1b3de2370b0e", "2026-11-27 10:04 UTC"},
		{[]debug.BuildSetting{{Key: "vcs.revision", Value: "abc1234"}, {Key: "vcs.modified", Value: "true"}},
			"abc1234-dirty", ""},
	} {
		got, when := fromBuildInfo(&debug.BuildInfo{Settings: c.settings})
		if got != c.want || when != c.when {
			t.Errorf("fromBuildInfo(%v) = %q, %q; want %q, %q", c.settings, got, when, c.want, c.when)
		}
		// The fallback reads as git describe's commit without a tag.
		if c.want != "dev" && (release(got) != "" || commit(got) != got) {
			t.Errorf("%q: release %q, commit %q", got, release(got), commit(got))
		}
	}
}

// A real `go build` without -ldflags reports the revision it was built
// from rather than a bare "dev". Go records VCS details only where .git is
// a folder (not in a git worktree) and when -buildvcs allows it, so the
// build runs in a fresh clone of HEAD with the working tree copied over it.
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
	// The working tree as it is, uncommitted changes included, over the
	// clone: the build then reports HEAD's revision, marked -dirty.
	for _, rel := range strings.Split(git(top, "ls-files", "-co", "--exclude-standard"), "\n") {
		if rel == "" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(top, rel))
		if err != nil {
			continue // deleted in the working tree
		}
		dst := filepath.Join(clone, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
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
	want := regexp.MustCompile(`^mahall_backup_restore ` + head[:12] + `(-dirty)? \(commit of \d{4}-\d\d-\d\d \d\d:\d\d UTC\)\n$`)
	if !want.Match(got) {
		t.Errorf("--version of a plain build printed %q, want revision %s", got, head[:12])
	}
}
