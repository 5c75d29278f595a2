package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
	"mahall/backend/backup"
	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/version"
	"mahall/internal/registertest"
	"mahall/internal/testkit"
)

// The golden archives in testdata/golden are frozen: backups in each layout
// the old program wrote, on the older field schemas, and one written by
// this program's format mahall-backup/1. Any change of the reader must keep
// reading every one of them exactly as expected.json says. They were made
// once with
//
//	go test ./cmd/mahall_backup_restore -run TestWriteGolden -write-golden
//
// and must not be rewritten for a format change: add new files instead.
var writeGolden = flag.Bool("write-golden", false, "write the golden archives in testdata/golden (once)")

const goldenDir = "../../testdata/golden"

// goldenCase is one golden archive and what restoring it gives.
type goldenCase struct {
	File    string            `json:"file"`
	Layout  string            `json:"layout"`
	Schema  string            `json:"schema"` // the migration of its database
	Areas   int64             `json:"areas"`
	Houses  int64             `json:"houses"`
	Members int64             `json:"members"`
	Media   map[string]string `json:"media"` // path under the data folder's media/ -> SHA-256
	Notes   []string          `json:"notes,omitempty"`
	About   string            `json:"about"`
}

func readGoldenCases(t *testing.T) []goldenCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(goldenDir, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) < 5 {
		t.Fatalf("expected.json lists %d archives", len(cases))
	}
	return cases
}

// TestGoldenArchives inspects, verifies and restores every golden archive
// with the real CLI into a new data folder and checks what lands where.
func TestGoldenArchives(t *testing.T) {
	for _, c := range readGoldenCases(t) {
		t.Run(c.File, func(t *testing.T) {
			path := filepath.Join(goldenDir, c.File)
			runCLI(t, "verify", path).want(t, 0)

			r := runCLI(t, "inspect", path, "--json")
			r.want(t, 0)
			var p struct {
				Format     string           `json:"format"`
				Tables     map[string]int64 `json:"tables"`
				MediaFiles int              `json:"media_files"`
				Warnings   []string         `json:"warnings"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
				t.Fatal(err)
			}
			if p.Format != c.Layout || p.Tables["society_area"] != c.Areas || p.Tables["society_house"] != c.Houses ||
				p.Tables["society_member"] != c.Members || p.MediaFiles != len(c.Media) {
				t.Errorf("inspect: %+v; want layout %s, %d areas, %d houses, %d members, %d media files",
					p, c.Layout, c.Areas, c.Houses, c.Members, len(c.Media))
			}
			// A warning says first, in plain words, what it means.
			const older = "Made by the older Mahall program: it has no checksums, so damage inside it can be found only in part."
			if c.Layout != string(archive.LayoutV1) && (len(p.Warnings) == 0 || !strings.HasPrefix(p.Warnings[0], older+" ")) {
				t.Errorf("warnings %q; want the first to begin %q", p.Warnings, older)
			}
			for _, w := range p.Warnings {
				first, _, _ := strings.Cut(w, ". ")
				for _, jargon := range []string{"CRC", "SHA-256", "manifest", "layout"} {
					if strings.Contains(first, jargon) {
						t.Errorf("warning %q says %q in its first sentence", w, jargon)
					}
				}
			}
			for _, n := range c.Notes {
				if !strings.Contains(strings.Join(p.Warnings, "\n"), n) {
					t.Errorf("inspect does not say %q: %q", n, p.Warnings)
				}
			}

			target := filepath.Join(t.TempDir(), "Mahali")
			runCLI(t, "--data-dir", target, "restore", path).want(t, 0)
			got := testkit.HashTree(t, filepath.Join(target, "media"), nil)
			want := map[string]string{}
			for rel, h := range c.Media {
				want[rel] = h
				for d := filepath.ToSlash(filepath.Dir(rel)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
					want[d] = "dir"
				}
			}
			if !mapsEqual(got, want) {
				t.Errorf("restored media:\n got %v\nwant %v", got, want)
			}
			if registertest.SchemaText(t, filepath.Join(target, "db.sqlite3")) != registertest.SchemaText(t, schemaDB(t, c.Schema)) {
				t.Errorf("the restored database is not at migration %s", c.Schema)
			}
		})
	}
}

// schemaDB is an empty register at a migration, to compare schemas with.
func schemaDB(t *testing.T, v string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	registertest.Create(t, p, v).Close()
	return p
}

// TestWriteGolden makes the golden archives; it does nothing unless asked.
func TestWriteGolden(t *testing.T) {
	if !*writeGolden {
		t.Skip("run with -write-golden to write testdata/golden")
	}
	if err := os.MkdirAll(goldenDir, 0o755); err != nil {
		t.Fatal(err)
	}
	var cases []goldenCase
	legacy := []struct {
		file, schema string
		layout       archive.Layout
		sep          string
		about        string
	}{
		{"old-layout-a-0014.zip", "0014", archive.LayoutA, "/",
			"the old program's standalone tool (and its Google Drive upload): db.sqlite3 and media/..., Deflate, no folder entries, written on Windows"},
		{"old-layout-b-0013.zip", "0013", archive.LayoutB, "/",
			"the old program's in-app Create Backup: db.sqlite3 and the media paths without media/, Deflate, no folder entries, written on Windows"},
		{"old-layout-b-backslash-0008.zip", "0008", archive.LayoutB, `\`,
			"layout B with Windows separators in the entry names (members\\photos\\x.jpg)"},
		{"old-layout-c-0003.zip", "0003", archive.LayoutC, "",
			"an early version's backup: db.sqlite3 alone"},
	}
	for i, g := range legacy {
		db, media := goldenRegister(t, g.schema, int64(i))
		entries := archivetest.Legacy(g.layout, db, media)
		for j := range entries {
			entries[j].Name = strings.ReplaceAll(entries[j].Name, "/", g.sep)
			// Python writes the local time of each file's last change.
			entries[j].Modified = time.Date(2025, 11, 3, 18, 21, 4+2*j, 0, time.UTC)
		}
		archivetest.WriteZip(t, filepath.Join(goldenDir, g.file), entries)
		c := goldenCase{File: g.file, Layout: string(g.layout), Schema: g.schema, Areas: 2, Houses: 3, Members: 5,
			Media: map[string]string{}, About: g.about}
		if g.layout == archive.LayoutC {
			c.Notes = []string{notice.PhotosKept().Text}
		} else {
			for rel, b := range media {
				c.Media[rel] = sha(b)
			}
		}
		cases = append(cases, c)
	}

	// This program's own format, from a register at the latest migration,
	// written by the real backup code.
	root := filepath.Join(t.TempDir(), "Mahali")
	dbBytes, media := goldenRegister(t, registertest.Latest, 9)
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "db.sqlite3"), dbBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	for rel, b := range media {
		p := filepath.Join(root, "media", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	version.Version = "v1-golden (" + time.Now().UTC().Format("2006-01-02") + ")"
	f, err := folder.Open(context.Background(), root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const v1File = "mahall-backup-v1-0021.zip"
	_, err = backup.Create(context.Background(), f, filepath.Join(goldenDir, v1File), nil)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := goldenCase{File: v1File, Layout: string(archive.LayoutV1), Schema: registertest.Latest, Areas: 2, Houses: 3,
		Members: 5, Media: map[string]string{}, About: "written by this program (format mahall-backup/1) from a register at 0021"}
	for rel, b := range media {
		c.Media[rel] = sha(b)
	}
	cases = append(cases, c)

	b, err := json.MarshalIndent(cases, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(goldenDir, "expected.json"), append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goldenRegister is a small made-up register at a migration (two areas,
// three houses, five members of whom four have photos) and its photos,
// keyed by path under the media folder.
func goldenRegister(t *testing.T, schema string, seed int64) ([]byte, map[string][]byte) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	db := registertest.Create(t, p, schema)
	for _, a := range []string{"Kizhakkekara", "Padinjattumuri"} {
		registertest.Insert(t, db, "society_area", registertest.Row{"name": a, "description": "Made-up area " + a})
	}
	for i, h := range []string{"Thottathil", "Puthenpurayil", "Kallungal"} {
		registertest.Insert(t, db, "society_house", registertest.Row{"home_id": fmt.Sprint(1001 + i),
			"house_name": h, "family_name": h, "location_name": "Made-up Road", "area_id": 1 + i%2})
	}
	photos := []string{"members/photos/1001_rasheed.jpg", "members/photos/1002_sajna.png",
		"members/photos/ആയിഷ 1003.jpg", "members/photos/1004_noushad.jpeg", ""}
	names := []string{"Rasheed T", "Sajna K", "Ayisha P", "Noushad V", "Fidha M"}
	media := map[string][]byte{}
	for i, n := range names {
		var photo any
		if photos[i] != "" {
			photo = photos[i]
			media[photos[i]] = goldenPhoto(t, photos[i], seed*10+int64(i))
		}
		registertest.Insert(t, db, "society_member", registertest.Row{"member_id": fmt.Sprint(1001 + i),
			"name": n, "house_id": 1 + i%3, "status": "live", "date_of_birth": fmt.Sprintf("19%02d-0%d-1%d", 60+i*7, 1+i, i),
			"phone": fmt.Sprintf("+91 90000 0%04d", 1001+i), "photo": photo})
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b, media
}

// goldenPhoto is a small made-up picture: a coloured square with a band.
func goldenPhoto(t *testing.T, name string, seed int64) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 48))
	for y := range 48 {
		for x := range 48 {
			c := color.RGBA{uint8(40 + seed*37%200), uint8(x * 5), uint8(y * 5), 255}
			if y > 30 && y < 36 {
				c = color.RGBA{230, 200, 90, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(name, ".png") {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80})
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
