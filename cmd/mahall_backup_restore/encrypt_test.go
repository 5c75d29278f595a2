package main

import (
	"archive/zip"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

const (
	testPassword    = "a made-up test password"
	testNewPassword = "another made-up password"
)

// encryptedSetup is a data folder with password protection turned on by
// 'key init', its recovery key file, and an encrypted and a plain backup of
// it made by the CLI.
type encryptedSetup struct {
	data, recoveryKey, encrypted, plain string
}

func setUpEncrypted(t *testing.T) encryptedSetup {
	t.Helper()
	s := encryptedSetup{data: t.TempDir()}
	writeDataDir(t, s.data, smallSpec())
	s.recoveryKey = filepath.Join(t.TempDir(), "recovery-key.txt")
	r := runEnv(t, childEnv(t, PasswordEnv+"="+testPassword), "--data-dir", s.data, "key", "init", "--recovery-key-out", s.recoveryKey)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Password protection is on") || !strings.Contains(r.stdout, s.recoveryKey) {
		t.Errorf("key init printed:\n%s", r.stdout)
	}
	st, err := os.Stat(s.recoveryKey)
	if err != nil {
		t.Fatalf("recovery key file: %v", err)
	}
	// Windows reports every file as 0666: the mode is a Unix promise.
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Fatalf("recovery key file has mode %v, want 0600", st.Mode().Perm())
	}
	var br result
	s.encrypted, br = backupOf(t, s.data, filepath.Join(t.TempDir(), "encrypted.zip"), "--encrypt")
	if !strings.Contains(br.stdout, "Encrypted:") {
		t.Errorf("backup --encrypt printed:\n%s", br.stdout)
	}
	s.plain, _ = backupOf(t, s.data, filepath.Join(t.TempDir(), "plain.zip"))
	return s
}

// withPassword runs the CLI with MAHALL_PASSWORD set.
func withPassword(t *testing.T, pw string, args ...string) result {
	t.Helper()
	return runEnv(t, childEnv(t, PasswordEnv+"="+pw), args...)
}

func TestEncryptedBackup(t *testing.T) {
	s := setUpEncrypted(t)
	skip := func(rel string) bool {
		return rel == "backups" || rel == folder.LockName || rel == folder.MarkerName
	}

	t.Run("nothing personal in clear", func(t *testing.T) {
		enc, err := os.ReadFile(s.encrypted)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := os.ReadFile(s.plain)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"m0002.jpg", unicodePhoto, "Test Member", "9000000003", "Test House"} {
			if bytes.Contains(enc, []byte(secret)) {
				t.Errorf("the encrypted backup holds %q in clear", secret)
			}
		}
		// The search finds what is there: the plain backup names its photos.
		if !bytes.Contains(plain, []byte("m0002.jpg")) {
			t.Error("the plain backup does not hold m0002.jpg in clear: the search above proves nothing")
		}
	})

	t.Run("listed as a backup, protected with a password", func(t *testing.T) {
		in := filepath.Join(s.data, "backups", "mahall_backup_2026-03-04_0506.zip")
		if err := os.MkdirAll(filepath.Dir(in), 0o700); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(s.encrypted)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(in, b, 0o600); err != nil {
			t.Fatal(err)
		}
		defer os.Remove(in)
		r := runCLI(t, "--data-dir", s.data, "list")
		r.want(t, 0)
		if !strings.Contains(r.stdout, in+"  (protected with a password)") || strings.Contains(r.stdout, "not a readable") {
			t.Errorf("list said:\n%s", r.stdout)
		}
		r = runCLI(t, "--data-dir", s.data, "list", "--json")
		r.want(t, 0)
		if !strings.Contains(r.stdout, `"encrypted": true`) || !strings.Contains(r.stdout, `"format": "mahall-encrypted-backup"`) {
			t.Errorf("list --json said:\n%s", r.stdout)
		}
	})

	t.Run("password needed", func(t *testing.T) {
		for _, cmd := range []string{"inspect", "verify"} {
			r := runCLI(t, cmd, s.encrypted)
			r.want(t, 1)
			if !strings.Contains(r.stderr, "protected with a password") || !strings.Contains(r.stderr, PasswordEnv) {
				t.Errorf("%s without a password said:\n%s", cmd, r.stderr)
			}
		}
	})

	t.Run("wrong password and wrong recovery key leave the data untouched", func(t *testing.T) {
		target := t.TempDir()
		writeDataDir(t, target, dataSpec{seed: 9, areas: 1, houses: 1, members: 4, photos: 3, photoBytes: 5000})
		otherKey := filepath.Join(t.TempDir(), "other-key.txt")
		other := t.TempDir()
		writeDataDir(t, other, smallSpec())
		withPassword(t, testPassword, "--data-dir", other, "key", "init", "--recovery-key-out", otherKey).want(t, 0)
		before := testkit.HashTree(t, target, nil)

		r := withPassword(t, "not the password", "--data-dir", target, "restore", s.encrypted)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "That password does not open this backup. Your data was not changed.") {
			t.Errorf("restore with a wrong password said:\n%s", r.stderr)
		}
		r = runCLI(t, "--data-dir", target, "restore", s.encrypted, "--recovery-key", otherKey)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "That recovery key does not open this backup.") || !strings.Contains(r.stderr, "Your data was not changed.") {
			t.Errorf("restore with another backup's recovery key said:\n%s", r.stderr)
		}
		r = runCLI(t, "--data-dir", target, "restore", s.encrypted)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "protected with a password") {
			t.Errorf("restore without a password said:\n%s", r.stderr)
		}
		if after := testkit.HashTree(t, target, nil); !mapsEqual(before, after) {
			t.Errorf("a refused restore changed the data folder:\nbefore %v\nafter  %v", before, after)
		}
	})

	t.Run("round trip with the password", func(t *testing.T) {
		r := withPassword(t, testPassword, "inspect", s.encrypted, "--json")
		r.want(t, 0)
		if !strings.Contains(r.stdout, `"encrypted": true`) || !strings.Contains(r.stdout, `"society_member": 8`) {
			t.Errorf("inspect --json printed:\n%s", r.stdout)
		}
		withPassword(t, testPassword, "verify", s.encrypted).want(t, 0)
		pwFile := filepath.Join(t.TempDir(), "pw")
		if err := os.WriteFile(pwFile, []byte(testPassword+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		target := filepath.Join(t.TempDir(), "new data")
		r = runCLI(t, "--data-dir", target, "restore", "--password-file", pwFile, s.encrypted)
		r.want(t, 0)
		if !strings.Contains(r.stdout, "encrypted mahall-backup/1") {
			t.Errorf("restore printed:\n%s", r.stdout)
		}
		checkRestored(t, s.data, target, s.plain, skip)
	})

	t.Run("round trip with the recovery key", func(t *testing.T) {
		runCLI(t, "verify", "--recovery-key", s.recoveryKey, s.encrypted).want(t, 0)
		target := filepath.Join(t.TempDir(), "new data")
		runCLI(t, "--data-dir", target, "restore", s.encrypted, "--recovery-key", s.recoveryKey).want(t, 0)
		checkRestored(t, s.data, target, s.plain, skip)
	})

	t.Run("age and unzip open it", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("the interop check uses Debian's age and unzip, which are Linux programs; make test runs it")
		}
		for _, tool := range []string{"age", "unzip"} {
			if _, err := exec.LookPath(tool); err != nil {
				t.Fatalf("%s is not installed (scripts/deps.sh installs it): %v", tool, err)
			}
		}
		dir := t.TempDir()
		payload := filepath.Join(dir, "backup.zip.age")
		extractEntry(t, s.encrypted, "backup.zip.age", payload)
		inner := filepath.Join(dir, "backup.zip")
		if out, err := exec.Command("age", "-d", "-i", s.recoveryKey, "-o", inner, payload).CombinedOutput(); err != nil {
			t.Fatalf("age -d: %v\n%s", err, out)
		}
		if out, err := exec.Command("unzip", "-t", inner).CombinedOutput(); err != nil {
			t.Fatalf("unzip -t: %v\n%s", err, out)
		}
		// The inner backup is an ordinary one: the plain backup's entries,
		// and the same checks pass.
		if got, want := entryNames(t, inner), entryNames(t, s.plain); !slices.Equal(got, want) {
			t.Errorf("inner backup's entries %v, a plain backup's %v", got, want)
		}
		r := runCLI(t, "verify", inner)
		r.want(t, 0)
		if !strings.Contains(r.stdout, ": OK (mahall-backup/1, 2 areas, 3 houses, 8 members") {
			t.Errorf("verify of the inner backup printed:\n%s", r.stdout)
		}
	})

	t.Run("key passwd", func(t *testing.T) {
		data := t.TempDir()
		copyFile(t, filepath.Join(s.data, folder.SettingsName), filepath.Join(data, folder.SettingsName))
		writeDataDir(t, data, smallSpec())
		env := childEnv(t, PasswordEnv+"=wrong password", NewPasswordEnv+"="+testNewPassword)
		r := runEnv(t, env, "--data-dir", data, "key", "passwd")
		r.want(t, 1)
		if !strings.Contains(r.stderr, "not the current password") {
			t.Errorf("key passwd with a wrong password said:\n%s", r.stderr)
		}
		env = childEnv(t, PasswordEnv+"="+testPassword, NewPasswordEnv+"="+testNewPassword)
		r = runEnv(t, env, "--data-dir", data, "key", "passwd")
		r.want(t, 0)
		if !strings.Contains(r.stdout, "Backups made before open\nwith the password they were made with, or with the recovery key") {
			t.Errorf("key passwd printed:\n%s", r.stdout)
		}
		newer, _ := backupOf(t, data, filepath.Join(t.TempDir(), "newer.zip"), "--encrypt")
		withPassword(t, testNewPassword, "verify", newer).want(t, 0)
		withPassword(t, testPassword, "verify", newer).want(t, 1)
		// The old backup keeps its old password; the recovery key opens both.
		withPassword(t, testPassword, "verify", s.encrypted).want(t, 0)
		withPassword(t, testNewPassword, "verify", s.encrypted).want(t, 1)
		runCLI(t, "verify", "--recovery-key", s.recoveryKey, newer).want(t, 0)
	})

	t.Run("backup --encrypt without key init", func(t *testing.T) {
		data := t.TempDir()
		writeDataDir(t, data, smallSpec())
		r := runCLI(t, "--data-dir", data, "backup", "--encrypt")
		r.want(t, 1)
		if !strings.Contains(r.stderr, "password protection is not on") || !strings.Contains(r.stderr, "key init") {
			t.Errorf("backup --encrypt without a key said:\n%s", r.stderr)
		}
	})
}

func TestKeyUsage(t *testing.T) {
	for _, args := range [][]string{{"key", "--help"}, {"help", "key"}, {"key", "init", "--help"}} {
		r := runCLI(t, args...)
		r.want(t, 0)
		if !strings.HasPrefix(r.stdout, "Usage: mahall_backup_restore [--data-dir DIR] key init|passwd [FLAGS]\n") {
			t.Errorf("%q printed %q", args, r.stdout)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"key"}, "key: say init or passwd"},
		{[]string{"key", "rotate"}, `key: unknown subcommand "rotate"`},
		{[]string{"key", "init"}, "key init: --recovery-key-out FILE is needed"},
		{[]string{"key", "init", "--password", "x"}, "flag provided but not defined: -password"},
		{[]string{"inspect", "a.zip", "--password", "x"}, "flag provided but not defined: -password"},
	} {
		r := runCLI(t, append([]string{"--data-dir", t.TempDir()}, c.args...)...)
		r.want(t, 2)
		if !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: stderr %q lacks %q", c.args, r.stderr, c.want)
		}
	}
}

func extractEntry(t *testing.T, archive, name, dst string) {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	b, err := fsReadFile(zr, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func fsReadFile(zr *zip.ReadCloser, name string) ([]byte, error) {
	f, err := zr.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var b bytes.Buffer
	_, err = b.ReadFrom(f)
	return b.Bytes(), err
}

func entryNames(t *testing.T, archive string) []string {
	t.Helper()
	zr, err := zip.OpenReader(archive)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	return names
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
