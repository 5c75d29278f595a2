package testkit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"mahall/backend/register"
)

// Register writes a register database at dbPath with the real empty schema
// (register.CreateEmpty, so it follows the schema wherever it goes) and the
// given numbers of areas, houses and members (made-up names). The first
// photos members have a photo: the database names it and a small file of
// its own bytes is written under mediaDir.
func Register(t testing.TB, dbPath, mediaDir string, areas, houses, members, photos int) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(mediaDir, "members", "photos"), 0o700); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := register.CreateEmpty(ctx, dbPath); err != nil {
		t.Fatalf("CreateEmpty: %v", err)
	}
	db, err := register.OpenRW(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := "2025-01-02 10:00:00"
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for i := 1; i <= areas; i++ {
		exec(`INSERT INTO society_area (name, description, created_at, updated_at, sync_pending) VALUES (?, '', ?, ?, 1)`,
			fmt.Sprintf("Ward %d", i), now, now)
	}
	for i := 1; i <= houses; i++ {
		exec(`INSERT INTO society_house (home_id, house_name, family_name, location_name, locality, address, created_at, updated_at, area_id, sync_pending)
			VALUES (?, ?, 'Puthiyaveettil', 'Kadavu', '', '', ?, ?, ?, 1)`,
			fmt.Sprint(1000+i), fmt.Sprintf("Manzil %d", i), now, now, 1+(i-1)%areas)
	}
	for i := 1; i <= members; i++ {
		photo := ""
		if i <= photos {
			photo = fmt.Sprintf("members/photos/m%d.png", i)
		}
		exec(`INSERT INTO society_member (member_id, name, surname, status, date_of_birth, mother_name, mother_surname,
			father_name, father_surname, grandfather_name, married_to_name, married_to_surname, second_spouse_name,
			second_spouse_surname, general_body_member, photo, isGuardian, created_at, updated_at, house_id, sync_pending)
			VALUES (?, ?, '', 'live', '1980-05-01', '', '', '', '', '', '', '', '', '', 0, ?, 0, ?, ?, ?, 1)`,
			fmt.Sprint(1000+i), fmt.Sprintf("Abdul Test %d", i), photo, now, now, 1+(i-1)%houses)
		if photo == "" {
			continue
		}
		data := bytes.Repeat([]byte{byte(i)}, 2048)
		if err := os.WriteFile(filepath.Join(mediaDir, filepath.FromSlash(photo)), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
