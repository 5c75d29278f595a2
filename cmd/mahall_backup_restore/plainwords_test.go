package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/archive/archivetest"
	"mahall/internal/testkit"
)

// What a person reads when a backup is refused: plain words first, and a
// failed restore ends by saying the data was not changed.
func TestRefusalsInPlainWords(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "mahall_backup_2025-01-01.zip")
	if err := os.WriteFile(text, []byte("a list of houses, typed by hand\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile(filepath.Join(goldenDir, "mahall-backup-v1-0021.zip"))
	if err != nil {
		t.Fatal(err)
	}
	damaged := filepath.Join(dir, "damaged.zip")
	if err := os.WriteFile(damaged, golden, 0o600); err != nil {
		t.Fatal(err)
	}
	archivetest.FlipByte(t, damaged, "media/members/photos/1002_sajna.png")

	data := t.TempDir()
	writeDataDir(t, data, dataSpec{seed: 21, areas: 1, houses: 1, members: 2, photos: 1, photoBytes: 500})
	before := testkit.HashTree(t, data, nil)

	for _, c := range []struct {
		args  []string
		first string
	}{
		{[]string{"verify", text}, "This file is not a Mahall backup (it is a text file)."},
		{[]string{"inspect", text}, "This file is not a Mahall backup (it is a text file)."},
		{[]string{"--data-dir", data, "restore", text}, "This file is not a Mahall backup (it is a text file)."},
		{[]string{"verify", damaged}, "This backup is damaged: the photo members/photos/1002_sajna.png in it does not match what was saved."},
		{[]string{"--data-dir", data, "restore", damaged}, "This backup is damaged: the photo members/photos/1002_sajna.png in it does not match what was saved."},
	} {
		r := runCLI(t, c.args...)
		r.want(t, 1)
		msg := strings.TrimPrefix(strings.TrimSpace(r.stderr[strings.LastIndex(strings.TrimSpace(r.stderr), "\n")+1:]), progName+": ")
		if !strings.HasPrefix(msg, c.first+" ") {
			t.Errorf("%v said:\n%s\nwant it to begin %q", c.args, r.stderr, c.first)
		}
		restoring := c.args[len(c.args)-2] == "restore"
		if got := strings.HasSuffix(msg, "Your data was not changed."); got != restoring {
			t.Errorf("%v: ends with 'Your data was not changed.' %v, want %v:\n%s", c.args, got, restoring, r.stderr)
		}
	}
	if after := testkit.HashTree(t, data, func(rel string) bool { return strings.HasPrefix(rel, ".") }); !mapsEqual(before, after) {
		t.Errorf("a refused restore changed the data folder")
	}
}
