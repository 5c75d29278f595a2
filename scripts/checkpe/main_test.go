package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildWindows cross-compiles a trivial program the way the Makefile builds the real ones, so
// the checks run on what the Go linker really writes.
func buildWindows(t *testing.T, ldflags string) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "main.go")
	if err := os.WriteFile(src, []byte("package main\n\nvar v = \"stamp\"\n\nfunc main() { println(v) }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "prog.exe")
	cmd := exec.Command("go", "build", "-ldflags", ldflags, "-o", out, src)
	cmd.Env = append(os.Environ(), "GOOS=windows", "GOARCH=amd64", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

func TestCheckSubsystemAndIcon(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles")
	}
	console := buildWindows(t, "-X main.v=v1.2.3-test")
	gui := buildWindows(t, "-H windowsgui")

	// Neither carries an icon resource, so a matching subsystem gets as far as the icon check.
	for _, tc := range []struct {
		name, path string
		kind       string
		wantErr    string
	}{
		{"console as console", console, "console", "no resources"},
		{"console as gui", console, "gui", "subsystem console (3), want GUI (2)"},
		{"gui as gui", gui, "gui", "no resources"},
		{"gui as console", gui, "console", "subsystem GUI (2), want console (3)"},
		{"console as 32-bit", console, "gui32", "machine 0x8664, want 0x014c"},
		{"not a PE file", "main_test.go", "gui", "not a PE file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := check(tc.path, kinds[tc.kind], "")
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("check(%s, %s) = %v, want an error containing %q", tc.path, tc.kind, err, tc.wantErr)
			}
		})
	}
}
