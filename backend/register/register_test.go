package register

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mahall/internal/testkit/portable"
)

// newDB makes a fresh register in a folder whose name needs URI escaping.
func newDB(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), portable.Name("Mahali data ഡാറ്റ #1 ?x%20"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "db.sqlite3")
	if err := CreateEmpty(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCreateEmptySchema(t *testing.T) {
	ctx := context.Background()
	p := newDB(t)
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	for _, table := range Tables {
		if n, err := db.QueryContext(ctx, "SELECT 1 FROM "+quoteIdent(table)); err != nil {
			t.Errorf("register table %s: %v", table, err)
		} else {
			n.Close()
		}
	}

	var mode, check string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "delete" {
		t.Errorf("journal_mode = %q, %v; want delete", mode, err)
	}
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
	var app, name string
	if err := db.QueryRow(`SELECT app, name FROM django_migrations ORDER BY id DESC LIMIT 1`).Scan(&app, &name); err != nil {
		t.Fatal(err)
	}
	if app != "society" || name != "0021_receipt" {
		t.Errorf("last migration = %s.%s, want society.0021_receipt", app, name)
	}
	var fkViolations int
	if err := db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fkViolations); err != nil || fkViolations != 0 {
		t.Errorf("foreign_key_check = %d, %v", fkViolations, err)
	}
	if ok, err := IsRegister(ctx, db); err != nil || !ok {
		t.Errorf("IsRegister = %v, %v; want true", ok, err)
	}

	// Unique constraints that callers rely on.
	rw, err := OpenRW(p)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	mustExec(t, rw, `INSERT INTO society_area (name, description, created_at, updated_at, sync_pending) VALUES ('Area 1', '', '2025-01-01', '2025-01-01', 1)`)
	if _, err := rw.Exec(`INSERT INTO society_area (name, description, created_at, updated_at, sync_pending) VALUES ('Area 1', '', '2025-01-01', '2025-01-01', 1)`); err == nil {
		t.Error("duplicate area name accepted")
	}
	if _, err := rw.Exec(`INSERT INTO society_digitalrequest (firebase_id, status, data, created_at, updated_at) VALUES ('x', 'new', 'not json', '2025-01-01', '2025-01-01')`); err == nil {
		t.Error("invalid JSON accepted in digitalrequest.data")
	}

	entries, err := os.ReadDir(filepath.Dir(p))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != "db.sqlite3" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only db.sqlite3", names)
	}
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestCreateEmptyRefusesExisting(t *testing.T) {
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	if err := os.WriteFile(p, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := CreateEmpty(context.Background(), p)
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), p) {
		t.Fatalf("CreateEmpty over a file: %v; want ErrExists naming %s", err, p)
	}
	if b, _ := os.ReadFile(p); string(b) != "keep me" {
		t.Errorf("existing file changed to %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(p))
	if len(entries) != 1 {
		t.Errorf("left %d entries behind, want 1", len(entries))
	}
}

func TestCreateEmptyCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	p := filepath.Join(dir, "db.sqlite3")
	if err := CreateEmpty(ctx, p); err == nil {
		t.Fatal("CreateEmpty with a cancelled context succeeded")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("cancelled CreateEmpty left %d files", len(entries))
	}
}

func TestOpenMissingCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "no such", "db.sqlite3")
	_, err := Open(p)
	if !errors.Is(err, ErrNoDatabase) || !strings.Contains(err.Error(), p) {
		t.Fatalf("Open(missing) = %v; want ErrNoDatabase naming the path", err)
	}
	p2 := filepath.Join(dir, "db.sqlite3")
	if _, err := OpenRW(p2); !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("OpenRW(missing) = %v; want ErrNoDatabase", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("Open created %d files", len(entries))
	}
}

func TestOpenNotADatabase(t *testing.T) {
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	junk := strings.Repeat("this is not sqlite ", 300)
	if err := os.WriteFile(p, []byte(junk), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Open(p)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Fatalf("Open(junk) = %v; want an error naming %s", err, p)
	}
	if b, _ := os.ReadFile(p); string(b) != junk {
		t.Error("Open changed a file that is not a database")
	}
}

func TestOpenIsReadOnly(t *testing.T) {
	p := newDB(t)
	before, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO society_collection (name, description, created_at, updated_at) VALUES ('x', '', '2025-01-01', '2025-01-01')`); err == nil {
		t.Error("write through Open succeeded")
	}
	var timeout int
	if err := db.QueryRow("PRAGMA busy_timeout").Scan(&timeout); err != nil || timeout != 5000 {
		t.Errorf("busy_timeout = %d, %v; want 5000", timeout, err)
	}
	db.Close()
	after, _ := os.ReadFile(p)
	if string(before) != string(after) {
		t.Error("database file changed after a read-only open")
	}
}

func TestDSN(t *testing.T) {
	// DSN only writes a string: the Windows path may hold a ? that no Windows file could.
	in, prefix := "/data/Mahali ഡാറ്റ/a?b#c%d.sqlite3", "file:///data/Mahali%20"
	if runtime.GOOS == "windows" {
		in, prefix = `C:\data\Mahali ഡാറ്റ\a?b#c%d.sqlite3`, "file:///C:/data/Mahali%20"
	}
	dsn, err := DSN(in, "ro")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dsn, prefix) {
		t.Errorf("DSN = %s", dsn)
	}
	path, query, _ := strings.Cut(dsn, "?")
	for _, bad := range []string{"#", " ", "ഡ"} {
		if strings.Contains(path, bad) {
			t.Errorf("DSN path %q holds unescaped %q", path, bad)
		}
	}
	if !strings.Contains(path, "a%3Fb%23c%25d.sqlite3") {
		t.Errorf("DSN path %q does not escape ?, # and %%", path)
	}
	if !strings.Contains(query, "mode=ro") || !strings.Contains(query, "_pragma=busy_timeout%285000%29") {
		t.Errorf("DSN query = %q", query)
	}
}

func TestCounts(t *testing.T) {
	ctx := context.Background()
	p := newDB(t)
	rw, err := OpenRW(p)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Area 1 – Kunnummal", "Area 2 – Palliyali", "Area 3"} {
		mustExec(t, rw, `INSERT INTO society_area (name, description, created_at, updated_at, sync_pending) VALUES (?, '', '2025-01-01', '2025-01-01', 1)`, name)
		_ = i
	}
	mustExec(t, rw, `INSERT INTO society_house (home_id, house_name, family_name, location_name, locality, address, created_at, updated_at, area_id, sync_pending) VALUES ('1001', 'Puthanpura', 'Puthanpura', 'Kunnummal', '', '', '2025-01-01', '2025-01-01', 1, 1)`)
	// A table whose name needs quoting.
	mustExec(t, rw, `CREATE TABLE "odd ""name""" (x)`)
	mustExec(t, rw, `INSERT INTO "odd ""name""" VALUES (1), (2)`)
	rw.Close()

	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts, err := Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{
		"society_area": 3, "society_house": 1, "society_member": 0, `odd "name"`: 2,
		"django_migrations": int64(len(Latest().Migrations)), "auth_permission": 0,
	}
	for table, n := range want {
		if got, ok := counts[table]; !ok || got != n {
			t.Errorf("counts[%q] = %d, %v; want %d", table, got, ok, n)
		}
	}
	for table := range counts {
		if strings.HasPrefix(table, "sqlite_") {
			t.Errorf("counts include %s", table)
		}
	}
	for _, table := range append([]string{"django_migrations", "auth_user", "django_session"}, Tables...) {
		if _, ok := counts[table]; !ok {
			t.Errorf("counts lack %s", table)
		}
	}
}

// oldDB makes a database shaped like an early field install: a member table
// without the photo column, or no register tables at all.
func oldDB(t *testing.T, stmts ...string) *sql.DB {
	t.Helper()
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	dsn, err := DSN(p, "rwc")
	if err != nil {
		t.Fatal(err)
	}
	w, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		mustExec(t, w, s)
	}
	w.Close()
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestPhotosOldDatabases(t *testing.T) {
	ctx := context.Background()
	noPhoto := oldDB(t,
		`CREATE TABLE society_member (id integer PRIMARY KEY, name varchar(100))`,
		`INSERT INTO society_member (name) VALUES ('Ayisha')`)
	if ps, err := Photos(ctx, noPhoto); err != nil || len(ps) != 0 {
		t.Errorf("Photos without a photo column = %v, %v; want none", ps, err)
	}
	if ok, err := IsRegister(ctx, noPhoto); err != nil || !ok {
		t.Errorf("IsRegister = %v, %v; want true", ok, err)
	}

	notRegister := oldDB(t, `CREATE TABLE notes (id integer PRIMARY KEY, body text)`)
	if ps, err := Photos(ctx, notRegister); err != nil || len(ps) != 0 {
		t.Errorf("Photos without a member table = %v, %v; want none", ps, err)
	}
	if ok, err := IsRegister(ctx, notRegister); err != nil || ok {
		t.Errorf("IsRegister on a non-register = %v, %v; want false", ok, err)
	}
	if m, err := MissingPhotos(ctx, notRegister, t.TempDir()); err != nil || len(m) != 0 {
		t.Errorf("MissingPhotos without a member table = %v, %v", m, err)
	}
}

func TestSafePhotoPath(t *testing.T) {
	media := filepath.Join("srv", "media")
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"members/photos/x.png", filepath.Join(media, "members", "photos", "x.png"), true},
		{`members\photos\x.png`, filepath.Join(media, "members", "photos", "x.png"), true},
		{"members/./photos//x.png", filepath.Join(media, "members", "photos", "x.png"), true},
		{"..", "", false},
		{"../x", "", false},
		{"a/../../x", "", false},
		{"a/../x", "", false},
		{"/etc/passwd", "", false},
		{`\\server\share\x`, "", false},
		{"C:x", "", false},
		{"x\x00.png", "", false},
		{"", "", false},
		{".", "", false},
	} {
		got, ok := SafePhotoPath(media, tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("SafePhotoPath(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// A future field version may use WAL; a read-only handle must see the
// frames a writer has committed but not yet checkpointed.
func TestOpenSeesWALFrames(t *testing.T) {
	ctx := context.Background()
	p := newDB(t)
	rw, err := OpenRW(p)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	rw.SetMaxOpenConns(1)
	var mode string
	if err := rw.QueryRow("PRAGMA journal_mode = WAL").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode = %q, %v", mode, err)
	}
	mustExec(t, rw, "PRAGMA wal_autocheckpoint = 0")
	mustExec(t, rw, `INSERT INTO society_collection (name, description, created_at, updated_at) VALUES ('Eid Paisa', '', '2025-01-01', '2025-01-01')`)
	if fi, err := os.Stat(p + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("no WAL frames: %v", err)
	}

	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts, err := Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if counts["society_collection"] != 1 {
		t.Errorf("read-only handle sees %d collections, want 1", counts["society_collection"])
	}
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode after Open = %q, %v; want wal unchanged", mode, err)
	}
}
