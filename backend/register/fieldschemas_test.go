package register_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"mahall/backend/register"
	"mahall/internal/registertest"
)

// Counts, photos and missing photos read registers at every migration in
// the field, and reading never changes the file.
func TestReadsEveryFieldSchema(t *testing.T) {
	ctx := context.Background()
	for _, v := range append(slices.Clone(registertest.Older), registertest.Latest) {
		t.Run(v, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, "db.sqlite3")
			w := registertest.Create(t, p, v)
			registertest.Insert(t, w, "society_area", registertest.Row{"name": "Ward 1"})
			registertest.Insert(t, w, "society_house", registertest.Row{"home_id": "1001", "house_name": "Manzil", "area_id": 1})
			for i, photo := range []any{"members/photos/a.jpg", nil, "members/photos/b.png", "", "members/photos/a.jpg"} {
				registertest.Insert(t, w, "society_member", registertest.Row{"member_id": fmt.Sprint(1001 + i),
					"name": fmt.Sprintf("Test %d", i), "house_id": 1, "photo": photo})
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			media := filepath.Join(dir, "media")
			if err := os.MkdirAll(filepath.Join(media, "members", "photos"), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(media, "members", "photos", "a.jpg"), []byte("jpeg"), 0o600); err != nil {
				t.Fatal(err)
			}
			before, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}

			db, err := register.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if ok, err := register.IsRegister(ctx, db); err != nil || !ok {
				t.Errorf("IsRegister = %v, %v", ok, err)
			}
			counts, err := register.Counts(ctx, db)
			if err != nil {
				t.Fatal(err)
			}
			if counts["society_area"] != 1 || counts["society_house"] != 1 || counts["society_member"] != 5 {
				t.Errorf("counts = %v", counts)
			}
			photos, err := register.Photos(ctx, db)
			if err != nil || !slices.Equal(photos, []string{"members/photos/a.jpg", "members/photos/b.png"}) {
				t.Errorf("Photos = %q, %v", photos, err)
			}
			missing, err := register.MissingPhotos(ctx, db, media)
			if err != nil || !slices.Equal(missing, []string{"members/photos/b.png"}) {
				t.Errorf("MissingPhotos = %q, %v", missing, err)
			}
			db.Close()
			if after, _ := os.ReadFile(p); string(after) != string(before) {
				t.Errorf("reading the register changed its file")
			}
		})
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
	p := filepath.Join(root, "db.sqlite3")
	rw := registertest.Create(t, p, registertest.Latest)
	for i, v := range values {
		registertest.Insert(t, rw, "society_member", registertest.Row{"member_id": fmt.Sprint(1001 + i), "photo": v})
	}
	rw.Close()
	db, err := register.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	missing, err := register.MissingPhotos(ctx, db, media)
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
	slices.Sort(want)
	if !slices.Equal(missing, want) {
		t.Errorf("MissingPhotos =\n %q\nwant\n %q", missing, want)
	}
}
