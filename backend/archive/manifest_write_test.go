package archive

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// writeManifest writes what MarshalIndent would, the file list included,
// whatever the other fields hold.
func TestWriteManifestIsMarshalIndent(t *testing.T) {
	created := time.Date(2026, 12, 1, 23, 0, 0, 0, time.UTC)
	for _, m := range []Manifest{
		{Format: FormatName, Version: FormatVersion, CreatedAt: created, SourceDir: "C:\\Users\\a \"files\": null\n",
			Database:      DatabaseInfo{Size: 3, SHA256: "ab", Tables: map[string]int64{"society_member": 2, "society_area": 1}},
			Files:         []FileInfo{{Name: "db.sqlite3", Size: 3, SHA256: "ab"}, {Name: "media/a b.jpg", Size: 1, SHA256: "cd"}},
			MissingPhotos: []string{"members/photos/x.jpg"}},
		{Format: FormatName, Version: FormatVersion, Files: []FileInfo{{Name: "db.sqlite3"}}, Damaged: &Damaged{Reason: "not a database"}},
		{Format: FormatName, Files: []FileInfo{}, MissingPhotos: []string{}},
		{Format: FormatName},
	} {
		var got bytes.Buffer
		if err := writeManifest(&got, m); err != nil {
			t.Fatal(err)
		}
		want, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if want = append(want, '\n'); !bytes.Equal(got.Bytes(), want) {
			t.Errorf("writeManifest wrote\n%s\nMarshalIndent gives\n%s", got.Bytes(), want)
		}
	}
}
