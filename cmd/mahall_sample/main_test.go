package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"100MB": 100 << 20, "1GB": 1 << 30, "1.5gb": 3 << 29, "512K": 512 << 10, "20 MiB": 20 << 20,
		"1234": 1234, "0": 0, "7B": 7,
	} {
		got, err := parseSize(in)
		if err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MB", "-1MB", "ten", "1XB", "1e30GB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) succeeded", bad)
		}
	}
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sample data")
	code, out, errs := runCLI(t, "--out", dir, "--members", "30", "--size", "200KB", "--seed", "9", "--photo-fraction", "0.5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "wrote "+dir+": 30 members") || strings.Count(out, "\n") != 1 {
		t.Errorf("summary line = %q", out)
	}
	photos, _ := os.ReadDir(filepath.Join(dir, "media", "members", "photos"))
	if len(photos) != 15 {
		t.Errorf("%d photos, want 15", len(photos))
	}
	before, err := os.ReadFile(filepath.Join(dir, "db.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}

	code, _, errs = runCLI(t, "--out", dir, "--members", "5")
	if code != 1 || !strings.Contains(errs, "--force") {
		t.Errorf("over an existing database: exit %d, %q; want 1 naming --force", code, errs)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "db.sqlite3")); !bytes.Equal(now, before) {
		t.Error("refused run changed the database")
	}

	code, out, errs = runCLI(t, "--out", dir, "--members", "5", "--size", "50KB", "--force")
	if code != 0 || !strings.Contains(out, ": 5 members") {
		t.Errorf("--force: exit %d, %q %q", code, out, errs)
	}

	for _, args := range [][]string{
		{"--members", "x"}, {"--size", "lots"}, {"--photo-fraction", "2"}, {"--members", "-3"},
		{"--no-such-flag"}, {"extra-arg"},
	} {
		if code, _, errs := runCLI(t, append([]string{"--out", t.TempDir()}, args...)...); code != 2 || errs == "" {
			t.Errorf("%v: exit %d, %q; want 2 with a message", args, code, errs)
		}
	}
	if code, _, errs := runCLI(t, "--help"); code != 0 || !strings.Contains(errs, "--members") {
		t.Errorf("--help: exit %d, %q", code, errs)
	}
}

// The command as a real process: exit codes reach the shell.
func TestProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	// make test-windows sets MAHALL_TEST_SAMPLE_EXE: under wine no go command exists.
	bin := os.Getenv("MAHALL_TEST_SAMPLE_EXE")
	if bin == "" {
		bin = filepath.Join(t.TempDir(), "mahall_sample")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			t.Fatalf("build: %v (where go cannot run, set MAHALL_TEST_SAMPLE_EXE to a built one)\n%s", err, out)
		}
	}
	dir := filepath.Join(t.TempDir(), "ഡാറ്റ")
	if out, err := exec.Command(bin, "--out", dir, "--members", "8", "--size", "64KB").CombinedOutput(); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite3")); err != nil {
		t.Fatal(err)
	}
	err := exec.Command(bin, "--size", "big").Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
		t.Errorf("bad flag: %v, want exit 2", err)
	}
}
