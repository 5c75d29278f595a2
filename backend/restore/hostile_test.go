package restore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// tamperManifest copies the mahall-backup/1 archive src to dst with one
// media file's SHA-256 in the manifest changed, every entry's bytes as they
// were: only the manifest's check can catch it.
func tamperManifest(t *testing.T, src, dst string) (entry string) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(zipEntry(t, src, archive.ManifestName), &m); err != nil {
		t.Fatal(err)
	}
	for _, fi := range m["files"].([]any) {
		fm := fi.(map[string]any)
		if name := fm["name"].(string); strings.HasPrefix(name, "media/") {
			entry = name
			fm["sha256"] = strings.Repeat("ab", 32)
			break
		}
	}
	if entry == "" {
		t.Fatal("no media entry in the manifest to tamper with")
	}
	b, _ := json.Marshal(m)
	rewriteZip(t, src, dst, map[string][]byte{archive.ManifestName: b})
	return entry
}

// Every hostile archive is refused with a message that names the entry or
// the problem, and leaves the data folder (backups included) and everything
// around it byte for byte as it was.
func TestHostileArchives(t *testing.T) {
	root := t.TempDir()
	l := makeData(t, filepath.Join(root, "Mahali"), 1)
	addOtherFiles(t, l)
	// The lock file appears at the first Run and is no data; take it now
	// so that it is part of "before".
	takeLock(t, l)

	dir := filepath.Join(root, "archives")
	os.Mkdir(dir, 0o700)
	goodDB, err := os.ReadFile(l.DB())
	if err != nil {
		t.Fatal(err)
	}
	photo := []byte("\x89PNG\r\n\x1a\n not really decoded by a restore")
	outside := filepath.Join(os.TempDir(), "mahall-hostile-"+filepath.Base(root))

	// A database with a valid header and damaged pages.
	corrupt := bytes.Clone(goodDB)
	pageSize := int(corrupt[16])<<8 | int(corrupt[17])
	if pageSize == 1 {
		pageSize = 65536
	}
	if len(corrupt) < 4*pageSize {
		t.Fatalf("sample database too small (%d bytes) to damage", len(corrupt))
	}
	for i := pageSize; i < len(corrupt)-pageSize; i += pageSize {
		copy(corrupt[i+100:i+400], bytes.Repeat([]byte{0xA5}, 300))
	}
	foreign := sqliteFile(t, filepath.Join(dir, "foreign.sqlite3"), `CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)`)
	zeros := make([]byte, archive.DefaultLimits.RatioFloor+1<<20) // just past the size held to the ratio

	v1 := makeBackup(t, 2)
	valid, err := os.ReadFile(v1)
	if err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		name  string
		make  func(path string) string // writes the archive, returns what the error must mention
		check func(err error) bool     // an extra check, may be nil
	}{
		{"dot-dot slash", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: "../evil.txt", body: []byte("x")}})
			return "../evil.txt"
		}, nil},
		{"dot-dot backslash", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: `media\..\..\evil.txt`, body: []byte("x")}})
			return `evil.txt`
		}, nil},
		{"absolute path", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: outside, body: []byte("x")}})
			return "absolute"
		}, nil},
		{"drive letter", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: `C:\Windows\evil.txt`, body: []byte("x")}})
			return "drive"
		}, nil},
		{"symlink entry", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: "media/members/photos/link.png", body: []byte("/etc/passwd"), symlink: true}})
			return "media/members/photos/link.png"
		}, nil},
		{"zip bomb by ratio", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: "media/members/photos/bomb.png", body: zeros}})
			return "media/members/photos/bomb.png"
		}, func(err error) bool { return errors.Is(err, archive.ErrTooLarge) }},
		{"zip bomb by declared size", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: "media/members/photos/huge.png", body: photo, declared: 1 << 41}})
			return "huge.png"
		}, func(err error) bool { return errors.Is(err, archive.ErrTooLarge) }},
		{"truncated archive", func(p string) string {
			os.WriteFile(p, valid[:len(valid)/2], 0o600)
			return filepath.Base(p)
		}, nil},
		{"not a ZIP", func(p string) string {
			os.WriteFile(p, []byte("Dear committee, the accounts for 2024 are attached.\n"), 0o600)
			return "not a ZIP"
		}, func(err error) bool { return errors.Is(err, archive.ErrNotZip) }},
		{"empty ZIP", func(p string) string {
			writeZip(t, p, nil)
			return "empty"
		}, nil},
		{"no database", func(p string) string {
			writeZip(t, p, []zent{{name: "media/members/photos/a.png", body: photo}})
			return "db.sqlite3"
		}, func(err error) bool { return errors.Is(err, archive.ErrNoDB) }},
		{"database not SQLite", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: []byte(strings.Repeat("not a database ", 400))}})
			return "db.sqlite3 in " + p + ": the database is not an SQLite database"
		}, nil},
		{"corrupt database", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: corrupt}})
			return "db.sqlite3 in " + p + ": database integrity check failed"
		}, nil},
		{"duplicate entries", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: "media/members/photos/a.png", body: photo}, {name: "media/members/photos/a.png", body: photo}})
			return "media/members/photos/a.png"
		}, func(err error) bool { return errors.Is(err, archive.ErrDuplicate) }},
		{"names differing only in case", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: goodDB}, {name: "media/members/photos/a.png", body: photo}, {name: "media/members/photos/A.PNG", body: photo}})
			return "a.png"
		}, func(err error) bool { return errors.Is(err, archive.ErrDuplicate) }},
		{"manifest checksum mismatch", func(p string) string {
			return tamperManifest(t, v1, p)
		}, func(err error) bool { return errors.Is(err, archive.ErrChecksum) }},
		{"no register tables", func(p string) string {
			writeZip(t, p, []zent{{name: "db.sqlite3", body: foreign}})
			return "--force"
		}, func(err error) bool { return errors.Is(err, ErrNotRegister) }},
	}

	before := testkit.MissingIsEmpty(t, root, nil)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "hostile.zip")
			mention := c.make(p)
			_, err := restoreInto(context.Background(), l, p, Options{}, nil)
			if err == nil {
				t.Fatal("restored a hostile archive")
			}
			t.Logf("refused: %v", err)
			if !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(mention)) {
				t.Errorf("error %q does not mention %q", err, mention)
			}
			if c.check != nil && !c.check(err) {
				t.Errorf("error %q is not of the expected kind", err)
			}
			equalMaps(t, "the folder around the data", testkit.MissingIsEmpty(t, root, nil), before)
			if _, err := os.Lstat(outside); err == nil {
				os.Remove(outside)
				t.Errorf("%s was written outside the data folder", outside)
			}
			for _, name := range []string{"evil.txt", filepath.Join("..", "evil.txt")} {
				if _, err := os.Lstat(filepath.Join(filepath.Dir(root), name)); err == nil {
					t.Errorf("%s was written outside", name)
				}
			}
			noStagingLeft(t, l)
		})
	}
	if t.Failed() {
		return
	}
	// And the data folder still works: it is the register it was.
	if c := tableCounts(t, l.DB()); c["society_member"] != 24 {
		t.Errorf("counts after the hostile archives: %v", c)
	}
	if _, err := os.Stat(filepath.Join(l.Root, folder.JournalName)); err == nil {
		t.Error("journal left")
	}
}
