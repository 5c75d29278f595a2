package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"mahall/internal/registertest"
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
	// schema is the migration the register is at (registertest.Latest when
	// empty).
	schema string
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

	schema := s.schema
	if schema == "" {
		schema = registertest.Latest
	}
	db := registertest.Create(t, filepath.Join(root, "db.sqlite3"), schema)
	for i := 1; i <= s.areas; i++ {
		registertest.Insert(t, db, "society_area", registertest.Row{"name": fmt.Sprintf("Area %d", i)})
	}
	for i := 1; i <= s.houses; i++ {
		registertest.Insert(t, db, "society_house", registertest.Row{"home_id": fmt.Sprint(1000 + i),
			"house_name": fmt.Sprintf("Test House %d", i), "area_id": 1 + (i-1)%max(s.areas, 1)})
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
		registertest.Insert(t, db, "society_member", registertest.Row{"member_id": fmt.Sprint(1000 + i),
			"name": fmt.Sprintf("Test Member %d", i), "house_id": 1 + (i-1)%max(s.houses, 1),
			"phone": fmt.Sprintf("90000%05d", i), "photo": photo})
	}
	if s.missingPhoto {
		members++
		registertest.Insert(t, db, "society_member", registertest.Row{"member_id": fmt.Sprint(1000 + members),
			"name": "Test Member Without File", "house_id": 1, "photo": missingPhoto})
	}
	for i := 1; i <= s.bulkFiles; i++ {
		writeMedia(fmt.Sprintf("scans/bulk-%03d.bin", i), s.bulkBytes, nil)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	info.tables = map[string]int64{
		"society_area": int64(s.areas), "society_house": int64(s.houses),
		"society_member":    int64(members),
		"django_migrations": int64(len(registertest.Schema(t, schema).Migrations)),
	}
	return info
}

// writeLayoutC writes a backup as early versions of the program in the
// field did (layout C): a Deflate ZIP holding the database alone, named name
// in a temporary folder, and returns its path.
func writeLayoutC(t *testing.T, db, name string) string {
	t.Helper()
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "db.sqlite3", Method: zip.Deflate})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
