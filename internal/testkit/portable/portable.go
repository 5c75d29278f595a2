package portable

// What tests need to run the same cases on Linux and on Windows (under wine in make
// test-windows): file names each system accepts, and symbolic links only where the system
// reports them as links.

import (
	"os"
	"runtime"
	"strings"
	"testing"
)

// Name returns s without the characters Windows refuses in file names (<>:"|?*) when the
// tests run on Windows, and s unchanged elsewhere, so a test of awkward names keeps the
// awkward characters each system allows.
func Name(s string) string {
	if runtime.GOOS != "windows" {
		return s
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"|?*`, r) {
			return -1
		}
		return r
	}, s)
}

// Symlink makes link point at target, or skips the test when the system cannot make a link
// that it then reports as one. Wine makes Unix symbolic links that Windows calls (Lstat,
// reparse points) see as the plain file or folder they point at, so a test that a link is
// refused would test nothing there; on real Windows without the privilege to make links the
// call fails and the test is skipped as well.
func Symlink(t testing.TB, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		if runtime.GOOS == "windows" {
			t.Skipf("cannot make symbolic links here (%v)", err)
		}
		t.Fatal(err)
	}
	st, err := os.Lstat(link)
	if err != nil && runtime.GOOS == "windows" {
		// Wine: the link to a folder is there for Unix but not found through Windows calls.
		t.Skipf("made a symbolic link %s that the system then cannot find (%v): wine's links are Unix links Windows calls do not see", link, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode()&os.ModeSymlink == 0 {
		t.Skipf("%s was made as a symbolic link but the system reports it as %v (wine's links are Unix links Windows calls do not see): a test of links would test nothing here", link, st.Mode().Type())
	}
}
