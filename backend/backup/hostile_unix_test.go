//go:build unix

package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mahall/backend/notice"
	"mahall/backend/progress"
)

// A photo swapped, after the listing, for a symbolic link (the issue's
// case), for a FIFO, or a big (streamed) photo swapped for a link, or
// its folder swapped for a link (our own cases): nothing outside the data
// folder goes into the backup, nothing blocks, and a warning names it.
func TestPhotoSwappedAfterListing(t *testing.T) {
	secret := pseudoRandom(5000, 99)
	cases := map[string]struct {
		size int
		swap func(t *testing.T, p, outside string)
	}{
		"symlink": {1000, func(t *testing.T, p, outside string) {
			os.Remove(p)
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
		}},
		"fifo": {1000, func(t *testing.T, p, _ string) {
			os.Remove(p)
			if err := syscall.Mkfifo(p, 0o600); err != nil {
				t.Fatal(err)
			}
		}},
		"big photo, symlink": {3 << 20, func(t *testing.T, p, outside string) {
			os.Remove(p)
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
		}},
		"its folder": {1000, func(t *testing.T, p, outside string) {
			dir := filepath.Dir(p)
			os.Rename(dir, dir+".moved")
			elsewhere := filepath.Join(t.TempDir(), "folder")
			os.MkdirAll(elsewhere, 0o700)
			b, _ := os.ReadFile(outside)
			os.WriteFile(filepath.Join(elsewhere, filepath.Base(p)), b, 0o600)
			if err := os.Symlink(elsewhere, dir); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			l := makeData(t)
			outside := filepath.Join(t.TempDir(), "secret.jpg")
			writeFile(t, outside, secret)
			n := manyFiles
			for i := range n {
				size := 1000
				if i == n-1 {
					size = c.size // the victim
				}
				writeFile(t, filepath.Join(l.Media(), "zz", fmt.Sprintf("p%03d.jpg", i)), pseudoRandom(size, uint64(i)))
			}
			victim := fmt.Sprintf("media/zz/p%03d.jpg", n-1)
			swapped := false
			res, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b.zip"), func(u progress.Update) {
				if !swapped && u.Phase == progress.PhaseArchive && strings.HasPrefix(u.Current, "media/") {
					c.swap(t, filepath.Join(l.Root, filepath.FromSlash(victim)), outside)
					swapped = true
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			out, _ := extract(t, res.Path)
			for rel, sum := range hashFiles(t, out) {
				if sum == hashFiles(t, filepath.Dir(outside))["secret.jpg"] {
					t.Errorf("%s in the backup holds the file from outside the data folder", rel)
				}
			}
			if name == "its folder" {
				return // the files of the old folder went in before the swap was noticed or not at all; what matters is above
			}
			if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(victim))); err == nil {
				t.Errorf("%s is in the backup", victim)
			}
			w := strings.Join(notice.Texts(res.Warnings), "\n")
			if !strings.Contains(w, victim+" was replaced") {
				t.Errorf("warnings do not name %s: %q", victim, w)
			}
		})
	}
}

// openListed refuses every swap of a photo since the listing.
func TestOpenListed(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "photo.jpg")
	writeFile(t, p, []byte("photo"))
	m := listed(t, "media/photo.jpg", p)
	f, err := openListed(m)
	if err != nil {
		t.Fatalf("the listed file itself: %v", err)
	}
	f.Close()
	other := filepath.Join(dir, "other.jpg")
	writeFile(t, other, []byte("other"))
	for name, swap := range map[string]func(){
		"symlink":      func() { os.Remove(p); os.Symlink(other, p) },
		"another file": func() { os.Remove(p); os.Link(other, p) },
		"fifo":         func() { os.Remove(p); syscall.Mkfifo(p, 0o600) },
		"a folder":     func() { os.Remove(p); os.Mkdir(p, 0o700) },
	} {
		os.RemoveAll(p)
		writeFile(t, p, []byte("photo"))
		m := listed(t, "media/photo.jpg", p)
		swap()
		if f, err := openListed(m); !errors.Is(err, errReplaced) {
			if f != nil {
				f.Close()
			}
			t.Errorf("%s: %v, want errReplaced", name, err)
		}
	}
}
