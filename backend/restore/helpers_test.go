package restore

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"mahall/backend/backup"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/internal/sampledata"
	"mahall/internal/testkit"

	_ "modernc.org/sqlite"
)

// restoreInto opens the data folder at l (creating it if needed), restores
// the backup at path into it and closes it, as the CLI does.
func restoreInto(ctx context.Context, l folder.Layout, path string, opt Options, report progress.Func) (Result, error) {
	f, err := folder.Open(ctx, l.Root, folder.Options{Create: true})
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	return Run(ctx, f, path, opt, report)
}

// backupOf opens the data folder at l, backs it up to dest and closes it.
func backupOf(ctx context.Context, l folder.Layout, dest string) (backup.Result, error) {
	f, err := folder.Open(ctx, l.Root, folder.Options{})
	if err != nil {
		return backup.Result{}, err
	}
	defer f.Close()
	return backup.Create(ctx, f, dest, progress.Nop)
}

// takeLock opens and closes the data folder at l, so that its lock file,
// which every operation leaves, is there before a test looks.
func takeLock(t testing.TB, l folder.Layout) {
	t.Helper()
	f, err := folder.Open(context.Background(), l.Root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// makeData copies a small made-up register (database and real photos) into
// dir, different for each seed. Each seed is generated once per test run.
func makeData(t testing.TB, dir string, seed int64) folder.Layout {
	t.Helper()
	cacheMu.Lock()
	src, ok := dataCache[seed]
	if !ok {
		src = filepath.Join(cacheDir, fmt.Sprintf("data-%d", seed))
		_, err := sampledata.Generate(context.Background(), src, sampledata.Options{
			Seed: seed, Members: 24, PhotoBytes: 240 << 10, PhotoFraction: 0.75, Workers: 1,
		})
		if err != nil {
			cacheMu.Unlock()
			t.Fatalf("generate sample data: %v", err)
		}
		dataCache[seed] = src
	}
	cacheMu.Unlock()
	copyTree(t, src, dir)
	return folder.Layout{Root: dir}
}

var (
	cacheDir  string
	cacheMu   sync.Mutex
	dataCache = map[int64]string{}
	zipCache  = map[int64]string{}
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "mahall-restore-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cacheDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// dataFiles is the hashed tree limited to what a restore replaces: the database
// with its sidecars and the media files (folders left out).
func dataFiles(t testing.TB, l folder.Layout) map[string]string {
	t.Helper()
	out := map[string]string{}
	for k, v := range testkit.MissingIsEmpty(t, l.Root, nil) {
		if v == "dir" {
			continue
		}
		if strings.HasPrefix(k, folder.DBName) || strings.HasPrefix(k, folder.MediaName+"/") {
			out[k] = v
		}
	}
	return out
}

// archiveFiles maps each entry of the ZIP at path to its hash, under the
// name it should have in the data folder (layout B's bare media paths get
// media/), manifest.json and directories left out.
func archiveFiles(t testing.TB, path string) map[string]string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]string{}
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if name == "manifest.json" || strings.HasSuffix(name, "/") {
			continue
		}
		if name != folder.DBName && !strings.HasPrefix(name, "media/") {
			name = "media/" + name
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
		out[name] = hex.EncodeToString(h.Sum(nil))
	}
	return out
}

func equalMaps(t testing.TB, what string, got, want map[string]string) {
	t.Helper()
	diff := testkit.TreeDiff(got, want)
	for i, d := range diff {
		if i == 10 {
			t.Errorf("%s: %d differences in all", what, len(diff))
			break
		}
		t.Errorf("%s: %s", what, d)
	}
}

// zent is one entry of a hand-built ZIP.
type zent struct {
	name    string
	body    []byte
	store   bool
	symlink bool
	// declared overrides the uncompressed size in the headers (a lie, for
	// the declared-size bomb); 0 keeps the truth.
	declared uint64
}

// writeZip writes entries the way the old program did on Windows: Deflate,
// no directory entries, an MS-DOS creator and attributes.
func writeZip(t testing.TB, path string, ents []zent) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	mod := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, e := range ents {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mod}
		h.CreatorVersion = 0<<8 | 20 // MS-DOS
		h.ExternalAttrs = 0x20       // FILE_ATTRIBUTE_ARCHIVE
		if e.store {
			h.Method = zip.Store
		}
		if e.symlink {
			h.CreatorVersion = 3<<8 | 20 // Unix, so the mode bits count
			h.SetMode(fs.ModeSymlink | 0o777)
		}
		if e.declared != 0 {
			writeRaw(t, zw, h, e)
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// writeRaw stores e.body as is but declares e.declared bytes.
func writeRaw(t testing.TB, zw *zip.Writer, h *zip.FileHeader, e zent) {
	t.Helper()
	h.Method = zip.Store
	h.CompressedSize64 = uint64(len(e.body))
	h.UncompressedSize64 = e.declared
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(e.body); err != nil {
		t.Fatal(err)
	}
}

// legacyEntries reads the data folder l as the old program zipped it:
// db.sqlite3 at the root, then media files with prefix (e.g. "media/" for
// layout A, "" for B) and sep as the separator.
func legacyEntries(t testing.TB, l folder.Layout, prefix, sep string) []zent {
	t.Helper()
	db, err := os.ReadFile(l.DB())
	if err != nil {
		t.Fatal(err)
	}
	ents := []zent{{name: folder.DBName, body: db}}
	err = filepath.WalkDir(l.Media(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(l.Media(), p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		name := prefix + strings.ReplaceAll(filepath.ToSlash(rel), "/", sep)
		ents = append(ents, zent{name: name, body: b})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ents
}

// sqliteFile makes a database file holding what the statements create.
func sqliteFile(t testing.TB, path string, stmts ...string) []byte {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tableCounts reads the row counts of the database at path.
func tableCounts(t testing.TB, path string) map[string]int64 {
	t.Helper()
	db, err := register.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := register.Counts(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// dump is every row of every table of the database at path, as text: two
// databases with the same dump hold the same data, whatever their pages.
func dump(t testing.TB, path string) string {
	t.Helper()
	db, err := register.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var tables []string
	for rows.Next() {
		var name, sqlText string
		if err := rows.Scan(&name, &sqlText); err != nil {
			t.Fatal(err)
		}
		b.WriteString(sqlText + "\n")
		if strings.HasPrefix(strings.ToUpper(sqlText), "CREATE TABLE") {
			tables = append(tables, name)
		}
	}
	rows.Close()
	for _, tbl := range tables {
		r, err := db.Query(`SELECT * FROM "` + tbl + `" ORDER BY 1`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for r.Next() {
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			b.WriteString(tbl)
			for _, v := range vals {
				b.WriteString("|")
				if bs, ok := v.([]byte); ok {
					v = hex.EncodeToString(bs)
				}
				fmt.Fprintf(&b, "%T:%v", v, v)
			}
			b.WriteString("\n")
		}
		r.Close()
	}
	return b.String()
}

// archiveSizes maps each file entry of the ZIP at path to its uncompressed
// size.
func archiveSizes(t testing.TB, path string) map[string]int64 {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string]int64{}
	for _, f := range zr.File {
		out[f.Name] = int64(f.UncompressedSize64)
	}
	return out
}
