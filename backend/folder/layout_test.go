package folder

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestResolveOrder(t *testing.T) {
	flagDir, envDir, home := t.TempDir(), t.TempDir(), t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("APPDATA", home)

	t.Setenv(EnvVar, envDir)
	got, err := Resolve(flagDir)
	if err != nil || got.Root != flagDir {
		t.Fatalf("flag given: got %q, %v; want %q", got.Root, err, flagDir)
	}
	got, err = Resolve("")
	if err != nil || got.Root != envDir {
		t.Fatalf("env set: got %q, %v; want %q", got.Root, err, envDir)
	}
	t.Setenv(EnvVar, "")
	got, err = Resolve("")
	want := filepath.Join(home, ".mahali")
	if runtime.GOOS == "windows" {
		want = filepath.Join(home, "Mahali")
	}
	if err != nil || got.Root != want {
		t.Fatalf("default: got %q, %v; want %q", got.Root, err, want)
	}
}

func TestResolveMakesRelativeAbsolute(t *testing.T) {
	got, err := Resolve("some/where")
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(got.Root) || filepath.Base(got.Root) != "where" {
		t.Fatalf("got %q, want an absolute path ending in where", got.Root)
	}
}

func TestLayoutNames(t *testing.T) {
	l := Layout{Root: t.TempDir()}
	for got, want := range map[string]string{
		l.DB(): "db.sqlite3", l.Media(): "media", l.Backups(): "backups",
		l.Logs(): "logs", l.Marker(): "mahall-installed",
	} {
		if got != filepath.Join(l.Root, want) {
			t.Errorf("got %q, want %q inside %q", got, want, l.Root)
		}
	}
	if l.Installed() || l.HasData() {
		t.Fatal("an empty folder reports installed or data")
	}
	if err := os.WriteFile(l.DB(), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.Marker(), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if !l.Installed() || !l.HasData() {
		t.Fatal("marker and database not seen")
	}
}

func TestLockIsExclusive(t *testing.T) {
	l := Layout{Root: filepath.Join(t.TempDir(), "new", "data")}
	ctx := context.Background()
	f, err := Open(ctx, l.Root, Options{Create: true})
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if st, err := os.Stat(l.Root); err != nil || !st.IsDir() {
		t.Fatalf("Lock did not create the data folder: %v", err)
	}
	if _, err := Open(ctx, l.Root, Options{Create: true}); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: got %v, want ErrBusy", err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	f2, err := Open(ctx, l.Root, Options{Create: true})
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	f2.Close()
}

func TestMediaUsage(t *testing.T) {
	l := Layout{Root: t.TempDir()}
	if n, b, err := l.MediaUsage(); err != nil || n != 0 || b != 0 {
		t.Fatalf("missing media folder: %d files, %d bytes, %v; want none", n, b, err)
	}
	photos := filepath.Join(l.Media(), "members", "photos")
	if err := os.MkdirAll(photos, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, size := range map[string]int{"a.jpg": 10, "b c.png": 32} {
		if err := os.WriteFile(filepath.Join(photos, name), make([]byte, size), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if runtime.GOOS != "windows" {
		if err := os.Symlink(filepath.Join(photos, "a.jpg"), filepath.Join(photos, "link.jpg")); err != nil {
			t.Fatal(err)
		}
	}
	n, b, err := l.MediaUsage()
	if err != nil || n != 2 || b != 42 {
		t.Fatalf("got %d files, %d bytes, %v; want 2 regular files, 42 bytes", n, b, err)
	}
}
