package catalog

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
	"mahall/backend/crypt"
	"mahall/backend/retention"
)

func TestScanTellsBackupsFromOtherFiles(t *testing.T) {
	dir := t.TempDir()
	db := append([]byte("SQLite format 3\x00"), make([]byte, 4080)...)
	media := map[string][]byte{"members/photos/a.jpg": []byte("\xff\xd8\xff photo")}
	archivetest.WriteZip(t, filepath.Join(dir, "mahall_backup_2025-03-04_0506.zip"), archivetest.V1(t, db, media, func(m *archive.Manifest) {
		m.Database.Tables = map[string]int64{"society_member": 412}
	}))
	legacy := filepath.Join(dir, "old_backup.zip")
	archivetest.WriteZip(t, legacy, archivetest.Legacy(archive.LayoutB, db, media))
	legacyTime := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	os.Chtimes(legacy, legacyTime, legacyTime)
	archivetest.WriteZip(t, filepath.Join(dir, "pre-restore-20250101T000000.000Z.zip"), archivetest.Legacy(archive.LayoutA, db, media))
	os.WriteFile(filepath.Join(dir, "holiday.zip"), []byte("not a zip"), 0o600)
	os.WriteFile(filepath.Join(dir, ".mahall_backup_x.zip.tmp-1"), []byte("half written"), 0o600)
	os.WriteFile(filepath.Join(dir, ".hidden.zip"), []byte("half written"), 0o600)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o600)

	bs, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Backup{}
	for _, b := range bs {
		got[filepath.Base(b.Path)] = b
	}
	if len(bs) != 4 {
		t.Fatalf("found %d files: %+v", len(bs), bs)
	}
	v1 := got["mahall_backup_2025-03-04_0506.zip"]
	if v1.Kind != retention.Regular || v1.Format != "mahall-backup/1" || v1.Members != 412 || v1.Photos != 1 || !v1.Time.Equal(time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)) {
		t.Errorf("v1: %+v", v1)
	}
	if old := got["old_backup.zip"]; old.Kind != retention.Regular || old.Members != -1 || !old.Time.Equal(legacyTime) || old.Format != "B" {
		t.Errorf("legacy: %+v", old)
	}
	if s := got["pre-restore-20250101T000000.000Z.zip"]; s.Kind != retention.Safety || !s.Safety {
		t.Errorf("safety: %+v", s)
	}
	if o := got["holiday.zip"]; o.Kind != retention.Other || o.Format != "" {
		t.Errorf("not a backup: %+v", o)
	}
	for i := 1; i < len(bs); i++ {
		if bs[i].Time.After(bs[i-1].Time) {
			t.Errorf("not newest first: %v before %v", bs[i-1].Time, bs[i].Time)
		}
	}
	if _, err := Scan(filepath.Join(dir, "unplugged")); err == nil {
		t.Error("no error for a missing folder")
	}
}

// TestReadSeesAReplacedFile: Read keeps what it read of a file, but a file
// replaced under the same name (another size or time) is read again.
func TestReadSeesAReplacedFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mahall_backup_2025-03-04_0506.zip")
	db := append([]byte("SQLite format 3\x00"), make([]byte, 4080)...)
	media := map[string][]byte{"members/photos/a.jpg": []byte("\xff\xd8\xff photo")}
	archivetest.WriteZip(t, p, archivetest.V1(t, db, media, func(m *archive.Manifest) {
		m.Database.Tables = map[string]int64{"society_member": 412}
	}))
	if b := Read(p); b.Members != 412 || b.Kind != retention.Regular {
		t.Fatalf("first read: %+v", b)
	}
	if b := Read(p); b.Members != 412 || b.Photos != 1 {
		t.Fatalf("second read: %+v", b)
	}
	media["members/photos/b.jpg"] = []byte("\xff\xd8\xff another photo")
	archivetest.WriteZip(t, p, archivetest.V1(t, db, media, func(m *archive.Manifest) {
		m.Database.Tables = map[string]int64{"society_member": 7}
	}))
	if b := Read(p); b.Members != 7 || b.Photos != 2 {
		t.Errorf("after the file was replaced: %+v, want 7 members and 2 photos", b)
	}
	if err := os.WriteFile(p, []byte("not a zip any more"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b := Read(p); b.Kind != retention.Other || b.Members != -1 {
		t.Errorf("after the file became something else: %+v", b)
	}
}

// TestEncryptedBackupsAreBackups: a password-protected backup is a backup to
// the list and to retention (its time from its readable description), not
// "some other .zip"; what is inside stays unknown until it is opened.
func TestEncryptedBackupsAreBackups(t *testing.T) {
	dir := t.TempDir()
	key, _ := crypt.NewKey()
	lock, err := crypt.Wrap(key, "a password for the test")
	if err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	for _, name := range []string{"mahall_backup_2026-03-04_0506.zip", "pre-restore-20260304T050607.000Z.zip"} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w, err := crypt.NewWriter(f, lock, created)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("an inner backup would be here")); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		f.Close()
		os.Chtimes(f.Name(), created.Add(time.Hour), created.Add(time.Hour))
	}
	bs, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 {
		t.Fatalf("found %d files: %+v", len(bs), bs)
	}
	for _, b := range bs {
		safety := filepath.Base(b.Path)[:3] == "pre"
		want := retention.Regular
		if safety {
			want = retention.Safety
		}
		if !b.Encrypted || b.Kind != want || b.Safety != safety || b.Format != crypt.Format || b.Members != -1 || b.Photos != -1 || !b.Time.Equal(created) {
			t.Errorf("%s: %+v", filepath.Base(b.Path), b)
		}
	}
}

// TestRememberedIsWhatReadSays: what a writer remembers of a backup it made
// is what Read would have read from the file.
func TestRememberedIsWhatReadSays(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mahall_backup_2025-03-04_0506.zip")
	db := append([]byte("SQLite format 3\x00"), make([]byte, 4080)...)
	media := map[string][]byte{"members/photos/a.jpg": []byte("\xff\xd8\xff photo"), "b.jpg": []byte("\xff\xd8\xff b")}
	archivetest.WriteZip(t, p, archivetest.V1(t, db, media, func(m *archive.Manifest) {
		m.Database.Tables = map[string]int64{"society_member": 412}
	}))
	st, _ := os.Stat(p)
	fromFile := read(p, st)
	Remember(p, Made{CreatedAt: fromFile.Time, Members: 412, Photos: 2})
	if got := Read(p); got != fromFile {
		t.Errorf("remembered %+v\nread      %+v", got, fromFile)
	}
}
