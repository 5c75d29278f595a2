package restore

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"mahall/backend/notice"
	"mahall/backend/register"
)

// A backup's manifest names the member photos it lacks, so Inspect needs no
// copy of the database: its preview is the one the database gives (a
// manifest without missing_photos, as earlier versions wrote, is previewed
// from the database), and it does not read the database at all, which
// Verify does.
func TestInspectFromManifest(t *testing.T) {
	ctx := context.Background()
	l := makeData(t, filepath.Join(t.TempDir(), "data"), 4)
	db, err := register.Open(l.DB())
	if err != nil {
		t.Fatal(err)
	}
	photos, err := register.Photos(ctx, db)
	db.Close()
	if err != nil || len(photos) < 2 {
		t.Fatalf("photos of the made-up register: %q, %v", photos, err)
	}
	gone := photos[1]
	if err := os.Remove(filepath.Join(l.Media(), filepath.FromSlash(gone))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "new.zip")
	if _, err := backupOf(ctx, l, path); err != nil {
		t.Fatal(err)
	}

	var m map[string]json.RawMessage
	if err := json.Unmarshal(zipEntry(t, path, "manifest.json"), &m); err != nil {
		t.Fatal(err)
	}
	var listed []string
	if err := json.Unmarshal(m["missing_photos"], &listed); err != nil || !slices.Equal(listed, []string{gone}) {
		t.Fatalf("manifest's missing_photos = %s (%v), want [%q]", m["missing_photos"], err, gone)
	}
	fromManifest, err := Inspect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if fromManifest.Members != 24 || !strings.Contains(strings.Join(notice.Texts(fromManifest.Warnings), "\n"), "1 member photo(s) are not in this backup") ||
		!strings.Contains(strings.Join(notice.Texts(fromManifest.Warnings), "\n"), gone) {
		t.Errorf("preview from the manifest = %+v, want 24 members and %s missing", fromManifest, gone)
	}

	// The same backup as an earlier version wrote it.
	delete(m, "missing_photos")
	older, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	olderPath := filepath.Join(t.TempDir(), "older.zip")
	rewriteZip(t, path, olderPath, map[string][]byte{"manifest.json": older})
	fromDB, err := Inspect(ctx, olderPath)
	if err != nil {
		t.Fatal(err)
	}
	fromDB.Path, fromDB.Size = fromManifest.Path, fromManifest.Size
	got, _ := json.Marshal(fromManifest)
	want, _ := json.Marshal(fromDB)
	if !bytes.Equal(got, want) {
		t.Errorf("preview from the manifest\n %s\ndiffers from the one from the database\n %s", got, want)
	}

	// A database damaged in the archive goes unnoticed by Inspect; Verify
	// finds it.
	dbBody := zipEntry(t, path, "db.sqlite3")
	bad := bytes.Repeat([]byte{'x'}, len(dbBody))
	badPath := filepath.Join(t.TempDir(), "bad-db.zip")
	rewriteZip(t, path, badPath, map[string][]byte{"db.sqlite3": bad})
	if p, err := Inspect(ctx, badPath); err != nil || p.Members != 24 {
		t.Errorf("Inspect read the database: %+v, %v", p, err)
	}
	if _, err := Verify(ctx, badPath, nil); err == nil || !strings.Contains(err.Error(), "db.sqlite3") {
		t.Errorf("Verify of a damaged database: %v", err)
	}
}

func zipEntry(t *testing.T, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rewriteZip copies the archive src to dst, entry by entry in order, with
// the bodies of the entries named in replace replaced.
func rewriteZip(t *testing.T, src, dst string, replace map[string][]byte) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		body, ok := replace[f.Name]
		if !ok {
			if err := zw.Copy(f); err != nil {
				t.Fatal(err)
			}
			continue
		}
		h := f.FileHeader
		w, err := zw.CreateHeader(&h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}
