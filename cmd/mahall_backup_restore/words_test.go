package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// A damaged restore journal stops every command, as it must (no program can
// tell old data from new then), but says what to do: the case
// (garbage), and our own (valid JSON of an unknown version; a journal that
// names a file that is not ours).
func TestDamagedJournalSaysWhatToDo(t *testing.T) {
	for name, body := range map[string]string{
		"garbage":         "\x00\x01 not json at all",
		"unknown version": `{"version": 99, "state": "prepared"}`,
		"foreign item":    `{"version": 1, "state": "prepared", "staging": ".x.restore-1", "old": ["../../etc"], "new": []}`,
	} {
		t.Run(name, func(t *testing.T) {
			data := t.TempDir()
			writeDataDir(t, data, smallSpec())
			journal := filepath.Join(data, folder.JournalName)
			os.WriteFile(journal, []byte(body), 0o600)
			before := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })
			for _, args := range [][]string{{"recover"}, {"backup"}} {
				r := runCLI(t, append([]string{"--data-dir", data}, args...)...)
				r.want(t, 1)
				for _, s := range []string{"cannot tell whether to finish that restore or undo it", "Nothing was changed.",
					"Move " + folder.JournalName + " out of the data folder", journal} {
					if !strings.Contains(r.stderr, s) {
						t.Errorf("%s: stderr lacks %q:\n%s", args[0], s, r.stderr)
					}
				}
			}
			after := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName })
			if !mapsEqual(before, after) {
				t.Error("the data folder changed")
			}
		})
	}
}

// A truncated backup is refused before anything is touched, in words that
// say it is cut short and what to do.
func TestTruncatedBackupWords(t *testing.T) {
	_, path := smallBackup(t)
	b, _ := os.ReadFile(path)
	for _, keep := range []int{len(b) / 2, len(b) - 30} {
		cut := filepath.Join(t.TempDir(), "cut.zip")
		os.WriteFile(cut, b[:keep], 0o600)
		data := t.TempDir()
		writeDataDir(t, data, dataSpec{seed: 2, areas: 1, houses: 1, members: 2, photos: 1, photoBytes: 300})
		before := testkit.HashTree(t, data, nil)
		r := runCLI(t, "--data-dir", data, "restore", cut)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "cut short or damaged") || !strings.Contains(r.stderr, "copy the backup again") {
			t.Errorf("restore of a cut backup says:\n%s", r.stderr)
		}
		if after := testkit.HashTree(t, data, func(rel string) bool { return rel == folder.LockName }); !mapsEqual(before, after) {
			t.Error("the data folder changed")
		}
	}
}
