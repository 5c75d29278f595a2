package restore

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/backup"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/internal/testkit"
)

// encryptedBackupOf backs the data folder at l up to dest, encrypted to a
// new key locked with password, and returns the key.
func encryptedBackupOf(t *testing.T, l folder.Layout, dest, password string) crypt.Key {
	t.Helper()
	key, _ := crypt.NewKey()
	lock, err := crypt.Wrap(key, password)
	if err != nil {
		t.Fatal(err)
	}
	f, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := backup.Options{Lock: &lock}.Create(context.Background(), f, dest, progress.Nop)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Encrypted {
		t.Fatal("Result.Encrypted is false for a backup made with a Lock")
	}
	return key
}

// decryptInner writes the inner backup ZIP of the encrypted backup at path.
func decryptInner(t *testing.T, path string, key crypt.Key, out string) {
	t.Helper()
	o, err := crypt.OpenVerified(context.Background(), path, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b, err := io.ReadAll(io.NewSectionReader(o, 0, o.Size()))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(out, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestEncryptedRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := makeData(t, filepath.Join(t.TempDir(), "source"), 3)
	enc := filepath.Join(t.TempDir(), "enc.zip")
	key := encryptedBackupOf(t, src, enc, "correct horse")

	if ok, err := crypt.IsEncrypted(enc); !ok || err != nil {
		t.Fatalf("IsEncrypted = %v, %v", ok, err)
	}
	// The inner ZIP is an ordinary backup: same entries, same checks.
	inner := filepath.Join(t.TempDir(), "inner.zip")
	decryptInner(t, enc, key, inner)
	plain := filepath.Join(t.TempDir(), "plain.zip")
	if _, err := backupOf(ctx, src, plain); err != nil {
		t.Fatal(err)
	}
	equalMaps(t, "inner backup's entries", archiveFiles(t, inner), archiveFiles(t, plain))
	if _, err := Verify(ctx, inner, nil); err != nil {
		t.Fatalf("the inner backup does not verify as a plain one: %v", err)
	}

	// Without a key: refused, saying a password is needed.
	if _, err := Inspect(ctx, enc); !errors.Is(err, crypt.ErrPasswordNeeded) {
		t.Fatalf("Inspect without a key: %v, want ErrPasswordNeeded", err)
	}
	if _, err := Verify(ctx, enc, nil); !errors.Is(err, crypt.ErrPasswordNeeded) {
		t.Fatalf("Verify without a key: %v, want ErrPasswordNeeded", err)
	}

	unlocked, err := crypt.Unlock(enc, "correct horse")
	if err != nil {
		t.Fatal(err)
	}
	opt := Options{Key: &unlocked}
	pv, err := opt.Inspect(ctx, enc)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(enc)
	if !pv.Encrypted || pv.Size != st.Size() || pv.Members != 24 || pv.Format != "mahall-backup/1" || pv.MediaFiles == 0 {
		t.Errorf("preview of the encrypted backup = %+v (file %d bytes)", pv, st.Size())
	}
	if _, err := opt.Verify(ctx, enc, nil); err != nil {
		t.Fatalf("Verify with the key: %v", err)
	}

	dst := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 4)
	res, err := restoreInto(ctx, dst, enc, opt, nil)
	if err != nil {
		t.Fatal(err)
	}
	equalMaps(t, "restored data", dataFiles(t, dst), archiveFiles(t, inner))
	if !res.Preview.Encrypted {
		t.Error("the restore's preview does not say the backup was encrypted")
	}

	// With the recovery key instead of the password.
	rec, err := crypt.UnlockRecovery(enc, string(crypt.RecoveryFile(key)))
	if err != nil {
		t.Fatal(err)
	}
	dst2 := folder.Layout{Root: filepath.Join(t.TempDir(), "Empty")}
	if _, err := restoreInto(ctx, dst2, enc, Options{Key: &rec}, nil); err != nil {
		t.Fatal(err)
	}
	equalMaps(t, "restored with the recovery key", dataFiles(t, dst2), archiveFiles(t, inner))
}

// TestEncryptedRefusedBeforeTouching: no key, another backup's key, and a
// flipped byte anywhere in the encrypted part leave the data folder exactly
// as it was, with no staging or safety backup left.
func TestEncryptedRefusedBeforeTouching(t *testing.T) {
	ctx := context.Background()
	src := makeData(t, filepath.Join(t.TempDir(), "source"), 5)
	enc := filepath.Join(t.TempDir(), "enc.zip")
	key := encryptedBackupOf(t, src, enc, "pw")
	otherKey, _ := crypt.NewKey()

	off, size := payloadSpan(t, enc)
	orig, err := os.ReadFile(enc)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(at int64) string {
		b := bytes.Clone(orig)
		b[at] ^= 0x01
		p := filepath.Join(t.TempDir(), "flipped.zip")
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name string
		path string
		key  *crypt.Key
		want error
	}{
		{"no key", enc, nil, crypt.ErrPasswordNeeded},
		{"another key", enc, &otherKey, crypt.ErrWrongRecoveryKey},
		{"flipped in the age header", flip(off + 20), &key, crypt.ErrDamaged},
		{"flipped in the first chunk", flip(off + 300), &key, crypt.ErrDamaged},
		{"flipped in the middle", flip(off + size/2), &key, crypt.ErrDamaged},
		{"flipped in the last chunk", flip(off + size - 5), &key, crypt.ErrDamaged},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 6)
			takeLock(t, l)
			before := testkit.HashTree(t, l.Root, nil)
			_, err := restoreInto(ctx, l, c.path, Options{Key: c.key}, nil)
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			equalMaps(t, "data folder after the refused restore", testkit.HashTree(t, l.Root, nil), before)
			noStagingLeft(t, l)
			if c.key != nil {
				if _, err := (Options{Key: c.key}).Verify(ctx, c.path, nil); !errors.Is(err, c.want) {
					t.Errorf("Verify: %v, want %v", err, c.want)
				}
			}
		})
	}
}

// payloadSpan is where the encrypted payload's bytes are in the container.
func payloadSpan(t *testing.T, path string) (off, size int64) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == crypt.EntryPayload {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			return off, int64(f.CompressedSize64)
		}
	}
	t.Fatalf("%s has no %s", path, crypt.EntryPayload)
	return 0, 0
}
