package snapshot

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mahall/backend/sqlitedb"
	"mahall/internal/testkit/portable"

	_ "modernc.org/sqlite"
)

// makeDB writes a small database with rows rows in table t (and an index,
// so integrity_check has cross-checks to do) and returns its path.
func makeDB(t *testing.T, dir string, rows int, pragmas ...string) string {
	t.Helper()
	path := filepath.Join(dir, "src db ü.sqlite3")
	db := openRW(t, path)
	defer db.Close()
	for _, p := range pragmas {
		mustExec(t, db, p)
	}
	mustExec(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, blob BLOB)")
	mustExec(t, db, "CREATE INDEX t_name ON t(name)")
	insertRows(t, db, 0, rows)
	return path
}

func openRW(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sqlitedb.Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	return db
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func insertRows(t *testing.T, db *sql.DB, from, n int) {
	t.Helper()
	mustExec(t, db, `INSERT INTO t(id, name, blob)
		WITH RECURSIVE c(i) AS (SELECT ? UNION ALL SELECT i+1 FROM c WHERE i < ?)
		SELECT i, 'name ' || i, randomblob(200) FROM c`, from, from+n-1)
}

// dump is every row of t as text, in id order: the logical content that a
// copy must preserve.
func dump(t *testing.T, path string) string {
	t.Helper()
	db, err := sqlitedb.Open(path, "ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query("SELECT id, name, hex(blob) FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int
		var name, blob string
		if err := rows.Scan(&id, &name, &blob); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d|%s|%s\n", id, name, blob)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func count(t *testing.T, path string) int {
	t.Helper()
	return strings.Count(dump(t, path), "\n")
}

// assertSelfContained checks the copy is one file in rollback-journal mode.
func assertSelfContained(t *testing.T, path string) {
	t.Helper()
	hdr, err := readHeader(path, 20)
	if err != nil {
		t.Fatal(err)
	}
	if hdr[18] != 1 || hdr[19] != 1 {
		t.Errorf("%s: header read/write versions %d/%d, want 1/1 (rollback journal)", path, hdr[18], hdr[19])
	}
	for _, s := range []string{"-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + s); err == nil {
			t.Errorf("%s%s exists beside the copy", path, s)
		}
	}
	if runtime.GOOS != "windows" {
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", path, st.Mode().Perm())
		}
	}
}

func assertNoFiles(t *testing.T, path string) {
	t.Helper()
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		if _, err := os.Stat(path + s); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s%s left behind (stat: %v)", path, s, err)
		}
	}
}

func TestCopyRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := makeDB(t, dir, 500)
	dst := filepath.Join(dir, portable.Name("copy ? # % 1.sqlite3"))
	var lastDone, lastTotal int64
	calls := 0
	_, err := CopyTemp(context.Background(), src, dst, func(done, total int64) { lastDone, lastTotal, calls = done, total, calls+1 })
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(src)
	if calls == 0 || lastDone != lastTotal || lastTotal != st.Size() {
		t.Errorf("progress: %d calls, last %d/%d, source size %d", calls, lastDone, lastTotal, st.Size())
	}
	if got, want := dump(t, dst), dump(t, src); got != want {
		t.Error("copy's rows differ from the source's")
	}
	if count(t, dst) != 500 {
		t.Errorf("copy has %d rows, want 500", count(t, dst))
	}
	assertSelfContained(t, dst)
	if err := Check(context.Background(), dst); err != nil {
		t.Error(err)
	}
}

// A WAL database whose last commits are still only in -wal: a raw file copy
// would lose them; the backup API must not.
func TestCopyWALWithUncheckpointedFrames(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "db.sqlite3")
	db := openRW(t, src)
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode=WAL").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode=WAL: %q, %v", mode, err)
	}
	mustExec(t, db, "PRAGMA wal_autocheckpoint=0")
	mustExec(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, blob BLOB)")
	insertRows(t, db, 0, 300)

	st, err := os.Stat(src + "-wal")
	if err != nil || st.Size() == 0 {
		t.Fatalf("want a non-empty -wal holding the rows: %v", err)
	}
	// The main file alone, as a raw copy would see it, lacks the rows.
	raw := filepath.Join(dir, "raw.sqlite3")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(raw, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if n := rawCount(t, raw); n != -1 && n != 0 {
		t.Fatalf("test is not testing: the main file already holds %d rows", n)
	}

	dst := filepath.Join(dir, "copy.sqlite3")
	if _, err := CopyTemp(context.Background(), src, dst, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, dst); n != 300 {
		t.Errorf("copy has %d rows, want the 300 still in -wal", n)
	}
	assertSelfContained(t, dst)
	if err := Check(context.Background(), dst); err != nil {
		t.Error(err)
	}
	// The writer's connection still works and its data is untouched.
	insertRows(t, db, 300, 1)

	// As a crashed writer leaves it: the database and its -wal, no process
	// holding it, no -shm. Reading it must still replay the -wal.
	crashed := filepath.Join(t.TempDir(), "crashed.sqlite3")
	for _, s := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(crashed+s, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	dst2 := filepath.Join(dir, "copy2.sqlite3")
	if _, err := CopyTemp(context.Background(), crashed, dst2, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, dst2); n != 301 {
		t.Errorf("copy of the crashed database has %d rows, want 301", n)
	}
	assertSelfContained(t, dst2)
}

// rawCount counts rows of t in a file opened without its -wal, or -1 when
// the table does not exist there yet.
func rawCount(t *testing.T, path string) int {
	db, err := sqlitedb.Open(path, "ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		return -1
	}
	return n
}

func TestCopyRefusesExistingDestination(t *testing.T) {
	dir := t.TempDir()
	src := makeDB(t, dir, 10)
	dst := filepath.Join(dir, "exists")
	if err := os.WriteFile(dst, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := CopyTemp(context.Background(), src, dst, nil); !errors.Is(err, os.ErrExist) {
		t.Fatalf("err = %v, want ErrExist", err)
	}
	if b, _ := os.ReadFile(dst); string(b) != "keep me" {
		t.Errorf("existing destination changed to %q", b)
	}
}

func TestCopyNotSQLite(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "db.sqlite3")
	if err := os.WriteFile(src, []byte("PK\x03\x04 this is a zip, not a database at all"), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "copy")
	_, err := CopyTemp(context.Background(), src, dst, nil)
	if !errors.Is(err, ErrNotSQLite) || !strings.Contains(err.Error(), src) {
		t.Fatalf("err = %v, want ErrNotSQLite naming %s", err, src)
	}
	assertNoFiles(t, dst)
}

func TestCopyMissingSource(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "copy")
	_, err := CopyTemp(context.Background(), filepath.Join(dir, "nope.sqlite3"), dst, nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("err = %v, want ErrNotExist", err)
	}
	assertNoFiles(t, dst)
	if _, err := os.Stat(filepath.Join(dir, "nope.sqlite3")); err == nil {
		t.Error("CopyTemp created the missing source")
	}
}

func TestCopyCancel(t *testing.T) {
	dir := t.TempDir()
	// Small steps so the copy takes several.
	defer func(n int32) { stepPages = n }(stepPages)
	stepPages = 4
	src := makeDB(t, dir, 300)

	t.Run("before start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		dst := filepath.Join(dir, "before")
		if _, err := CopyTemp(ctx, src, dst, nil); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		assertNoFiles(t, dst)
	})
	t.Run("mid copy", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		dst := filepath.Join(dir, "mid")
		calls := 0
		_, err := CopyTemp(ctx, src, dst, func(done, total int64) {
			calls++
			if done >= total {
				t.Error("copy finished in one step; the test does not cancel mid-copy")
			}
			cancel()
		})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if calls != 1 {
			t.Errorf("report called %d times after cancel", calls)
		}
		assertNoFiles(t, dst)
	})
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	good := makeDB(t, dir, 500)
	if err := Check(ctx, good); err != nil {
		t.Fatalf("good database: %v", err)
	}

	for name, content := range map[string][]byte{
		"text":  []byte("hello, this is plainly not a database file"),
		"empty": nil,
		"short": []byte("SQLite"),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, content, 0o600); err != nil {
			t.Fatal(err)
		}
		err := Check(ctx, p)
		if !errors.Is(err, ErrNotSQLite) || err.Error() != p+" is not an SQLite database" {
			t.Errorf("%s: err = %v, want %q", name, err, p+" is not an SQLite database")
		}
	}

	// Corrupt the index pages: the table still reads, but the index no
	// longer matches it, which only integrity_check notices.
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(b[16])<<8 | int(b[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	root := indexRoot(t, good)
	bad := filepath.Join(dir, "bad.sqlite3")
	off := (root - 1) * pageSize
	for i := off + 100; i < off+pageSize-8; i += 7 {
		b[i] ^= 0x5a
	}
	if err := os.WriteFile(bad, b, 0o600); err != nil {
		t.Fatal(err)
	}
	err = Check(ctx, bad)
	if !errors.Is(err, ErrCorrupt) || !strings.HasPrefix(err.Error(), bad+": database integrity check failed: ") {
		t.Fatalf("corrupt database: err = %v", err)
	}
	t.Log(err)

	// Truncated in the middle of the file.
	trunc := filepath.Join(dir, "trunc.sqlite3")
	if err := os.WriteFile(trunc, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(good)
	if err := os.WriteFile(trunc, orig[:len(orig)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Check(ctx, trunc); !errors.Is(err, ErrCorrupt) {
		t.Errorf("truncated database: err = %v, want ErrCorrupt", err)
	}

	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	if err := Check(ctx2, good); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled check: err = %v", err)
	}
}

func indexRoot(t *testing.T, path string) int {
	t.Helper()
	db, err := sqlitedb.Open(path, "ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var root int
	if err := db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = 't_name'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	return root
}
