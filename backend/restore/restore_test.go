package restore

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/internal/testkit"
)

// otherFiles are the things in a data folder a restore must leave alone.
var otherFiles = map[string]string{
	"backups/mahall_backup_2024-01-01.zip": "an older backup, kept",
	"logs/backend.log":                     "log line\n",
	"mahall-installed":                     "",
}

func addOtherFiles(t *testing.T, l folder.Layout) {
	t.Helper()
	for name, body := range otherFiles {
		p := filepath.Join(l.Root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// makeBackup returns a mahall-backup/1 archive of the sample register of
// seed, made once per test run; tests must not change it.
func makeBackup(t testing.TB, seed int64) string {
	t.Helper()
	cacheMu.Lock()
	p, ok := zipCache[seed]
	cacheMu.Unlock()
	if ok {
		return p
	}
	src := makeData(t, filepath.Join(t.TempDir(), "source"), seed)
	dest := filepath.Join(cacheDir, fmt.Sprintf("backup-%d.zip", seed))
	if _, err := backupOf(context.Background(), src, dest); err != nil {
		t.Fatalf("make test backup: %v", err)
	}
	cacheMu.Lock()
	zipCache[seed] = dest
	cacheMu.Unlock()
	return dest
}

func noStagingLeft(t *testing.T, l folder.Layout) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(filepath.Dir(l.Root), "."+filepath.Base(l.Root)+".restore-*"))
	if len(m) > 0 {
		t.Errorf("staging left behind: %v", m)
	}
	if _, err := os.Stat(l.Journal()); err == nil {
		t.Errorf("journal left behind")
	}
}

func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
	addOtherFiles(t, l)
	oldFiles := dataFiles(t, l)
	oldDump := dump(t, l.DB())
	archivePath := makeBackup(t, 2)

	var phases []string
	res, err := restoreInto(ctx, l, archivePath, Options{}, func(u progress.Update) {
		if len(phases) == 0 || phases[len(phases)-1] != u.Phase {
			phases = append(phases, u.Phase)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	equalMaps(t, "restored data", dataFiles(t, l), archiveFiles(t, archivePath))
	for name, body := range otherFiles {
		b, err := os.ReadFile(filepath.Join(l.Root, filepath.FromSlash(name)))
		if err != nil || string(b) != body {
			t.Errorf("%s was not left alone: %q, %v", name, b, err)
		}
	}
	noStagingLeft(t, l)
	if res.SafetyBackup == "" || filepath.Dir(res.SafetyBackup) != l.Backups() ||
		!strings.HasPrefix(filepath.Base(res.SafetyBackup), "pre-restore-") {
		t.Fatalf("safety backup %q not in %s", res.SafetyBackup, l.Backups())
	}
	if res.Preview.Format != "mahall-backup/1" || res.Preview.Members != 24 || res.Preview.MediaFiles == 0 {
		t.Errorf("preview = %+v", res.Preview)
	}
	for _, want := range []string{progress.PhaseValidate, progress.PhaseExtract, progress.PhaseSwap, progress.PhaseDone} {
		if !strings.Contains(strings.Join(phases, " "), want) {
			t.Errorf("phase %s never reported: %v", want, phases)
		}
	}

	// The safety backup brings the old data back: the media byte for byte,
	// the database row for row (the backup API rewrites its header).
	res2, err := restoreInto(ctx, l, res.SafetyBackup, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := dataFiles(t, l)
	if got[folder.DBName] == "" {
		t.Fatal("no database after restoring the safety backup")
	}
	delete(got, folder.DBName)
	want := map[string]string{}
	for k, v := range oldFiles {
		if k != folder.DBName {
			want[k] = v
		}
	}
	equalMaps(t, "data after restoring the safety backup", got, want)
	if d := dump(t, l.DB()); d != oldDump {
		t.Error("the database restored from the safety backup differs from the original")
	}
	if _, err := os.Stat(res.SafetyBackup); err != nil {
		t.Errorf("the first safety backup is gone: %v", err)
	}
	if res2.SafetyBackup == res.SafetyBackup || res2.SafetyBackup == "" {
		t.Errorf("second safety backup %q", res2.SafetyBackup)
	}
	noStagingLeft(t, l)
}

func TestFirstInstall(t *testing.T) {
	archivePath := makeBackup(t, 2)
	l := folder.Layout{Root: filepath.Join(t.TempDir(), "new", "Mahali")}
	res, err := restoreInto(context.Background(), l, archivePath, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.SafetyBackup != "" {
		t.Errorf("safety backup %q made with no data to protect", res.SafetyBackup)
	}
	equalMaps(t, "restored data", dataFiles(t, l), archiveFiles(t, archivePath))
	if _, err := os.Stat(l.Backups()); err == nil {
		t.Error("a backups folder was made with nothing in it")
	}
	noStagingLeft(t, l)
}

func TestFailedFirstInstallLeavesNoFolder(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.zip")
	os.WriteFile(bad, []byte("not a zip at all"), 0o600)
	l := folder.Layout{Root: filepath.Join(t.TempDir(), "Mahali")}
	if _, err := restoreInto(context.Background(), l, bad, Options{}, nil); err == nil {
		t.Fatal("restored a file that is not a ZIP")
	}
	if _, err := os.Stat(l.Root); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the data folder was left behind: %v", err)
	}
}

// Legacy archives, built as the old program built them on Windows.
func TestLegacyLayouts(t *testing.T) {
	src := makeData(t, filepath.Join(t.TempDir(), "legacy-source"), 3)
	cases := []struct {
		name       string
		layout     string
		prefix     string
		sep        string
		mediaFiles bool
	}{
		{"A", "A", "media/", "/", true},
		{"B", "B", "", "/", true},
		{"B-backslash", "B", "", `\`, true}, // separators as Windows wrote them
		{"C", "C", "", "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ents := legacyEntries(t, src, c.prefix, c.sep)
			if !c.mediaFiles {
				ents = ents[:1]
			}
			archivePath := filepath.Join(t.TempDir(), "mahall_backup_2024-03-01.zip")
			writeZip(t, archivePath, ents)

			l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
			before := dataFiles(t, l)
			res, err := restoreInto(context.Background(), l, archivePath, Options{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res.Preview.Format != c.layout {
				t.Errorf("format %q, want %q", res.Preview.Format, c.layout)
			}
			// Where the register expects them: media/members/photos/...
			want := archiveFiles(t, archivePath)
			if !c.mediaFiles {
				// A database-only backup keeps the photos that were there.
				for k, v := range before {
					if strings.HasPrefix(k, folder.MediaName+"/") {
						want[k] = v
					}
				}
			}
			equalMaps(t, "restored data", dataFiles(t, l), want)
			if c.mediaFiles {
				wantSrc := dataFiles(t, src)
				equalMaps(t, "restored data vs the old program's folder", dataFiles(t, l), wantSrc)
			}
			if st, err := os.Stat(l.Media()); err != nil || !st.IsDir() {
				t.Errorf("no media folder after restoring layout %s: %v", c.layout, err)
			}
			noStagingLeft(t, l)
		})
	}
}

// A layout C backup (the database alone) replaces the database, keeps the
// current photos, says so in the preview and the result, and the safety
// backup still holds everything that was there.
func TestLayoutCKeepsPhotos(t *testing.T) {
	src := makeData(t, filepath.Join(t.TempDir(), "legacy-source"), 3)
	archivePath := filepath.Join(t.TempDir(), "mahall_backup_2023-06-01.zip")
	writeZip(t, archivePath, legacyEntries(t, src, "", "")[:1])

	p, err := Inspect(context.Background(), archivePath)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "C" || !slices.Contains(notice.Texts(p.Warnings), notice.PhotosKept().Text) {
		t.Errorf("preview of layout C: format %s, warnings %q; want %q", p.Format, p.Warnings, notice.PhotosKept().Text)
	}
	for _, w := range p.Warnings {
		if strings.Contains(w.Text, "not in this backup") {
			t.Errorf("preview of layout C warns of missing photos, which are kept: %q", w)
		}
	}

	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
	before := dataFiles(t, l)
	beforeRows := dump(t, l.DB())
	res, err := restoreInto(context.Background(), l, archivePath, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(notice.Texts(res.Notes), []string{notice.PhotosKept().Text}) {
		t.Errorf("result notes %q, want %q", res.Notes, notice.PhotosKept().Text)
	}
	after := dataFiles(t, l)
	photos := 0
	for k, v := range before {
		if strings.HasPrefix(k, folder.MediaName+"/") {
			photos++
			if after[k] != v {
				t.Errorf("photo %s was not kept", k)
			}
		}
	}
	if photos == 0 {
		t.Fatal("the data folder had no photos to keep")
	}
	if after[folder.DBName] != testkit.HashFile(t, src.DB()) {
		t.Errorf("the database was not replaced by the backup's")
	}
	if res.SafetyBackup == "" {
		t.Fatal("no safety backup")
	}
	// The safety backup's photos byte for byte, its database row for row
	// (a snapshot is a new file, not a copy of the old one's bytes).
	safety := archiveFiles(t, res.SafetyBackup)
	for k, v := range before {
		if k != folder.DBName && safety[k] != v {
			t.Errorf("safety backup lacks %s as it was", k)
		}
	}
	zr, err := zip.OpenReader(res.SafetyBackup)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(folder.DBName)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	oldDB := filepath.Join(t.TempDir(), "old.sqlite3")
	if err := os.WriteFile(oldDB, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if dump(t, oldDB) != beforeRows {
		t.Errorf("the safety backup's database differs from the one replaced")
	}
	noStagingLeft(t, l)

	// Into a new folder there are no photos to keep: an empty media folder.
	fresh := folder.Layout{Root: filepath.Join(t.TempDir(), "new")}
	res, err = restoreInto(context.Background(), fresh, archivePath, Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 0 {
		t.Errorf("notes for a new folder: %q", res.Notes)
	}
	if ents, err := os.ReadDir(fresh.Media()); err != nil || len(ents) != 0 {
		t.Errorf("media folder of a new folder: %v, %v", ents, err)
	}
}

func TestForceAcceptsForeignDatabase(t *testing.T) {
	dir := t.TempDir()
	db := sqliteFile(t, filepath.Join(dir, "x.sqlite3"), `CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)`, `INSERT INTO notes(body) VALUES ('hello')`)
	archivePath := filepath.Join(dir, "foreign.zip")
	writeZip(t, archivePath, []zent{{name: "db.sqlite3", body: db}})
	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)

	_, err := restoreInto(context.Background(), l, archivePath, Options{}, nil)
	if !errors.Is(err, ErrNotRegister) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("without --force: %v", err)
	}
	if _, err := restoreInto(context.Background(), l, archivePath, Options{Force: true}, nil); err != nil {
		t.Fatalf("with --force: %v", err)
	}
	if got := tableCounts(t, l.DB()); got["notes"] != 1 {
		t.Errorf("counts after forced restore: %v", got)
	}
}

func TestRefusesDatabaseInUse(t *testing.T) {
	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
	archivePath := makeBackup(t, 2)
	before := testkit.MissingIsEmpty(t, l.Root, nil)

	// Another program in the middle of a write transaction.
	other, err := sql.Open("sqlite", l.DB())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	_, err = restoreInto(context.Background(), l, archivePath, Options{}, nil)
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "close it and try again") {
		t.Fatalf("Run while another program writes: %v", err)
	}
	conn.ExecContext(context.Background(), "ROLLBACK")
	after := testkit.MissingIsEmpty(t, l.Root, nil)
	delete(after, folder.LockName)
	delete(before, folder.LockName)
	equalMaps(t, "data folder", after, before)
	noStagingLeft(t, l)
}

func TestRefusesWhenLocked(t *testing.T) {
	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
	f, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = restoreInto(context.Background(), l, makeBackup(t, 2), Options{}, nil)
	if !errors.Is(err, folder.ErrBusy) {
		t.Fatalf("Run on a locked folder: %v", err)
	}
}

func TestRunRecoversFirst(t *testing.T) {
	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
	f, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	staging, err := f.NewStaging()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := restoreInto(context.Background(), l, makeBackup(t, 2), Options{}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(staging); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("leftover staging %s survived a restore", staging)
	}
}

func TestCancel(t *testing.T) {
	l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
	archivePath := makeBackup(t, 2)
	before := testkit.MissingIsEmpty(t, filepath.Dir(l.Root), nil)
	for _, phase := range []string{progress.PhaseValidate, progress.PhaseExtract} {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := restoreInto(ctx, l, archivePath, Options{}, func(u progress.Update) {
			if u.Phase == phase {
				cancel()
			}
		})
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancel in %s: %v", phase, err)
		}
		after := testkit.MissingIsEmpty(t, filepath.Dir(l.Root), nil)
		delete(after, "Mahali/"+folder.LockName)
		delete(before, "Mahali/"+folder.LockName)
		equalMaps(t, "after cancel in "+phase, after, before)
	}
}

func TestInspectAndVerify(t *testing.T) {
	archivePath := makeBackup(t, 2)
	p, err := Inspect(context.Background(), archivePath)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "mahall-backup/1" || p.CreatedAt == nil || p.Members != 24 || p.Houses == 0 || p.Areas == 0 ||
		p.MediaFiles == 0 || p.MediaBytes == 0 || p.Tables["society_member"] != 24 || p.Warnings == nil {
		t.Errorf("inspect = %+v", p)
	}
	v, err := Verify(context.Background(), archivePath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Members != p.Members || v.MediaFiles != p.MediaFiles {
		t.Errorf("verify = %+v, inspect = %+v", v, p)
	}

	// A photo the database names but the archive lacks is a warning.
	src := makeData(t, filepath.Join(t.TempDir(), "src"), 3)
	ents := legacyEntries(t, src, "media/", "/")
	var dropped string
	for i, e := range ents {
		if strings.HasPrefix(e.name, "media/members/photos/") {
			dropped = strings.TrimPrefix(e.name, "media/")
			ents = append(ents[:i], ents[i+1:]...)
			break
		}
	}
	legacy := filepath.Join(t.TempDir(), "a.zip")
	writeZip(t, legacy, ents)
	p, err = Inspect(context.Background(), legacy)
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != "A" || p.CreatedAt != nil || !strings.Contains(strings.Join(notice.Texts(p.Warnings), "\n"), dropped) {
		t.Errorf("inspect of layout A missing %s: %+v", dropped, p)
	}
}

// Inspect reads the entries' list and the database, never a media body:
// a damaged photo goes unnoticed by it, and Verify names it.
func TestInspectSkipsMediaVerifyReadsIt(t *testing.T) {
	src := makeData(t, filepath.Join(t.TempDir(), "src"), 3)
	ents := legacyEntries(t, src, "media/", "/")
	body := []byte("a unique photo body that will be damaged in the archive")
	ents = append(ents, zent{name: "media/members/photos/damaged.jpg", body: body, store: true})
	p := filepath.Join(t.TempDir(), "a.zip")
	writeZip(t, p, ents)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, body)
	if i < 0 {
		t.Fatal("stored body not found")
	}
	b[i] ^= 0xff
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Inspect(context.Background(), p); err != nil {
		t.Fatalf("Inspect read a media body: %v", err)
	}
	_, err = Verify(context.Background(), p, nil)
	if err == nil || !strings.Contains(err.Error(), "damaged.jpg") {
		t.Fatalf("Verify of a damaged photo: %v", err)
	}
}
