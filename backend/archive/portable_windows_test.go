package archive_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
	"mahall/backend/notice"
)

// TestWindowsNamesOnWindows: on Windows, a backup holding names Windows cannot hold (made on
// Linux, or by the old program) opens with a warning and restores every file under its
// portable name, next to the ordinary ones, with no two files on one name.
func TestWindowsNamesOnWindows(t *testing.T) {
	media := map[string][]byte{
		"members/CON.jpg":       []byte("con"),
		"members/a:b.jpg":       []byte("a colon b"),
		"members/a_b.jpg":       []byte("a underscore b"), // what a:b.jpg would become
		"members/trailing.":     []byte("dot"),
		"members/space ":        []byte("space"),
		"nul/inside.png":        []byte("in a folder named nul"),
		"members/what?.txt":     []byte("question"),
		"members/ordinary.jpeg": []byte("ordinary"),
	}
	db := fakeDB(8 << 10)
	p := filepath.Join(t.TempDir(), "names.zip")
	archivetest.WriteZip(t, p, archivetest.V1(t, db, media, nil))
	a, err := archive.Open(p, archive.DefaultLimits)
	if err != nil {
		t.Fatalf("a backup with Windows-unfriendly names: %v", err)
	}
	defer a.Close()
	if w := strings.Join(notice.Texts(a.Warnings), "\n"); !strings.Contains(w, "6 file(s)") || !strings.Contains(w, "Windows") {
		t.Errorf("warnings do not say 6 names get new names on Windows: %q", w)
	}
	out := filepath.Join(t.TempDir(), "restored")
	if err := a.Extract(context.Background(), out, archive.ExtractOptions{}, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{
		"db.sqlite3":                  db,
		"media/members/_CON.jpg":      media["members/CON.jpg"],
		"media/members/a_b~2.jpg":     media["members/a:b.jpg"],
		"media/members/a_b.jpg":       media["members/a_b.jpg"],
		"media/members/trailing_":     media["members/trailing."],
		"media/members/space_":        media["members/space "],
		"media/_nul/inside.png":       media["nul/inside.png"],
		"media/members/what_.txt":     media["members/what?.txt"],
		"media/members/ordinary.jpeg": media["members/ordinary.jpeg"],
	}
	sameTree(t, readTree(t, out), want)
}
