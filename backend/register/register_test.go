package register

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"mahall/internal/testkit/portable"
)

// The columns mahall-data.md lists for migration 0021, written out
// independently of the DDL so a dropped or misspelt column fails here.
var wantColumns = map[string][]string{
	"society_area": {"id", "name", "description", "head_person", "password", "firebase_id",
		"sync_pending", "created_at", "updated_at"},
	"society_house": {"id", "home_id", "old_mahall_code", "house_name", "family_name",
		"location_name", "locality", "area_id", "address", "firebase_id", "sync_pending",
		"created_at", "updated_at"},
	"society_member": {"id", "member_id", "name", "surname", "house_id", "adhar", "gender",
		"status", "date_of_birth", "date_of_death", "mother_name", "mother_surname", "mother_id",
		"father_name", "father_surname", "father_id", "grandfather_name", "married_to_name",
		"married_to_surname", "married_to_id", "second_spouse_name", "second_spouse_surname",
		"second_spouse_id", "general_body_member", "photo", "phone", "whatsapp", "isGuardian",
		"firebase_id", "sync_pending", "created_at", "updated_at"},
	"society_collection":    {"id", "name", "description", "created_at", "updated_at"},
	"society_subcollection": {"id", "collection_id", "year", "name", "amount", "due_date", "created_at", "updated_at"},
	"society_memberobligation": {"id", "subcollection_id", "member_id", "area_id", "amount",
		"paid_status", "sync_pending", "created_at", "updated_at"},
	"society_receipt": {"id", "obligation_id", "receipt_number", "amount_paid", "payment_date",
		"payment_method", "remarks", "sync_pending", "created_at", "updated_at"},
	"society_todo": {"id", "title", "description", "category", "priority", "completed", "due_date",
		"created_at", "updated_at"},
	"society_appsettings": {"id", "theme", "firebase_enabled", "firebase_config",
		"google_drive_enabled", "google_drive_client_id", "google_drive_client_secret",
		"google_drive_refresh_token", "google_drive_folder_id", "last_backup_at",
		"rule_one_obligation_per_house", "rule_skip_dead_members", "rule_skip_terminated_members",
		"rule_guardian_pays_for_house", "rule_auto_mark_overdue", "created_at", "updated_at"},
	"society_digitalrequest": {"id", "request_type", "status", "data", "firebase_id", "created_at", "updated_at"},
	"django_migrations":      {"id", "app", "name", "applied"},
	"django_content_type":    {"id", "app_label", "model"},
	"auth_user": {"id", "password", "last_login", "is_superuser", "username", "first_name",
		"last_name", "email", "is_staff", "is_active", "date_joined"},
	"auth_group":       {"id", "name"},
	"auth_permission":  {"id", "content_type_id", "codename", "name"},
	"django_session":   {"session_key", "session_data", "expire_date"},
	"django_admin_log": {"id", "action_time", "object_id", "object_repr", "action_flag", "change_message", "content_type_id", "user_id"},
}

func columns(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM pragma_table_info(?)", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(cols)
	return cols
}

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

	for table, want := range wantColumns {
		want = append([]string(nil), want...)
		sort.Strings(want)
		if got := columns(t, db, table); !reflect.DeepEqual(got, want) {
			t.Errorf("%s columns:\n got %v\nwant %v", table, got, want)
		}
	}
	for _, table := range Tables {
		if _, ok := wantColumns[table]; !ok {
			t.Errorf("register table %s not checked", table)
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
	if _, err := rw.Exec(`INSERT INTO society_digitalrequest (request_type, status, data, created_at, updated_at) VALUES ('x', 'new', 'not json', '2025-01-01', '2025-01-01')`); err == nil {
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
		"django_migrations": int64(len(appliedMigrations)), "auth_permission": int64(4 * len(contentTypes)),
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
	for table := range wantColumns {
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

	withPhoto := oldDB(t,
		`CREATE TABLE society_member (id integer PRIMARY KEY, name varchar(100), photo varchar(100) NULL)`,
		`INSERT INTO society_member (name, photo) VALUES ('a', 'members/photos/b.png'), ('b', NULL), ('c', ''), ('d', 'members/photos/a.jpg'), ('e', 'members/photos/b.png')`)
	ps, err := Photos(ctx, withPhoto)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"members/photos/a.jpg", "members/photos/b.png"}; !reflect.DeepEqual(ps, want) {
		t.Errorf("Photos = %v, want %v", ps, want)
	}
}

func TestMissingPhotos(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	media := filepath.Join(root, "media")
	photos := filepath.Join(media, "members", "photos")
	if err := os.MkdirAll(filepath.Join(photos, "a folder.jpg"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"present.jpg", "ഫോട്ടോ 1.jpg"} {
		if err := os.WriteFile(filepath.Join(photos, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Exists, but outside the media folder: must not count as present.
	if err := os.WriteFile(filepath.Join(root, "outside.jpg"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside.jpg"), filepath.Join(photos, "link.jpg")); err != nil {
		t.Fatal(err)
	}

	values := []string{
		"members/photos/present.jpg",
		"members/photos/ഫോട്ടോ 1.jpg",
		`members\photos\present.jpg`, // written on Windows
		"members/photos/gone.png",
		"members/photos/a folder.jpg",
		"members/photos/link.jpg",
		"../outside.jpg",
		"members/../../outside.jpg",
		filepath.Join(root, "outside.jpg"),
		"C:/outside.jpg",
	}
	stmts := []string{`CREATE TABLE society_member (id integer PRIMARY KEY, photo varchar(100) NULL)`}
	db := oldDB(t, stmts...)
	// oldDB's handle is read-only; add rows through a writer.
	var p string
	if err := db.QueryRow("SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&p); err != nil {
		t.Fatal(err)
	}
	rw, err := OpenRW(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range values {
		mustExec(t, rw, `INSERT INTO society_member (photo) VALUES (?)`, v)
	}
	rw.Close()

	missing, err := MissingPhotos(ctx, db, media)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"../outside.jpg",
		"C:/outside.jpg",
		filepath.Join(root, "outside.jpg"),
		"members/../../outside.jpg",
		"members/photos/a folder.jpg",
		"members/photos/gone.png",
		"members/photos/link.jpg",
	}
	sort.Strings(want)
	if !reflect.DeepEqual(missing, want) {
		t.Errorf("MissingPhotos =\n %q\nwant\n %q", missing, want)
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
