package crypt

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// tool finds a command the test needs; scripts/deps.sh installs both.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (scripts/deps.sh installs it): %v", name, err)
	}
	return p
}

// unzipTo extracts the container's entries into dir, as a person following
// its README would.
func unzipTo(t *testing.T, path, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// The README's promise: with only the standard age tool and the recovery
// key, the backup comes out whole, and unzip checks it.
func TestAgeToolDecryptsWithTheRecoveryKey(t *testing.T) {
	ageCmd, unzipCmd := tool(t, "age"), tool(t, "unzip")
	fixture(t)
	dir := t.TempDir()
	if out, err := exec.Command(unzipCmd, "-t", fx.path).CombinedOutput(); err != nil {
		t.Fatalf("unzip -t on the container: %v\n%s", err, out)
	}
	unzipTo(t, fx.path, dir)
	if err := os.WriteFile(filepath.Join(dir, "recovery-key.txt"), RecoveryFile(fx.key), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(ageCmd, "-d", "-i", "recovery-key.txt", "-o", "backup.zip", EntryPayload)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "backup.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, fx.inner) {
		t.Fatalf("age decrypted %d bytes, not the %d-byte inner backup", len(got), len(fx.inner))
	}
	out, err := exec.Command(unzipCmd, "-t", filepath.Join(dir, "backup.zip")).CombinedOutput()
	if err != nil {
		t.Fatalf("unzip -t on what age decrypted: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("No errors detected")) {
		t.Fatalf("unzip -t:\n%s", out)
	}
}

// The age tool refuses a flipped byte too: the format is age's, not ours.
func TestAgeToolRefusesAFlippedByte(t *testing.T) {
	ageCmd := tool(t, "age")
	fixture(t)
	dir := t.TempDir()
	off, size := entrySpan(t, fx.path, EntryPayload)
	b, err := os.ReadFile(flipped(t, dir, off+size/2))
	if err != nil {
		t.Fatal(err)
	}
	// Copied out raw: unzip itself would stop at the entry's CRC first.
	os.WriteFile(filepath.Join(dir, EntryPayload), b[off:off+size], 0o600)
	os.WriteFile(filepath.Join(dir, "recovery-key.txt"), RecoveryFile(fx.key), 0o600)
	cmd := exec.Command(ageCmd, "-d", "-i", "recovery-key.txt", "-o", "backup.zip", EntryPayload)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Fatalf("age decrypted a damaged payload:\n%s", out)
	}
}

// The README's other route: the password alone opens the wrapped key with
// the age tool, whose key file then decrypts the backup. age reads a
// passphrase only from a terminal, so it runs under script(1)'s pseudo
// terminal, which passes the password typed on its input.
func TestAgeToolOpensTheWrappedKeyWithThePassword(t *testing.T) {
	ageCmd, scriptCmd := tool(t, "age"), tool(t, "script")
	fixture(t)
	dir := t.TempDir()
	unzipTo(t, fx.path, dir)
	cmd := exec.Command(scriptCmd, "-qec", ageCmd+" -d -o recovery-key.txt "+EntryKey, "/dev/null")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader([]byte(password + "\n"))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	cmd = exec.Command(ageCmd, "-d", "-i", "recovery-key.txt", "-o", "backup.zip", EntryPayload)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, out)
	}
	got, err := os.ReadFile(filepath.Join(dir, "backup.zip"))
	if err != nil || !bytes.Equal(got, fx.inner) {
		t.Fatalf("age decrypted %d bytes, not the %d-byte inner backup (%v)", len(got), len(fx.inner), err)
	}
}
