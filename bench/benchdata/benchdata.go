// Package benchdata makes small, made-up data folders and files for the Go
// benchmarks of the backend packages: real JPEG photos (so a writer that
// stores compressed media stores them) and a register database on the field program's real schema
// (so a writer that deflates the database has text to deflate). It is
// deterministic from a seed and holds no real person's data.
//
// The full-size datasets of make bench come from cmd/mahall_sample; this is
// only for `go test -bench`, where setup must take a second or two.
package benchdata

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"mahall/backend/register"
)

// Folder describes a generated data folder.
type Folder struct {
	Root       string
	Photos     []string         // paths relative to media/, "/" separated
	Tables     map[string]int64 // rows per table of db.sqlite3
	MediaBytes int64
	DBBytes    int64
}

// Bytes is everything a backup of the folder reads.
func (f Folder) Bytes() int64 { return f.MediaBytes + f.DBBytes }

// MakeFolder writes a data folder at root: db.sqlite3 with members rows
// referring to photos, and media/members/photos/ with that many JPEGs of
// about 55 KB each.
func MakeFolder(root string, members, photos int, seed uint64) (Folder, error) {
	f := Folder{Root: root}
	dir := filepath.Join(root, "media", "members", "photos")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return f, err
	}
	for i := range photos {
		name := fmt.Sprintf("member_%05d.jpg", i+1)
		n, err := JPEG(filepath.Join(dir, name), 320, 320, seed+uint64(i))
		if err != nil {
			return f, err
		}
		f.Photos = append(f.Photos, "members/photos/"+name)
		f.MediaBytes += n
	}
	n, tables, err := Database(filepath.Join(root, "db.sqlite3"), members, f.Photos, seed)
	if err != nil {
		return f, err
	}
	f.DBBytes, f.Tables = n, tables
	return f, nil
}

// JPEG writes a w×h JPEG of a noisy gradient (photographs are noisy, so
// its size per pixel is close to a real photo's) and returns its size.
// A 320×320 one is about 55 KB, a member photo of the field program.
func JPEG(path string, w, h int, seed uint64) (int64, error) {
	return noisyJPEG(path, w, h, 56, seed)
}

// LargeJPEG writes a w×h JPEG with heavy noise, for a large
// already-compressed file (a 4000×3000 one is about 11 MB).
func LargeJPEG(path string, w, h int, seed uint64) (int64, error) {
	return noisyJPEG(path, w, h, 256, seed)
}

func noisyJPEG(path string, w, h, noise int, seed uint64) (int64, error) {
	r := rand.New(rand.NewPCG(seed, 0x6a706567))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	base := [3]int{r.IntN(200), r.IntN(200), r.IntN(200)}
	for y := range h {
		for x := range w {
			n := r.IntN(noise)
			img.SetRGBA(x, y, color.RGBA{
				R: uint8((base[0] + x*55/w + n) % 256),
				G: uint8((base[1] + y*55/h + n) % 256),
				B: uint8((base[2] + (x+y)*27/(w+h) + n) % 256),
				A: 255,
			})
		}
	}
	out, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	if err := jpeg.Encode(out, img, &jpeg.Options{Quality: 90}); err != nil {
		out.Close()
		return 0, fmt.Errorf("encode %s: %w", path, err)
	}
	st, err := out.Stat()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// Database writes a register-like SQLite database: areas, houses and
// members with made-up names, phone numbers and photo paths, and returns
// its size and rows per table. About 180 bytes a member.
func Database(path string, members int, photos []string, seed uint64) (size int64, tables map[string]int64, err error) {
	ctx := context.Background()
	// The field program's real schema, as a fresh install writes it.
	if err := register.CreateEmptyAt(ctx, path, time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		return 0, nil, err
	}
	db, err := register.OpenRW(path)
	if err != nil {
		return 0, nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	r := rand.New(rand.NewPCG(seed, 0x7265676973746572))
	given := []string{"Abdul", "Fathima", "Muhammed", "Aysha", "Ibrahim", "Khadeeja", "Yusuf", "Safiya", "Ashraf", "Rasheeda", "Shameer", "Nafeesa", "Haris", "Sumayya"}
	family := []string{"Puthiyaveettil", "Kunnummal", "Thekkeppurath", "Valiyakath", "Chalil", "Kottakkal", "Parambath", "Melethil"}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback()
	areas := max(1, members/2000)
	for a := range areas {
		if _, err := tx.ExecContext(ctx, `INSERT INTO society_area (name, description, created_at, updated_at, sync_pending) VALUES (?, ?, '2024-01-01 10:00:00', '2024-01-01 10:00:00', 0)`,
			fmt.Sprintf("Ward %d", a+1), "A made-up area for benchmarks"); err != nil {
			return 0, nil, err
		}
	}
	houses := max(1, members/5)
	for h := range houses {
		fam := family[r.IntN(len(family))]
		if _, err := tx.ExecContext(ctx, `INSERT INTO society_house (home_id, house_name, family_name, location_name, locality, area_id, address, created_at, updated_at, sync_pending) VALUES (?, ?, ?, '', '', ?, ?, '2024-01-01 10:00:00', '2024-01-01 10:00:00', 0)`,
			fmt.Sprint(1001+h), fam+" House", fam, 1+h%areas, fmt.Sprintf("%s House, Post Office Road, Ward %d, Malappuram 676%03d", fam, 1+h%areas, r.IntN(1000))); err != nil {
			return 0, nil, err
		}
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO society_member (member_id, name, surname, house_id, adhar, gender, status, date_of_birth, father_name, mother_name, photo, phone, created_at, updated_at,
		mother_surname, father_surname, isGuardian, general_body_member, married_to_name, married_to_surname, grandfather_name, second_spouse_name, second_spouse_surname, sync_pending)
		VALUES (?, ?, ?, ?, ?, ?, 'live', ?, ?, ?, ?, ?, ?, ?, '', '', 0, 1, '', '', '', '', '', 0)`)
	if err != nil {
		return 0, nil, err
	}
	for m := range members {
		var photo any
		if m < len(photos) {
			photo = photos[m]
		}
		g := given[r.IntN(len(given))]
		if _, err := ins.ExecContext(ctx, fmt.Sprint(1001+m), g, family[r.IntN(len(family))], 1+m%houses,
			fmt.Sprintf("%04d", r.IntN(10000)), []string{"male", "female"}[m%2],
			fmt.Sprintf("19%02d-%02d-%02d", 40+r.IntN(60), 1+r.IntN(12), 1+r.IntN(28)),
			given[r.IntN(len(given))], given[r.IntN(len(given))], photo,
			fmt.Sprintf("9%09d", r.IntN(1_000_000_000)),
			"2024-01-01 10:00:00", "2025-06-01 10:00:00"); err != nil {
			return 0, nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, err
	}
	tables, err = register.Counts(ctx, db)
	if err != nil {
		return 0, nil, err
	}
	if err := db.Close(); err != nil {
		return 0, nil, err
	}
	st, err := os.Stat(path)
	if err != nil {
		return 0, nil, err
	}
	return st.Size(), tables, nil
}
