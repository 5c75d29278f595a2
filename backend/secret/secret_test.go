package secret

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestSaveLoadRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cloud", "credentials")
	want := []byte(`{"secretKey":"made-up-secret"}`)
	if err := Save(path, want); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatalf("Load = %q, want %q", got, want)
	}
	if runtime.GOOS != "windows" {
		for p, mode := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
			st, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != mode {
				t.Errorf("%s has mode %v, want %v", p, st.Mode().Perm(), mode)
			}
		}
	}
}

func TestSaveReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials")
	for _, s := range []string{"first", "second"} {
		if err := Save(path, []byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := Load(path)
	if err != nil || string(got) != "second" {
		t.Fatalf("Load = %q, %v; want second", got, err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want only the secret (no temporary files)", len(entries))
	}
}

func TestLoadMissingAndDelete(t *testing.T) {
	path := filepath.Join(t.TempDir(), "credentials")
	if _, err := Load(path); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Load of a missing secret = %v, want ErrNotFound", err)
	}
	if err := Save(path, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if err := Delete(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("secret still there after Delete: %v", err)
	}
	if err := Delete(path); err != nil {
		t.Fatalf("Delete of a missing secret = %v, want nil", err)
	}
}
