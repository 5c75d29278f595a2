package main

import (
	"archive/zip"
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/sqlitedb"
	"mahall/internal/registertest"
)

// walRegister writes a register in WAL mode whose last members are only in
// its -wal (committed, never checkpointed), as the old program's folder
// looks while it runs, and returns the bytes of db.sqlite3 and -wal and the
// member count including the WAL's.
func walRegister(t *testing.T) (db, wal []byte, members int) {
	t.Helper()
	dir := t.TempDir()
	writeDataDir(t, dir, smallSpec())
	p := filepath.Join(dir, "db.sqlite3")
	conn, err := sqlitedb.Open(p, "rw", "wal_autocheckpoint(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	exec := func(q string) {
		if _, err := conn.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("PRAGMA journal_mode=WAL")
	exec("PRAGMA wal_checkpoint(TRUNCATE)")
	// On the real schema: registertest fills the columns it requires.
	registertest.Insert(t, conn, "society_member", registertest.Row{"member_id": "9001", "name": "Only In The WAL", "house_id": 1})
	registertest.Insert(t, conn, "society_member", registertest.Row{"member_id": "9002", "name": "Also In The WAL", "house_id": 1})
	if err := conn.QueryRow(`SELECT count(*) FROM society_member`).Scan(&members); err != nil {
		t.Fatal(err)
	}
	// Read while the connection is open: closing would checkpoint.
	if db, err = os.ReadFile(p); err != nil {
		t.Fatal(err)
	}
	if wal, err = os.ReadFile(p + "-wal"); err != nil || len(wal) == 0 {
		t.Fatalf("no WAL to test with: %v", err)
	}
	return db, wal, members
}

func zipOf(t *testing.T, path string, entries map[string][]byte, order ...string) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(entries[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func memberCount(t *testing.T, dbPath string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM society_member`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A legacy backup with db.sqlite3-wal beside the database: the WAL's
// committed members are applied and said so, and nothing lands in the media
// folder. The case (layout B) and our own (layout A with -shm too;
// layout C); and a -wal that belongs to no WAL database is refused in plain
// words rather than dropped.
func TestLegacyWALApplied(t *testing.T) {
	db, wal, members := walRegister(t)
	photo := []byte("\xff\xd8\xff\xe0 a made-up photo")
	for _, c := range []struct {
		name    string
		entries map[string][]byte
		order   []string
	}{
		{"layout B", map[string][]byte{"db.sqlite3": db, "db.sqlite3-wal": wal, "members/photos/a.jpg": photo},
			[]string{"db.sqlite3", "db.sqlite3-wal", "members/photos/a.jpg"}},
		{"layout A with -shm", map[string][]byte{"db.sqlite3": db, "db.sqlite3-wal": wal, "db.sqlite3-shm": make([]byte, 32768), "media/members/photos/a.jpg": photo},
			[]string{"db.sqlite3", "db.sqlite3-shm", "db.sqlite3-wal", "media/members/photos/a.jpg"}},
		{"layout C", map[string][]byte{"db.sqlite3": db, "db.sqlite3-wal": wal}, []string{"db.sqlite3-wal", "db.sqlite3"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "old.zip")
			zipOf(t, p, c.entries, c.order...)
			in := runCLI(t, "inspect", p)
			in.want(t, 0)
			if !strings.Contains(in.stdout+in.stderr, "db.sqlite3-wal beside the database") {
				t.Errorf("inspect does not mention the WAL:\n%s\n%s", in.stdout, in.stderr)
			}
			target := t.TempDir()
			r := runCLI(t, "--data-dir", target, "restore", p)
			r.want(t, 0)
			if got := memberCount(t, filepath.Join(target, "db.sqlite3")); got != members {
				t.Errorf("%d members restored, want %d (the WAL's included)", got, members)
			}
			for _, s := range []string{"-wal", "-shm", "-journal"} {
				if _, err := os.Stat(filepath.Join(target, "db.sqlite3"+s)); err == nil {
					t.Errorf("db.sqlite3%s left beside the restored database", s)
				}
			}
			filepath.WalkDir(filepath.Join(target, "media"), func(path string, d os.DirEntry, err error) error {
				if err == nil && strings.Contains(d.Name(), "db.sqlite3") {
					t.Errorf("%s landed in the media folder", path)
				}
				return nil
			})
		})
	}

	t.Run("a -wal without a WAL database", func(t *testing.T) {
		plainDir := t.TempDir()
		writeDataDir(t, plainDir, smallSpec())
		plain, _ := os.ReadFile(filepath.Join(plainDir, "db.sqlite3"))
		p := filepath.Join(t.TempDir(), "odd.zip")
		zipOf(t, p, map[string][]byte{"db.sqlite3": plain, "db.sqlite3-wal": wal}, "db.sqlite3", "db.sqlite3-wal")
		target := t.TempDir()
		r := runCLI(t, "--data-dir", target, "restore", p)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "cannot be applied and would be lost") || !strings.Contains(r.stderr, "your data was not changed") {
			t.Errorf("restore says:\n%s", r.stderr)
		}
	})
}
