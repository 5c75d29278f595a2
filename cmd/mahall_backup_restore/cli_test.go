package main

// These tests run the real executable as a child process on real folders
// and check what a user gets: exit codes, output, and files on disk. This
// file builds it once and covers the command line itself.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mahall/backend/folder"
)

const testVersion = "v9.8.7-test"

var bin string // the executable under test, built once by TestMain

// prebuiltEnv names an executable to test instead of building one. make test-windows sets it:
// under wine the tests run on Windows, where no go command exists. The executable must carry
// testVersion (-ldflags -X mahall/backend/version.Version=v9.8.7-test) and obey kill points
// (-tags killpoints).
const prebuiltEnv = "MAHALL_TEST_CLI_EXE"

func TestMain(m *testing.M) {
	if p := os.Getenv(prebuiltEnv); p != "" {
		bin = p
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "mahall-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "tmp", progName)
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	// With kill points (inert unless MAHALL_TEST_KILLPOINT is set, which childEnv removes), for
	// the tests that interrupt a restore.
	args := []string{"build", "-tags", "killpoints", "-o", bin, "-ldflags", "-X mahall/backend/version.Version=" + testVersion}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "build %s: %v (where go cannot run, set %s to a built one)\n", bin, err, prebuiltEnv)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// childEnv is the test's environment without anything that could point the
// child at a real data folder: HOME is a fresh folder, MAHALL_DATA_DIR unset
// unless extra sets it.
func childEnv(t *testing.T, extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(k) {
		case folder.EnvVar, "HOME", "APPDATA", "USERPROFILE", "MAHALL_TEST_KILLPOINT":
			continue
		}
		env = append(env, kv)
	}
	home := t.TempDir()
	env = append(env, "HOME="+home, "USERPROFILE="+home, "APPDATA="+home)
	return append(env, extra...)
}

// runEnv runs the executable with args and the given environment.
func runEnv(t *testing.T, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	default:
		t.Fatalf("run %s %q: %v", bin, args, err)
	}
	if strings.Contains(r.stderr, "panic: ") || strings.Contains(r.stderr, "WARNING: DATA RACE") {
		t.Fatalf("%s %q crashed (exit %d):\n%s", progName, args, r.code, r.stderr)
	}
	return r
}

func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	return runEnv(t, childEnv(t), args...)
}

func (r result) want(t *testing.T, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

func TestVersionAndHelp(t *testing.T) {
	r := runCLI(t, "--version")
	r.want(t, 0)
	if r.stdout != progName+" "+testVersion+"\n" {
		t.Errorf("--version printed %q", r.stdout)
	}

	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := runCLI(t, args...)
		r.want(t, 0)
		for _, s := range []string{"Usage: mahall_backup_restore [--data-dir DIR] COMMAND",
			"backup [PATH | --auto [--to DIR]...]", "list [--json]", "prune [FLAGS] [DIR]", "verify PATH", "inspect PATH [--json]", "restore PATH [--force]", "recover",
			"--data-dir DIR", "--version", "130 interrupted"} {
			if !strings.Contains(r.stdout, s) {
				t.Errorf("%q: help lacks %q:\n%s", args, s, r.stdout)
			}
		}
	}

	for _, c := range []struct{ name, synopsis string }{
		{"backup", "backup [PATH | --auto [--to DIR]...]"},
		{"list", "list [--json]"},
		{"prune", "prune [FLAGS] [DIR]"},
		{"verify", "verify PATH"},
		{"inspect", "inspect PATH [--json]"},
		{"restore", "restore PATH [--force]"},
		{"recover", "recover"},
	} {
		for _, args := range [][]string{{c.name, "--help"}, {c.name, "-h"}, {"help", c.name}} {
			r := runCLI(t, args...)
			r.want(t, 0)
			want := "Usage: mahall_backup_restore [--data-dir DIR] " + c.synopsis + "\n"
			if !strings.HasPrefix(r.stdout, want) {
				t.Errorf("%q printed %q, want it to start with %q", args, r.stdout, want)
			}
			if r.stderr != "" {
				t.Errorf("%q wrote to stderr: %q", args, r.stderr)
			}
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // on stderr
	}{
		{nil, "no command given"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"--no-such-flag", "backup"}, "flag provided but not defined: -no-such-flag"},
		{[]string{"--data-dir"}, "flag needs an argument"},
		{[]string{"verify"}, "verify: missing PATH"},
		{[]string{"inspect", "--json"}, "inspect: missing PATH"},
		{[]string{"restore"}, "restore: missing PATH"},
		{[]string{"verify", "a.zip", "b.zip"}, `verify: unexpected argument "b.zip"`},
		{[]string{"backup", "a.zip", "b.zip"}, `backup: unexpected argument "b.zip"`},
		{[]string{"recover", "now"}, `recover: unexpected argument "now"`},
		{[]string{"inspect", "a.zip", "--yaml"}, "inspect: flag provided but not defined: -yaml"},
		{[]string{"help", "frobnicate"}, `unknown command "frobnicate"`},
	} {
		r := runCLI(t, append([]string{"--data-dir", t.TempDir()}, c.args...)...)
		r.want(t, 2)
		if !strings.Contains(r.stderr, "mahall_backup_restore: "+c.want) {
			t.Errorf("%q: stderr %q lacks %q", c.args, r.stderr, c.want)
		}
		if !strings.Contains(r.stderr, "--help' for usage") {
			t.Errorf("%q: stderr %q does not point to --help", c.args, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("%q: stdout %q, want nothing", c.args, r.stdout)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
