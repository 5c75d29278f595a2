package backup

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/notice"
)

// leaveHotJournal puts the register of l in the state a writer killed in the
// middle of a transaction leaves: part of an unfinished change in
// db.sqlite3, the pages it replaced in db.sqlite3-journal, no lock held. It
// returns the committed content.
func leaveHotJournal(t *testing.T, l folder.Layout) string {
	t.Helper()
	db := openRW(t, l.DB())
	mustExec(t, db, `CREATE TABLE society_note (id INTEGER PRIMARY KEY, body TEXT)`)
	mustExec(t, db, `INSERT INTO society_note(body) WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 3000)
		SELECT 'note ' || i || ' ' || hex(randomblob(100)) FROM c`)
	db.Close()
	committed := dumpDB(t, l.DB())

	side := filepath.Join(t.TempDir(), "db.sqlite3")
	b, err := os.ReadFile(l.DB())
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, side, b)
	w := openRW(t, side)
	defer w.Close()
	mustExec(t, w, "PRAGMA cache_size=5")
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`UPDATE society_note SET body = 'half-saved ' || id`); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`UPDATE society_member SET name = 'half-saved'`); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"", "-journal"} {
		b, err := os.ReadFile(side + s)
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, l.DB()+s, b)
	}
	return committed
}

// The case: a hot journal no longer fails the backup; it holds the
// committed register and says an unfinished change was undone.
func TestHotJournalBackup(t *testing.T) {
	l := makeData(t)
	committed := leaveHotJournal(t, l)
	res, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b.zip"), nil)
	if err != nil {
		t.Fatalf("backup over a hot journal: %v", err)
	}
	if !slices.Contains(notice.Texts(res.Warnings), notice.RolledBackChange().Text) {
		t.Errorf("warnings %q do not say an unfinished change was undone", res.Warnings)
	}
	dir, _ := extract(t, res.Path)
	got := dumpDB(t, filepath.Join(dir, "db.sqlite3"))
	if strings.Contains(got, "half-saved") || got != committed {
		t.Error("the backup does not hold the committed register")
	}
	// A second backup finds nothing to roll back.
	res2, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b2.zip"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(notice.Texts(res2.Warnings), notice.RolledBackChange().Text) {
		t.Error("the second backup also reports an unfinished change")
	}
}
