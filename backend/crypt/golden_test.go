package crypt

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"testing"
	"time"

	"mahall/backend/archive/archivetest"
)

// testdata/v1-encrypted.zip is a container as version 1 of the format wrote
// it (2026-12-01), with its key's recovery file beside it and the password
// below: made-up data, kept so that every later program still opens what
// this one wrote. Never regenerate it; add a v2 beside it when the format
// changes.
const goldenPassword = "golden test password 2026"

func goldenEntries() []archivetest.Entry {
	return []archivetest.Entry{
		{Name: "db.sqlite3", Body: []byte("SQLite format 3\x00 a made-up golden register"), Method: zip.Store},
		{Name: "media/members/photos/m_0001.jpg", Body: []byte("\xff\xd8\xff\xe0 not really a photo"), Method: zip.Store},
		{Name: "manifest.json", Body: []byte(`{"format":"mahall-backup","version":1}`), Method: zip.Store},
	}
}

func TestVersion1ContainerStillOpens(t *testing.T) {
	const path = "testdata/v1-encrypted.zip"
	if ok, err := IsEncrypted(path); !ok || err != nil {
		t.Fatalf("IsEncrypted = %v, %v", ok, err)
	}
	text, err := os.ReadFile("testdata/v1-recovery-key.txt")
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParseRecovery(string(text))
	if err != nil {
		t.Fatal(err)
	}
	o, err := OpenVerified(context.Background(), path, k, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	got, err := io.ReadAll(io.NewSectionReader(o, 0, o.Size()))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(got), int64(len(got)))
	if err != nil {
		t.Fatal(err)
	}
	want := goldenEntries()
	if len(zr.File) != len(want) {
		t.Fatalf("%d inner entries, want %d", len(zr.File), len(want))
	}
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || f.Name != want[i].Name || !bytes.Equal(body, want[i].Body) {
			t.Fatalf("inner entry %d: %q (%v), want %q", i, f.Name, err, want[i].Name)
		}
	}
	d := o.Description()
	if d.Format != Format || d.Version != 1 || !d.Created.Equal(time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)) || d.KeyID != k.ID() {
		t.Fatalf("description %+v", d)
	}
	pk, err := Unlock(path, goldenPassword)
	if err != nil {
		t.Fatal(err)
	}
	if pk.Public() != k.Public() {
		t.Fatal("the password opens another key than the recovery key")
	}
}
