package backup

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/snapshot"
	"mahall/backend/sqlitedb"
	"mahall/backend/version"
	"mahall/internal/registertest"
	"mahall/internal/testkit"
	"mahall/internal/testkit/portable"

	_ "modernc.org/sqlite"
)

// create opens the data folder at l (never creating it), backs it up and
// closes it, as the CLI does.
func create(ctx context.Context, l folder.Layout, dest string, report progress.Func) (Result, error) {
	return Options{}.create(ctx, l, dest, report)
}

// create is create with these options.
func (o Options) create(ctx context.Context, l folder.Layout, dest string, report progress.Func) (Result, error) {
	f, err := folder.Open(ctx, l.Root, folder.Options{})
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	return o.Create(ctx, f, dest, report)
}

// makeData writes a small made-up data folder: a register database with
// areas, houses and members (photos referenced by path), the media those
// photos name, and the things that must never go into a backup.
func makeData(t *testing.T) folder.Layout {
	t.Helper()
	l := folder.Layout{Root: filepath.Join(t.TempDir(), "Mahali data")}
	if err := os.MkdirAll(l.Root, 0o700); err != nil {
		t.Fatal(err)
	}
	db := registertest.Create(t, l.DB(), registertest.Latest)
	for _, area := range []string{"Kizhakkumbhagam", "Padinjare Kara"} {
		registertest.Insert(t, db, "society_area", registertest.Row{"name": area})
	}
	for i, house := range []string{"Puthanveedu", "Thekkethil", "Valiyaparambil"} {
		registertest.Insert(t, db, "society_house", registertest.Row{"home_id": fmt.Sprint(1001 + i),
			"house_name": house, "area_id": 1 + i%2})
	}
	members := []struct{ name, photo string }{
		{"Abdul Rahiman K", "members/photos/rahiman.jpg"},
		{"Fathima Beevi", "members/photos/fathima beevi.png"},
		{"Muhammed Ashraf", "members/photos/ഫോട്ടോ അഷ്റഫ്.jpg"},
		{"Sainaba P", ""},
		{"Haris V", "members/photos/haris_missing.jpg"},
		{"Nafeesa T", ""},
	}
	for i, m := range members {
		var photo any
		if m.photo != "" {
			photo = m.photo
		}
		registertest.Insert(t, db, "society_member", registertest.Row{"member_id": fmt.Sprint(1001 + i),
			"name": m.name, "house_id": 1 + i%3, "photo": photo, "phone": fmt.Sprintf("+91 94470 %05d", 31000+i*7)})
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(l.Media(), "members", "photos", "rahiman.jpg"), pseudoRandom(40_000, 1))
	writeFile(t, filepath.Join(l.Media(), "members", "photos", "fathima beevi.png"), pseudoRandom(25_000, 2))
	writeFile(t, filepath.Join(l.Media(), "members", "photos", "ഫോട്ടോ അഷ്റഫ്.jpg"), pseudoRandom(30_000, 3))
	writeFile(t, filepath.Join(l.Media(), "receipts", "notes 2025.txt"), []byte(strings.Repeat("Eid Paisa 2025 received\n", 500)))
	writeFile(t, filepath.Join(l.Media(), "empty.ico"), nil)

	// Never part of a backup.
	writeFile(t, filepath.Join(l.Logs(), "backend.log"), []byte("log line\n"))
	writeFile(t, filepath.Join(l.Backups(), "mahall_backup_2020-01-01.zip"), []byte("an old backup"))
	writeFile(t, l.Marker(), nil)
	writeFile(t, filepath.Join(l.Root, ".stray.tmp-123"), []byte("temp"))
	return l
}

func openRW(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sqlitedb.Open(path, "", "busy_timeout(10000)")
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

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// pseudoRandom is incompressible-looking data, like a JPEG's.
func pseudoRandom(n int, seed uint64) []byte {
	b := make([]byte, n)
	x := seed*0x9e3779b97f4a7c15 + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

// hashFiles maps the regular files under dir to their SHA-256; a missing
// dir holds none.
func hashFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	return testkit.FilesOnly(testkit.MissingIsEmpty(t, dir, nil))
}

// dumpDB is every row of every table, as text: the logical content a
// snapshot must carry.
func dumpDB(t *testing.T, path string) string {
	t.Helper()
	db, err := register.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var names []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type='table' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "table %s\n", n)
		rows, err := db.Query(`SELECT * FROM "` + n + `" ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%q\n", fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

// extract unpacks a backup with the archive reader into a new folder.
func extract(t *testing.T, zipPath string) (string, *archive.Archive) {
	t.Helper()
	a, err := archive.Open(zipPath, archive.Limits{})
	if err != nil {
		t.Fatalf("open %s: %v", zipPath, err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Verify(context.Background(), nil); err != nil {
		t.Fatalf("verify %s: %v", zipPath, err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := a.Extract(context.Background(), dir, archive.ExtractOptions{}, nil); err != nil {
		t.Fatalf("extract %s: %v", zipPath, err)
	}
	return dir, a
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		// The lock file of folder.Open stays, by design, between runs.
		if e.Name() != folder.LockName {
			names = append(names, e.Name())
		}
	}
	return names
}

func TestRoundTrip(t *testing.T) {
	l := makeData(t)
	dbBefore, _ := os.ReadFile(l.DB())
	rootBefore := listDir(t, l.Root)
	destDir := filepath.Join(t.TempDir(), "my backups")
	if err := os.Mkdir(destDir, 0o700); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(destDir, "backup 2025 ü.zip")

	var updates []progress.Update
	res, err := create(context.Background(), l, dest, func(u progress.Update) { updates = append(updates, u) })
	if err != nil {
		t.Fatal(err)
	}

	if res.Path != dest {
		t.Errorf("Path = %s, want %s", res.Path, dest)
	}
	st, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if res.Size != st.Size() {
		t.Errorf("Size = %d, file has %d", res.Size, st.Size())
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v, want 0600", st.Mode().Perm())
	}
	if got := listDir(t, destDir); !slices.Equal(got, []string{"backup 2025 ü.zip"}) {
		t.Errorf("destination folder holds %q, want only the backup", got)
	}
	if got := listDir(t, l.Root); !slices.Equal(got, rootBefore) {
		t.Errorf("data folder now holds %q, before %q", got, rootBefore)
	}
	if b, _ := os.ReadFile(l.DB()); string(b) != string(dbBefore) {
		t.Error("the backup changed the source database file")
	}

	out, a := extract(t, dest)

	// Media byte for byte, nothing more, nothing less.
	srcMedia, gotMedia := hashFiles(t, l.Media()), hashFiles(t, filepath.Join(out, "media"))
	if len(srcMedia) != 5 || fmt.Sprint(srcMedia) != fmt.Sprint(gotMedia) {
		t.Errorf("media differ:\nsource %v\nbackup %v", srcMedia, gotMedia)
	}
	// Nothing but the database and media (no logs, backups, marker, temp).
	if got := listDir(t, out); !slices.Equal(got, []string{"db.sqlite3", "media"}) {
		t.Errorf("backup extracts to %q", got)
	}
	if got, want := dumpDB(t, filepath.Join(out, "db.sqlite3")), dumpDB(t, l.DB()); got != want {
		t.Errorf("database content differs:\nbackup:\n%s\nsource:\n%s", got, want)
	}
	if err := snapshot.Check(context.Background(), filepath.Join(out, "db.sqlite3")); err != nil {
		t.Error(err)
	}

	// Manifest and Result.
	m := a.Manifest
	if a.Layout != archive.LayoutV1 || m == nil {
		t.Fatalf("layout %s, manifest %v", a.Layout, m)
	}
	if m.SourceDir != l.Root || m.ProgramVersion != version.Version || m.CreatedAt.Location() != time.UTC {
		t.Errorf("manifest source %q version %q created %v", m.SourceDir, m.ProgramVersion, m.CreatedAt)
	}
	dbSum := hashFiles(t, out)["db.sqlite3"]
	if m.Database.SHA256 != dbSum {
		t.Errorf("manifest database sha256 %s, file %s", m.Database.SHA256, dbSum)
	}
	// Every table of the real schema, empty but for the rows makeData wrote
	// and Django's migration rows.
	wantTables := map[string]int64{}
	for _, stmt := range register.Latest().Statements {
		if name, ok := strings.CutPrefix(stmt, `CREATE TABLE IF NOT EXISTS "`); ok {
			wantTables[name[:strings.Index(name, `"`)]] = 0
		}
	}
	maps.Copy(wantTables, map[string]int64{"society_area": 2, "society_house": 3, "society_member": 6,
		"django_migrations": int64(len(register.Latest().Migrations))})
	if fmt.Sprint(m.Database.Tables) != fmt.Sprint(wantTables) || fmt.Sprint(res.Tables) != fmt.Sprint(wantTables) {
		t.Errorf("tables: manifest %v, result %v, want %v", m.Database.Tables, res.Tables, wantTables)
	}
	var mediaBytes int64
	for _, e := range a.Media {
		mediaBytes += e.Size
	}
	if res.MediaFiles != 5 || res.MediaBytes != mediaBytes || mediaBytes != 40_000+25_000+30_000+24*500 {
		t.Errorf("result media %d files %d bytes, archive %d bytes", res.MediaFiles, res.MediaBytes, mediaBytes)
	}
	if !slices.Equal(notice.Texts(res.Warnings), []string{"The photo members/photos/haris_missing.jpg of a member is missing from the media folder, so this backup cannot hold it"}) {
		t.Errorf("warnings %q", res.Warnings)
	}
	// Deterministic order: the database, then media sorted per folder.
	var names []string
	for _, f := range m.Files {
		names = append(names, f.Name)
	}
	want := []string{"db.sqlite3", "media/empty.ico", "media/members/photos/fathima beevi.png",
		"media/members/photos/rahiman.jpg", "media/members/photos/ഫോട്ടോ അഷ്റഫ്.jpg", "media/receipts/notes 2025.txt"}
	if !slices.Equal(names, want) {
		t.Errorf("archive order %q, want %q", names, want)
	}

	checkProgress(t, updates)
}

// checkProgress asserts the phases come in order and the totals add up.
func checkProgress(t *testing.T, updates []progress.Update) {
	t.Helper()
	order := []string{progress.PhaseScan, progress.PhaseSnapshot, progress.PhaseArchive, progress.PhaseSync, progress.PhaseDone}
	var phases []string
	for _, u := range updates {
		if len(phases) == 0 || phases[len(phases)-1] != u.Phase {
			phases = append(phases, u.Phase)
		}
		if u.BytesDone > u.BytesTotal || u.FilesDone > u.FilesTotal {
			t.Errorf("update beyond its total: %+v", u)
		}
	}
	if !slices.Equal(phases, order) {
		t.Errorf("phases %q, want %q", phases, order)
	}
	last := updates[len(updates)-1]
	if last.BytesDone != last.BytesTotal || last.FilesDone != last.FilesTotal || last.BytesTotal == 0 {
		t.Errorf("last update %+v", last)
	}
	var prev int64
	for _, u := range updates {
		if u.Phase == progress.PhaseArchive {
			if u.BytesDone < prev {
				t.Errorf("archive progress went back: %d after %d", u.BytesDone, prev)
			}
			prev = u.BytesDone
		}
	}
}

func TestDefaultDestination(t *testing.T) {
	l := makeData(t)
	ctx := context.Background()
	if err := os.RemoveAll(l.Backups()); err != nil {
		t.Fatal(err)
	}
	name := DefaultName(time.Now())
	// What a backup killed half way leaves; the next one clears it.
	stale := []string{
		filepath.Join(l.Root, ".db-snapshot-0123456789abcdef.sqlite3"),
		filepath.Join(l.Root, ".db-snapshot-0123456789abcdef.sqlite3-journal"),
		filepath.Join(l.Backups(), "."+name+".tmp-98765"),
	}
	for _, p := range stale {
		writeFile(t, p, []byte("left by a crash"))
	}
	r1, err := create(ctx, l, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := create(ctx, l, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s survived the next backup (%v)", p, err)
		}
	}
	if got := listDir(t, l.Backups()); len(got) != 2 {
		t.Errorf("backups folder holds %q", got)
	}
	want2 := strings.TrimSuffix(name, ".zip") + "-2.zip"
	if r1.Path != filepath.Join(l.Backups(), name) || r2.Path != filepath.Join(l.Backups(), want2) {
		t.Errorf("paths %s, %s", r1.Path, r2.Path)
	}
	if st, err := os.Stat(l.Backups()); err != nil || (runtime.GOOS != "windows" && st.Mode().Perm() != 0o700) {
		t.Errorf("backups folder: %v %v", st.Mode(), err)
	}
	// An existing folder as dest: the default name inside it.
	dir := t.TempDir()
	r3, err := create(ctx, l, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r3.Path != filepath.Join(dir, name) {
		t.Errorf("path %s, want %s", r3.Path, filepath.Join(dir, name))
	}
	// The second backup did not pick up the first one.
	out, _ := extract(t, r2.Path)
	if got := listDir(t, out); !slices.Equal(got, []string{"db.sqlite3", "media"}) {
		t.Errorf("backup extracts to %q", got)
	}
}

func TestMediaFolderEmptyOrMissing(t *testing.T) {
	for _, tc := range []string{"empty", "missing"} {
		t.Run(tc, func(t *testing.T) {
			l := makeData(t)
			if err := os.RemoveAll(l.Media()); err != nil {
				t.Fatal(err)
			}
			if tc == "empty" {
				if err := os.Mkdir(l.Media(), 0o700); err != nil {
					t.Fatal(err)
				}
			}
			res, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b.zip"), nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.MediaFiles != 0 || res.MediaBytes != 0 {
				t.Errorf("result %+v", res)
			}
			// Every referenced photo is now missing.
			if len(res.Warnings) != 4 {
				t.Errorf("warnings %q, want the 4 referenced photos", res.Warnings)
			}
			out, a := extract(t, res.Path)
			if len(a.Media) != 0 {
				t.Errorf("archive has media %v", a.Media)
			}
			if got := listDir(t, out); !slices.Equal(got, []string{"db.sqlite3"}) {
				t.Errorf("backup extracts to %q", got)
			}
		})
	}
}

func TestSymlinksAndBadNamesAreSkipped(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symlinks need privileges on Windows")
	}
	l := makeData(t)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	writeFile(t, secret, []byte("outside the data folder"))
	if err := os.Symlink(secret, filepath.Join(l.Media(), "link.txt")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(l.Media(), "what?.txt"), []byte("x"))
	writeFile(t, filepath.Join(l.Media(), "Empty.ICO"), []byte("y"))
	res, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b.zip"), nil)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := extract(t, res.Path)
	got := hashFiles(t, filepath.Join(out, "media"))
	if _, ok := got["link.txt"]; ok {
		t.Errorf("link.txt is in the backup")
	}
	// A name Windows cannot hold is still the user's photo: kept (issue 16).
	if _, ok := got["what?.txt"]; !ok {
		t.Errorf("what?.txt is not in the backup")
	}
	// The 5 of makeData, with Empty.ICO (first in walk order) in place of
	// empty.ico, and what?.txt.
	if _, ok := got["empty.ico"]; len(got) != 6 || ok || got["Empty.ICO"] == "" {
		t.Errorf("backup media %v", got)
	}
	w := strings.Join(notice.Texts(res.Warnings), "\n")
	for _, s := range []string{"media/link.txt is a shortcut to somewhere else, so this backup does not hold it.", "what?.txt", "Windows cannot hold", "what_.txt", "only in case"} {
		if !strings.Contains(w, s) {
			t.Errorf("warnings lack %q:\n%s", s, w)
		}
	}
}

func TestMissingDatabase(t *testing.T) {
	l := makeData(t)
	if err := os.Remove(l.DB()); err != nil {
		t.Fatal(err)
	}
	destDir := t.TempDir()
	_, err := create(context.Background(), l, filepath.Join(destDir, "b.zip"), nil)
	want := "no database at " + l.DB() + ": nothing to back up"
	if !errors.Is(err, ErrNothingToBackUp) || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if got := listDir(t, destDir); len(got) != 0 {
		t.Errorf("destination holds %q", got)
	}
	// A data folder that does not exist is not created.
	missing := folder.Layout{Root: filepath.Join(t.TempDir(), "nope")}
	if _, err := create(context.Background(), missing, "", nil); !errors.Is(err, folder.ErrNoFolder) {
		t.Errorf("err = %v", err)
	}
	if _, err := os.Stat(missing.Root); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Create made the missing data folder: %v", err)
	}
}

func TestRefusedDestinations(t *testing.T) {
	l := makeData(t)
	mediaBefore := hashFiles(t, l.Media())
	dbBefore := hashFiles(t, l.Root)["db.sqlite3"]
	for name, dest := range map[string]string{
		"inside media":     filepath.Join(l.Media(), "b.zip"),
		"media itself":     l.Media(),
		"deep inside":      filepath.Join(l.Media(), "members", "photos", "b.zip"),
		"over the db":      l.DB(),
		"missing folder":   filepath.Join(t.TempDir(), "no", "such", "b.zip"),
		"over the journal": l.Journal(),
	} {
		_, err := create(context.Background(), l, dest, nil)
		if !errors.Is(err, ErrBadDestination) {
			t.Errorf("%s: err = %v, want ErrBadDestination", name, err)
		}
	}
	if got := hashFiles(t, l.Media()); fmt.Sprint(got) != fmt.Sprint(mediaBefore) {
		t.Errorf("media changed: %v", got)
	}
	if got := hashFiles(t, l.Root)["db.sqlite3"]; got != dbBefore {
		t.Error("database changed")
	}
}

func TestReplacesExistingFile(t *testing.T) {
	l := makeData(t)
	dest := filepath.Join(t.TempDir(), "b.zip")
	writeFile(t, dest, []byte("old content"))
	if _, err := create(context.Background(), l, dest, nil); err != nil {
		t.Fatal(err)
	}
	extract(t, dest)
}

func TestBusy(t *testing.T) {
	l := makeData(t)
	f, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	destDir := t.TempDir()
	if _, err := create(context.Background(), l, destDir, nil); !errors.Is(err, folder.ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	// The holder of the lock can back up.
	if _, err := Create(context.Background(), f, destDir, nil); err != nil {
		t.Fatal(err)
	}
}

func TestCancel(t *testing.T) {
	t.Run("before start", func(t *testing.T) {
		l := makeData(t)
		rootBefore := listDir(t, l.Root)
		destDir := t.TempDir()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := create(ctx, l, filepath.Join(destDir, "b.zip"), nil); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if got := listDir(t, destDir); len(got) != 0 {
			t.Errorf("destination holds %q", got)
		}
		if got := listDir(t, l.Root); !slices.Equal(got, rootBefore) {
			t.Errorf("data folder holds %q, before %q", got, rootBefore)
		}
	})
	// Cancel at each phase, from the progress callback, the way the app's
	// Cancel button reaches a running backup.
	for _, at := range []string{progress.PhaseScan, progress.PhaseSnapshot, progress.PhaseArchive + " db", progress.PhaseArchive + " media", progress.PhaseSync} {
		t.Run(at, func(t *testing.T) {
			l := makeData(t)
			rootBefore := listDir(t, l.Root)
			destDir := t.TempDir()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			phase, entry, _ := strings.Cut(at, " ")
			cancelled := false
			_, err := create(ctx, l, filepath.Join(destDir, "b.zip"), func(u progress.Update) {
				if cancelled {
					if u.Phase != phase {
						t.Errorf("work went on after cancel: %+v", u)
					}
					return
				}
				if u.Phase == phase && (entry == "" || (entry == "db" && u.Current == "db.sqlite3") || (entry == "media" && strings.HasPrefix(u.Current, "media/"))) {
					cancel()
					cancelled = true
				}
			})
			if !cancelled {
				t.Fatal("never reached the phase to cancel in")
			}
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if got := listDir(t, destDir); len(got) != 0 {
				t.Errorf("destination holds %q", got)
			}
			if got := listDir(t, l.Root); !slices.Equal(got, rootBefore) {
				t.Errorf("data folder holds %q, before %q", got, rootBefore)
			}
		})
	}
}

func TestWALWithUncheckpointedFrames(t *testing.T) {
	l := makeData(t)
	db := openRW(t, l.DB())
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode=WAL").Scan(&mode); err != nil || mode != "wal" {
		t.Fatalf("journal_mode: %q %v", mode, err)
	}
	mustExec(t, db, "PRAGMA wal_autocheckpoint=0")
	for i := range 50 {
		mustExec(t, db, "INSERT INTO society_area(name, description, created_at, updated_at, sync_pending) VALUES (?, '', '2025-01-01', '2025-01-01', 1)", fmt.Sprintf("WAL area %d", i))
	}
	if st, err := os.Stat(l.DB() + "-wal"); err != nil || st.Size() == 0 {
		t.Fatalf("no frames in -wal: %v", err)
	}
	res, err := create(context.Background(), l, filepath.Join(t.TempDir(), "b.zip"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Tables["society_area"] != 52 {
		t.Errorf("result counts %d areas, want 52", res.Tables["society_area"])
	}
	out, _ := extract(t, res.Path)
	outDB := filepath.Join(out, "db.sqlite3")
	adb, err := register.Open(outDB)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	var n int
	if err := adb.QueryRow("SELECT count(*) FROM society_area WHERE name LIKE 'WAL area %'").Scan(&n); err != nil || n != 50 {
		t.Errorf("backup holds %d of the 50 rows in -wal (%v)", n, err)
	}
	if err := adb.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "delete" {
		t.Errorf("backup's database journal mode %q (%v), want delete", mode, err)
	}
	// The writer keeps working.
	mustExec(t, db, "INSERT INTO society_area(name, description, created_at, updated_at, sync_pending) VALUES ('after', '', '2025-01-01', '2025-01-01', 1)")
}

func TestUnicodeDataFolder(t *testing.T) {
	l := makeData(t)
	moved := folder.Layout{Root: filepath.Join(filepath.Dir(l.Root), portable.Name("മഹല്ല് data ? #1"))}
	if err := os.Rename(l.Root, moved.Root); err != nil {
		t.Fatal(err)
	}
	res, err := create(context.Background(), moved, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	out, a := extract(t, res.Path)
	if a.Manifest.SourceDir != moved.Root {
		t.Errorf("source dir %q", a.Manifest.SourceDir)
	}
	if dumpDB(t, filepath.Join(out, "db.sqlite3")) != dumpDB(t, moved.DB()) {
		t.Error("database differs")
	}
}

// A backup that fails, whatever the reason, leaves no file in the
// destination folder and nothing new in the data folder.
func TestFailureLeavesNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		spoil func(l folder.Layout)
		want  string
	}{
		"database is not SQLite": {
			spoil: func(l folder.Layout) { writeFile(t, l.DB(), []byte("this is a text file, not a register")) },
			want:  "is not an SQLite database",
		},
		"media is a file": {
			spoil: func(l folder.Layout) {
				if err := os.RemoveAll(l.Media()); err != nil {
					t.Fatal(err)
				}
				writeFile(t, l.Media(), []byte("not a folder"))
			},
			want: "is not a folder",
		},
	} {
		t.Run(name, func(t *testing.T) {
			l := makeData(t)
			tc.spoil(l)
			before := hashFiles(t, l.Root)
			destDir := t.TempDir()
			_, err := create(context.Background(), l, filepath.Join(destDir, "b.zip"), nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
			if got := listDir(t, destDir); len(got) != 0 {
				t.Errorf("destination holds %q", got)
			}
			after := hashFiles(t, l.Root)
			delete(after, folder.LockName)
			if fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("data folder changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}
