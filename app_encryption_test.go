package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/uierr"
)

func wantCode(t *testing.T, what string, err error, code uierr.Code) {
	t.Helper()
	if got := uierr.CodeOf(err); got != code {
		t.Fatalf("%s: code %q (%v), want %q", what, got, err, code)
	}
}

func TestPasswordProtection(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 2, 3)
	a, _ := newTestApp(t, root)

	if s := a.JudgePassword("abc"); s.OK || s.Hint == "" {
		t.Errorf("a 3-letter password was judged %+v", s)
	}
	if _, err := a.PrepareEncryption("a long enough password", "a long enough pasword"); err == nil {
		t.Fatal("two different passwords were accepted")
	}
	if _, err := a.PrepareEncryption("short", "short"); err == nil {
		t.Fatal("a short password was accepted")
	}
	if _, err := a.ConfirmEncryption(); err == nil {
		t.Fatal("ConfirmEncryption without a prepared key succeeded")
	}
	sheet, err := a.PrepareEncryption("first made-up password", "first made-up password")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sheet.RecoveryKey, "AGE-SECRET-KEY-1") || !strings.Contains(sheet.File, sheet.RecoveryKey) {
		t.Fatalf("recovery sheet = %+v", sheet)
	}
	// Not on until the person says they kept the recovery key.
	if st, err := a.EncryptionStatus(); err != nil || st.On {
		t.Fatalf("before the confirmation: %+v, %v", st, err)
	}
	plainBefore := filepath.Join(t.TempDir(), "before.zip")
	if _, err := a.CreateBackup(plainBefore); err != nil {
		t.Fatal(err)
	}
	if enc, _ := crypt.IsEncrypted(plainBefore); enc {
		t.Fatal("a backup made before the confirmation is encrypted")
	}
	st, err := a.ConfirmEncryption()
	if err != nil || !st.On || st.KeyID != sheet.KeyID {
		t.Fatalf("after the confirmation: %+v, %v (sheet key %s)", st, err, sheet.KeyID)
	}

	enc := filepath.Join(t.TempDir(), "protected.zip")
	res, err := a.CreateBackup(enc)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := crypt.IsEncrypted(enc); !ok || !res.Encrypted {
		t.Fatalf("a backup made with protection on is not encrypted (result %+v)", res)
	}

	// A second app (another computer: nothing remembered) opens it only
	// with the password.
	other := t.TempDir()
	b, _ := newTestApp(t, other)
	_, err = b.InspectBackup(enc, "")
	wantCode(t, "inspect without a password", err, uierr.PasswordNeeded)
	_, err = b.InspectBackup(enc, "not the password")
	wantCode(t, "inspect with a wrong password", err, uierr.WrongPassword)
	if err.Error() != "That password does not open this backup." {
		t.Errorf("a wrong password says %q", err)
	}
	_, err = b.RestoreBackup(enc)
	wantCode(t, "restore before the password", err, uierr.PasswordNeeded)
	if _, err := os.Stat(filepath.Join(other, folder.DBName)); err == nil {
		t.Fatal("a refused restore wrote a database")
	}
	p, err := b.InspectBackup(enc, "first made-up password")
	if err != nil || !p.Encrypted || p.Members != 3 {
		t.Fatalf("preview with the password: %+v, %v", p, err)
	}
	if _, err := b.RestoreBackup(enc); err != nil {
		t.Fatalf("restore after the preview: %v", err)
	}
	if ov, err := b.Overview(); err != nil || ov.Members != 3 {
		t.Fatalf("overview after the restore: %+v, %v", ov, err)
	}

	// The recovery key in the same field opens it too.
	c, _ := newTestApp(t, t.TempDir())
	if p, err := c.InspectBackup(enc, strings.ToLower(sheet.RecoveryKey)); err != nil || p.Members != 3 {
		t.Fatalf("preview with the recovery key: %+v, %v", p, err)
	}

	// Changing the password: the old backup keeps the old one.
	_, err = a.ChangePassword("wrong current", "second made-up password", "second made-up password")
	wantCode(t, "change with a wrong current password", err, uierr.WrongPassword)
	if _, err := a.ChangePassword("first made-up password", "second made-up password", "second made-up password"); err != nil {
		t.Fatal(err)
	}
	newer := filepath.Join(t.TempDir(), "newer.zip")
	if _, err := a.CreateBackup(newer); err != nil {
		t.Fatal(err)
	}
	d, _ := newTestApp(t, t.TempDir())
	if _, err := d.InspectBackup(newer, "second made-up password"); err != nil {
		t.Fatalf("the newer backup with the new password: %v", err)
	}
	if _, err := d.InspectBackup(enc, "first made-up password"); err != nil {
		t.Fatalf("the older backup with the old password: %v", err)
	}

	// Off: plain backups again.
	if st, err := a.TurnOffEncryption(); err != nil || st.On {
		t.Fatalf("turn off: %+v, %v", st, err)
	}
	plainAfter := filepath.Join(t.TempDir(), "after.zip")
	if _, err := a.CreateBackup(plainAfter); err != nil {
		t.Fatal(err)
	}
	if enc, _ := crypt.IsEncrypted(plainAfter); enc {
		t.Fatal("a backup made after turning protection off is encrypted")
	}
}

// TestBackupWithDamagedSettings: a settings file that cannot be read does
// not stop a backup; it is plain, and says so.
func TestBackupWithDamagedSettings(t *testing.T) {
	root := t.TempDir()
	makeRegister(t, root, 1, 1, 2)
	a, _ := newTestApp(t, root)
	if err := os.WriteFile(folder.Layout{Root: root}.Settings(), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "b.zip")
	res, err := a.CreateBackup(dest)
	if err != nil {
		t.Fatal(err)
	}
	if enc, _ := crypt.IsEncrypted(dest); enc || res.Encrypted {
		t.Fatal("encrypted with settings that could not be read")
	}
	if n := len(res.Warnings); n == 0 || !strings.Contains(res.Warnings[n-1].Text, "not protected with a password") {
		t.Errorf("warnings %q do not say the backup is unprotected", res.Warnings)
	}
}
