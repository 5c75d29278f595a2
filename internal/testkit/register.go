package testkit

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/register"
	"mahall/internal/registertest"
)

// Register writes a register database at dbPath with the real empty schema
// (the one a fresh install writes, so it follows the schema wherever it
// goes) and the given numbers of areas, houses and members (made-up names).
// The first photos members have a photo: the database names it and a small
// file of its own bytes is written under mediaDir.
func Register(t testing.TB, dbPath, mediaDir string, areas, houses, members, photos int) {
	t.Helper()
	RegisterAt(t, registertest.Latest, dbPath, mediaDir, areas, houses, members, photos)
}

// RegisterAt is Register on the schema of a field migration
// (registertest.Latest or one of registertest.Older).
func RegisterAt(t testing.TB, schema, dbPath, mediaDir string, areas, houses, members, photos int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(mediaDir, "members", "photos"), 0o700); err != nil {
		t.Fatal(err)
	}
	db := registertest.Create(t, dbPath, schema)
	defer db.Close()
	for i := 1; i <= areas; i++ {
		registertest.Insert(t, db, "society_area", registertest.Row{"name": fmt.Sprintf("Ward %d", i), "sync_pending": 1})
	}
	for i := 1; i <= houses; i++ {
		registertest.Insert(t, db, "society_house", registertest.Row{"home_id": fmt.Sprint(1000 + i),
			"house_name": fmt.Sprintf("Manzil %d", i), "family_name": "Puthiyaveettil", "location_name": "Kadavu",
			"area_id": 1 + (i-1)%areas, "sync_pending": 1})
	}
	for i := 1; i <= members; i++ {
		photo := ""
		if i <= photos {
			photo = fmt.Sprintf("members/photos/m%d.png", i)
		}
		registertest.Insert(t, db, "society_member", registertest.Row{"member_id": fmt.Sprint(1000 + i),
			"name": fmt.Sprintf("Abdul Test %d", i), "status": "live", "date_of_birth": "1980-05-01",
			"photo": photo, "house_id": 1 + (i-1)%houses, "sync_pending": 1})
		if photo == "" {
			continue
		}
		data := bytes.Repeat([]byte{byte(i)}, 2048)
		if err := os.WriteFile(filepath.Join(mediaDir, filepath.FromSlash(photo)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// RegisterRows reads the register's rows as text, to compare two databases
// by content rather than by file bytes.
func RegisterRows(t testing.TB, dbPath string) string {
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
