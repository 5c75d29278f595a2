package main

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"mahall/backend/register"
)

// dataSpec describes a made-up data folder: a small register database and
// a media folder. Nothing in it is anyone's real data.
type dataSpec struct {
	seed       uint64
	areas      int
	houses     int
	members    int
	photos     int // members 1..photos have a photo file
	photoBytes int
	// bulk files (not referenced by the register) make a folder big enough
	// to interrupt a backup of it.
	bulkFiles, bulkBytes int
	// missingPhoto gives one more member a photo that the media folder lacks.
	missingPhoto bool
}

// dataInfo is what a written data folder holds, for comparing with what
// the CLI reports.
type dataInfo struct {
	tables     map[string]int64
	mediaFiles int
	mediaBytes int64
}

const (
	unicodePhoto = "members/photos/ആയിഷ photo 1.png"
	missingPhoto = "members/photos/missing-1009.jpg"
)

func writeDataDir(t *testing.T, root string, s dataSpec) dataInfo {
	t.Helper()
	rng := rand.New(rand.NewPCG(s.seed, 7))
	media := filepath.Join(root, "media")
	if err := os.MkdirAll(filepath.Join(media, "members", "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	info := dataInfo{tables: map[string]int64{}}
	writeMedia := func(rel string, n int, header []byte) {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(256))
		}
		copy(b, header)
		p := filepath.Join(media, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		info.mediaFiles++
		info.mediaBytes += int64(n)
	}

	db, err := sql.Open("sqlite", filepath.Join(root, "db.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE society_area (id integer PRIMARY KEY AUTOINCREMENT, name varchar(100) NOT NULL UNIQUE, description text NOT NULL DEFAULT '')`)
	exec(`CREATE TABLE society_house (id integer PRIMARY KEY AUTOINCREMENT, home_id varchar(20) NOT NULL UNIQUE, house_name varchar(100) NOT NULL, area_id integer NOT NULL REFERENCES society_area(id))`)
	exec(`CREATE TABLE society_member (id integer PRIMARY KEY AUTOINCREMENT, member_id varchar(20) NOT NULL UNIQUE, name varchar(100) NOT NULL, house_id integer REFERENCES society_house(id), phone varchar(15), photo varchar(100))`)
	exec(`CREATE TABLE django_migrations (id integer PRIMARY KEY AUTOINCREMENT, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied datetime NOT NULL)`)
	exec(`INSERT INTO django_migrations (app, name, applied) VALUES ('society', '0021_receipt', '2025-01-01 00:00:00')`)
	for i := 1; i <= s.areas; i++ {
		exec(`INSERT INTO society_area (name) VALUES (?)`, fmt.Sprintf("Area %d", i))
	}
	for i := 1; i <= s.houses; i++ {
		exec(`INSERT INTO society_house (home_id, house_name, area_id) VALUES (?, ?, ?)`,
			fmt.Sprint(1000+i), fmt.Sprintf("Test House %d", i), 1+(i-1)%max(s.areas, 1))
	}
	members := s.members
	for i := 1; i <= members; i++ {
		var photo any
		if i <= s.photos {
			rel := fmt.Sprintf("members/photos/m%04d.jpg", i)
			if i == 1 {
				rel = unicodePhoto
				writeMedia(rel, s.photoBytes, []byte("\x89PNG\r\n\x1a\n"))
			} else {
				writeMedia(rel, s.photoBytes, []byte{0xff, 0xd8, 0xff, 0xe0})
			}
			photo = rel
		}
		exec(`INSERT INTO society_member (member_id, name, house_id, phone, photo) VALUES (?, ?, ?, ?, ?)`,
			fmt.Sprint(1000+i), fmt.Sprintf("Test Member %d", i), 1+(i-1)%max(s.houses, 1),
			fmt.Sprintf("90000%05d", i), photo)
	}
	if s.missingPhoto {
		members++
		exec(`INSERT INTO society_member (member_id, name, house_id, photo) VALUES (?, ?, 1, ?)`,
			fmt.Sprint(1000+members), "Test Member Without File", missingPhoto)
	}
	for i := 1; i <= s.bulkFiles; i++ {
		writeMedia(fmt.Sprintf("scans/bulk-%03d.bin", i), s.bulkBytes, nil)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	info.tables = map[string]int64{
		"society_area": int64(s.areas), "society_house": int64(s.houses),
		"society_member": int64(members), "django_migrations": 1,
	}
	return info
}

// registerRows reads the register's rows as text, to compare two databases
// by content rather than by file bytes.
func registerRows(t *testing.T, dbPath string) string {
	t.Helper()
	db, err := register.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, name, '' FROM society_area ORDER BY id`,
		`SELECT id, home_id, house_name FROM society_house ORDER BY id`,
		`SELECT id, member_id, name || '|' || coalesce(house_id, '') || '|' || coalesce(phone, '') || '|' || coalesce(photo, '') FROM society_member ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s in %s: %v", q, dbPath, err)
		}
		for rows.Next() {
			var a, c, d string
			if err := rows.Scan(&a, &c, &d); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s|%s|%s\n", a, c, d)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}
