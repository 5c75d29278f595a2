package cloud

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	_ "modernc.org/sqlite"
)

// Made-up member data planted in the test register; none of it may appear in
// clear in the bucket.
const (
	plantedName  = "Fathimath Zuhra Kunhimoideen"
	plantedPhone = "+91 98470 31562"
	plantedPhoto = "fathimath_zuhra_kunhimoideen.jpg"
)

const photoSize = 24 << 10

// makeRegister writes a folder laid out as a restore expects: a real SQLite
// db.sqlite3 with members, photos under media/members/photos (random bytes,
// incompressible like JPEG), and a manifest.json.
func makeRegister(t *testing.T, dir string, photos int) {
	t.Helper()
	photoDir := filepath.Join(dir, "media", "members", "photos")
	if err := os.MkdirAll(photoDir, 0o755); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "db.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT, phone TEXT, photo TEXT)`); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := range photos {
		name, phone, photo := fmt.Sprintf("Member %04d Madathil", i), fmt.Sprintf("+91 90000 %05d", i), fmt.Sprintf("member_%04d.jpg", i)
		if i == 0 {
			name, phone, photo = plantedName, plantedPhone, plantedPhoto
		}
		if _, err := tx.Exec(`INSERT INTO members (name, phone, photo) VALUES (?, ?, ?)`, name, phone, "members/photos/"+photo); err != nil {
			t.Fatal(err)
		}
		writeRandom(t, filepath.Join(photoDir, photo), rng, photoSize)
	}
	// Pad the register to a realistic few hundred KB of rows.
	for i := range 3000 {
		if _, err := tx.Exec(`INSERT INTO members (name, phone) VALUES (?, ?)`, fmt.Sprintf("Relative %05d Puthanveettil", i), fmt.Sprintf("+91 94000 %05d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	writeManifest(t, dir, photos)
}

func writeManifest(t *testing.T, dir string, photos int) {
	t.Helper()
	m, _ := json.Marshal(map[string]any{"format": "mahall-backup", "version": 1, "photos": photos})
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), m, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeRandom(t *testing.T, path string, rng *rand.Rand, n int) {
	t.Helper()
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// changeRegister rewrites n photos with new content and adds rows to the
// database, as a day of use would; it returns the bytes of the changed photos.
func changeRegister(t *testing.T, dir string, n int, seed uint64) int64 {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 7))
	for i := range n {
		writeRandom(t, filepath.Join(dir, "media", "members", "photos", fmt.Sprintf("member_%04d.jpg", i+1)), rng, photoSize)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "db.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`INSERT INTO members (name, phone) VALUES (?, ?)`, fmt.Sprintf("New member %d", seed), "+91 95000 00001"); err != nil {
		t.Fatal(err)
	}
	return int64(n * photoSize)
}

// hashTree maps every regular file below dir (slash-separated, relative) to
// its SHA-256.
func hashTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s is not a regular file", p)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, want, got map[string]string) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("restored %d files, want %d", len(got), len(want))
	}
	for name, h := range want {
		if got[name] != h {
			t.Errorf("%s: restored SHA-256 %q, want %q", name, got[name], h)
		}
	}
}

func fileSize(t *testing.T, p string) int64 {
	t.Helper()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return st.Size()
}
