package cloud

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/folder"
	"mahall/backend/restore"
	"mahall/internal/testkit"
)

// mediaOnly keeps the media: the database is compared by its rows, since
// the snapshot a backup takes is the same data in rollback-journal mode.
func mediaOnly(rel string) bool {
	return rel != folder.MediaName && !strings.HasPrefix(rel, folder.MediaName+"/")
}

func openData(t *testing.T, root string) *folder.Folder {
	t.Helper()
	f, err := folder.Open(t.Context(), root, folder.Options{Create: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestBackupFolderRestoreFolder: a register's cloud snapshot restored on a
// second computer into an empty data folder gives the same database and
// photos, through the checks, and over existing data a safety backup.
func TestBackupFolderRestoreFolder(t *testing.T) {
	ctx := t.Context()
	repoDir := t.TempDir()
	src := t.TempDir()
	testkit.Register(t, filepath.Join(src, folder.DBName), filepath.Join(src, folder.MediaName), 2, 5, 12, 6)
	f := openData(t, src)
	r, err := Init(ctx, f.Cloud(), Location{Path: repoDir}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	r.Close(ctx)

	snap, err := BackupFolder(ctx, f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Counts["society_member"] != 12 || snap.Counts[MediaFilesCount] != 6 {
		t.Errorf("snapshot counts = %v; want 12 members and 6 media files", snap.Counts)
	}
	if es, _ := os.ReadDir(src); len(es) > 0 {
		for _, e := range es {
			if strings.HasPrefix(e.Name(), ".cloud-stage-") {
				t.Errorf("BackupFolder left its staging folder %s", e.Name())
			}
		}
	}
	want := testkit.HashTree(t, src, mediaOnly)
	wantRows := testkit.RegisterRows(t, filepath.Join(src, folder.DBName))

	// A new computer: another data folder, connected with the password only.
	dst := filepath.Join(t.TempDir(), "new computer")
	g := openData(t, dst)
	r2, err := Connect(ctx, g.Cloud(), Location{Path: repoDir}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close(ctx)
	res, got, err := RestoreFolder(ctx, g, r2, "", restore.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != snap.ID || res.SafetyBackup != "" || res.Preview.Members != 12 || res.Preview.MediaFiles != 6 {
		t.Errorf("RestoreFolder = %+v, %+v; want snapshot %s, no safety backup, 12 members, 6 photos", res, got, snap.ID)
	}
	if diff := testkit.TreeDiff(testkit.HashTree(t, dst, mediaOnly), want); len(diff) > 0 {
		t.Errorf("restored media differ from the source:\n%s", strings.Join(diff, "\n"))
	}
	if got := testkit.RegisterRows(t, filepath.Join(dst, folder.DBName)); got != wantRows {
		t.Errorf("restored rows:\n%s\nwant:\n%s", got, wantRows)
	}
	if _, err := os.Stat(filepath.Join(dst, archive.ManifestName)); err == nil {
		t.Error("the snapshot's manifest.json was left in the data folder")
	}

	// Over existing data: the old data goes into a safety backup first.
	res, _, err = RestoreFolder(ctx, g, r2, snap.ID, restore.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.SafetyBackup == "" {
		t.Error("a restore over existing data made no safety backup")
	} else if _, err := restore.Verify(ctx, res.SafetyBackup, nil); err != nil {
		t.Errorf("the safety backup does not verify: %v", err)
	}

	if _, _, err := RestoreFolder(ctx, g, r2, "k0123", restore.Options{}, nil); !errors.Is(err, ErrNoSnapshot) {
		t.Errorf("restoring a snapshot that does not exist: %v; want ErrNoSnapshot", err)
	}
}

// TestBackupFolderNotConnected: with no cloud copy set up, the backup says so
// and leaves nothing behind.
func TestBackupFolderNotConnected(t *testing.T) {
	src := t.TempDir()
	testkit.Register(t, filepath.Join(src, folder.DBName), filepath.Join(src, folder.MediaName), 1, 1, 2, 1)
	before := testkit.HashTree(t, src, nil)
	f := openData(t, src)
	if _, err := BackupFolder(context.Background(), f, nil); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("BackupFolder with no cloud copy: %v; want ErrNotConnected", err)
	}
	after := testkit.HashTree(t, src, func(rel string) bool { return rel == folder.LockName })
	delete(before, folder.LockName)
	if diff := testkit.TreeDiff(after, before); len(diff) > 0 {
		t.Errorf("a failed cloud backup changed the data folder:\n%s", strings.Join(diff, "\n"))
	}
}

func TestParseRepo(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Location
	}{
		{"s3:https://s3.eu-central-003.backblazeb2.com/mahall", Location{Endpoint: "s3.eu-central-003.backblazeb2.com", Bucket: "mahall"}},
		{"s3:http://127.0.0.1:9000/b1/office/register/", Location{Endpoint: "127.0.0.1:9000", Bucket: "b1", Prefix: "office/register", PlainHTTP: true}},
	} {
		got, err := ParseRepo(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseRepo(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	if got, err := ParseRepo("copies"); err != nil || !filepath.IsAbs(got.Path) {
		t.Errorf("ParseRepo of a folder = %+v, %v; want its full path", got, err)
	}
	for _, bad := range []string{"", "s3:ftp://host/b", "s3:https://host", "s3:https:///bucket"} {
		if _, err := ParseRepo(bad); err == nil {
			t.Errorf("ParseRepo(%q) accepted it", bad)
		}
	}
}
