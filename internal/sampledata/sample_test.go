package sampledata

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"mahall/backend/progress"
	"mahall/backend/register"
)

// hashTree returns the SHA-256 and modification time of every file under
// root, by slash path.
func hashTree(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x %s", sha256.Sum256(b), fi.ModTime().UTC())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func small() Options {
	return Options{Seed: 42, Members: 60, PhotoBytes: 240 << 10, PhotoFraction: 0.8}
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, b := t.TempDir(), t.TempDir()
	optA := small()
	optA.Workers = 1
	optB := small()
	optB.Workers = 2 // worker count must not change a byte
	sumA, err := Generate(ctx, a, optA)
	if err != nil {
		t.Fatal(err)
	}
	sumB, err := Generate(ctx, b, optB)
	if err != nil {
		t.Fatal(err)
	}
	sumA.Dir, sumB.Dir = "", ""
	if sumA != sumB {
		t.Errorf("summaries differ:\n%+v\n%+v", sumA, sumB)
	}
	ha, hb := hashTree(t, a), hashTree(t, b)
	if len(ha) != sumA.Photos+1 {
		t.Errorf("%d files written, want %d photos + db.sqlite3", len(ha), sumA.Photos)
	}
	if !reflect.DeepEqual(ha, hb) {
		for k, v := range ha {
			if hb[k] != v {
				t.Errorf("%s differs between runs: %s vs %s", k, v, hb[k])
			}
		}
		t.Fatal("same seed gave different files")
	}

	other := small()
	other.Seed = 43
	other.Members, other.PhotoFraction = 10, 0.2 // the database is what is compared
	c := t.TempDir()
	if _, err := Generate(ctx, c, other); err != nil {
		t.Fatal(err)
	}
	if hc := hashTree(t, c); hc["db.sqlite3"] == ha["db.sqlite3"] {
		t.Error("another seed gave the same database")
	}
}

func TestRegisterMatchesOptions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	opt := small()
	opt.Members = 150
	opt.PhotoBytes = 400 << 10
	opt.MissingPhotos = 3
	var updates []progress.Update
	opt.Progress = func(u progress.Update) { updates = append(updates, u) }
	sum, err := Generate(ctx, dir, opt)
	if err != nil {
		t.Fatal(err)
	}

	db, err := register.Open(filepath.Join(dir, "db.sqlite3"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check, mode string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "delete" {
		t.Errorf("journal_mode = %q, %v; want delete", mode, err)
	}
	var fk int
	if err := db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil || fk != 0 {
		t.Errorf("%d foreign key violations (%v)", fk, err)
	}

	counts, err := register.Counts(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{
		"society_member": opt.Members, "society_house": sum.Houses, "society_area": sum.Areas,
		"society_memberobligation": sum.Obligations, "society_receipt": sum.Receipts,
		"society_collection": sum.Collections, "society_subcollection": sum.Subcollections,
		"society_todo": sum.Todos, "society_appsettings": 1,
	}
	for table, n := range want {
		if counts[table] != int64(n) {
			t.Errorf("%s has %d rows, want %d", table, counts[table], n)
		}
	}
	if sum.Houses == 0 || sum.Obligations < sum.Members || sum.Receipts == 0 {
		t.Errorf("thin register: %+v", sum)
	}

	photos, err := register.Photos(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if wantPhotos := int(opt.PhotoFraction*float64(opt.Members) + 0.5); len(photos) != wantPhotos {
		t.Errorf("%d members have a photo, want %d", len(photos), wantPhotos)
	}
	if sum.Photos != len(photos)-opt.MissingPhotos || sum.MissingPhotos != opt.MissingPhotos {
		t.Errorf("summary says %d photos, %d missing; register has %d", sum.Photos, sum.MissingPhotos, len(photos))
	}
	missing, err := register.MissingPhotos(ctx, db, filepath.Join(dir, "media"))
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) != opt.MissingPhotos {
		t.Errorf("MissingPhotos = %v, want %d of them", missing, opt.MissingPhotos)
	}

	var unicode, spaced bool
	var total int64
	for _, p := range photos {
		if strings.Contains(p, "ഫോട്ടോ") {
			unicode = true
		}
		if strings.Contains(p, " ") {
			spaced = true
		}
		if !strings.HasPrefix(p, "members/photos/") {
			t.Errorf("photo %q is not under members/photos/", p)
		}
	}
	if !unicode || !spaced {
		t.Error("no photo name with Malayalam script and spaces")
	}
	// Every file on disk is a real image of the format its name says, and
	// is referenced by a member.
	referenced := map[string]bool{}
	for _, p := range photos {
		referenced[p] = true
	}
	entries, err := os.ReadDir(filepath.Join(dir, "media", "members", "photos"))
	if err != nil {
		t.Fatal(err)
	}
	formats := map[string]int{}
	for _, e := range entries {
		rel := "members/photos/" + e.Name()
		if !referenced[rel] {
			t.Errorf("%s is on disk but no member references it", rel)
		}
		f, err := os.Open(filepath.Join(dir, "media", filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		img, format, err := image.Decode(f)
		fi, _ := f.Stat()
		f.Close()
		if err != nil {
			t.Errorf("%s does not decode: %v", rel, err)
			continue
		}
		total += fi.Size()
		formats[format]++
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if wantFormat := map[string]string{".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}[ext]; format != wantFormat {
			t.Errorf("%s holds %s", rel, format)
		}
		if b := img.Bounds(); b.Dx() < minSide || b.Dy() < minSide {
			t.Errorf("%s is only %v", rel, b)
		}
	}
	if len(entries) != sum.Photos || formats["jpeg"] != sum.JPEGs || formats["png"] != sum.PNGs {
		t.Errorf("on disk %d files (%v), summary %+v", len(entries), formats, sum)
	}
	if formats["jpeg"] == 0 || formats["png"] == 0 {
		t.Errorf("want both JPEG and PNG photos, got %v", formats)
	}
	if total != sum.PhotoBytes {
		t.Errorf("photos weigh %d bytes, summary says %d", total, sum.PhotoBytes)
	}
	// "Size set by flags": within a quarter of the target.
	if lo, hi := opt.PhotoBytes*3/4, opt.PhotoBytes*5/4; total < lo || total > hi {
		t.Errorf("photos weigh %d bytes, asked for about %d", total, opt.PhotoBytes)
	}
	if len(updates) == 0 || updates[len(updates)-1].Phase != PhaseDatabase {
		t.Errorf("progress updates: %+v", updates)
	}

	var rel int
	if err := db.QueryRow(`SELECT count(*) FROM society_member WHERE father_id IS NOT NULL OR mother_id IS NOT NULL OR married_to_id IS NOT NULL`).Scan(&rel); err != nil || rel == 0 {
		t.Errorf("no family relations (%v)", err)
	}
	phoneRE := regexp.MustCompile(`^[789][0-9]{9}$`)
	adharRE := regexp.MustCompile(`^[0-9]{4}$`)
	rows, err := db.Query(`SELECT coalesce(phone, ''), coalesce(adhar, '') FROM society_member`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ph, ad string
		if err := rows.Scan(&ph, &ad); err != nil {
			t.Fatal(err)
		}
		if ph != "" && !phoneRE.MatchString(ph) || ad != "" && !adharRE.MatchString(ad) {
			t.Errorf("phone %q, adhar %q", ph, ad)
		}
	}
	var secret int
	if err := db.QueryRow(`SELECT count(*) FROM society_appsettings WHERE google_drive_client_secret IS NOT NULL OR google_drive_refresh_token IS NOT NULL`).Scan(&secret); err != nil || secret != 0 {
		t.Errorf("settings carry secrets (%d, %v)", secret, err)
	}
}

func TestSizeScales(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, target := range []int64{20 << 10, 400 << 10} {
		opt := Options{Seed: 5, Members: 20, PhotoBytes: target, PhotoFraction: 1}
		sum, err := Generate(ctx, t.TempDir(), opt)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Photos != 20 {
			t.Errorf("%d photos, want 20", sum.Photos)
		}
		if lo, hi := target*7/10, target*13/10; sum.PhotoBytes < lo || sum.PhotoBytes > hi {
			t.Errorf("target %d: photos weigh %d", target, sum.PhotoBytes)
		}
	}
}

func TestEmptyAndNoPhotos(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	sum, err := Generate(ctx, dir, Options{Seed: 1, Members: 0})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Members != 0 || sum.Photos != 0 {
		t.Errorf("empty register: %+v", sum)
	}
	dir2 := t.TempDir()
	sum, err = Generate(ctx, dir2, Options{Seed: 1, Members: 10, PhotoFraction: 0})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Members != 10 || sum.Photos != 0 {
		t.Errorf("no photos asked: %+v", sum)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir2, "media", "members", "photos")); len(entries) != 0 {
		t.Errorf("%d photo files written, want none", len(entries))
	}
}

func TestRefusesExistingDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	db := filepath.Join(dir, "db.sqlite3")
	if err := os.WriteFile(db, []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(context.Background(), dir, small())
	if !errors.Is(err, ErrExists) {
		t.Fatalf("Generate over a database: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(db); string(b) != "precious" {
		t.Error("existing database changed")
	}
	if _, err := os.Stat(filepath.Join(dir, "media")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("media written beside a refused database")
	}
}

func TestBadOptions(t *testing.T) {
	t.Parallel()
	for _, opt := range []Options{
		{Members: -1},
		{Members: 10, PhotoFraction: 1.5},
		{Members: 10, PhotoBytes: -1},
		{Members: 10, PhotoFraction: 0.5, MissingPhotos: 6},
	} {
		dir := t.TempDir()
		if _, err := Generate(context.Background(), dir, opt); err == nil {
			t.Errorf("Generate(%+v) succeeded", opt)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("Generate(%+v) wrote files", opt)
		}
	}
}

func TestCancelLeavesNoDatabase(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	dir := t.TempDir()
	opt := small()
	opt.Progress = func(u progress.Update) {
		if u.Phase == PhasePhotos {
			cancel()
		}
	}
	_, err := Generate(ctx, dir, opt)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Generate: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "db.sqlite3")); !errors.Is(err, fs.ErrNotExist) {
		t.Error("cancelled run left a database")
	}
	// A rerun completes in the same folder.
	if _, err := Generate(context.Background(), dir, small()); err != nil {
		t.Fatalf("rerun after cancel: %v", err)
	}
}
