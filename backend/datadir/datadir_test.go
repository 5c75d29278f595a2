package datadir

import (
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
	unlock, err := l.Lock()
	if err != nil {
		t.Fatalf("first lock: %v", err)
	}
	if st, err := os.Stat(l.Root); err != nil || !st.IsDir() {
		t.Fatalf("Lock did not create the data folder: %v", err)
	}
	if _, err := l.Lock(); !errors.Is(err, ErrBusy) {
		t.Fatalf("second lock: got %v, want ErrBusy", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	unlock2, err := l.Lock()
	if err != nil {
		t.Fatalf("lock after unlock: %v", err)
	}
	unlock2()
}
