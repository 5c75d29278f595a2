package restore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/folder"
	"mahall/internal/testkit"
)

// backupFolder lays out the data of l as a backup folder (as a cloud
// snapshot holds it) in a new temporary folder.
func backupFolder(t *testing.T, l folder.Layout) string {
	t.Helper()
	dir := t.TempDir()
	copyTree(t, l.Media(), filepath.Join(dir, folder.MediaName))
	copyTree(t, l.DB(), filepath.Join(dir, folder.DBName))
	if _, err := archive.WriteFolderManifest(context.Background(), dir, archive.Manifest{ProgramVersion: "v0-test"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyFiller fills a restore from the backup folder src, after spoil (if
// any) has had its way with the copy.
func copyFiller(t *testing.T, src string, spoil func(dir string)) Filler {
	return func(ctx context.Context, dir string, report func(done, total int64)) error {
		copyTree(t, src, dir)
		if spoil != nil {
			spoil(dir)
		}
		report(1, 1)
		return nil
	}
}

// TestRunFolder: a backup folder is checked as strictly as a ZIP. A changed
// photo, an extra file or a missing one is refused with the data folder
// exactly as it was and no safety backup or staging left; a sound one is
// swapped in after a safety backup.
func TestRunFolder(t *testing.T) {
	ctx := context.Background()
	srcData := makeData(t, t.TempDir(), 1)
	src := backupFolder(t, srcData)
	want := dataFiles(t, srcData)

	var photo string
	filepath.WalkDir(filepath.Join(src, folder.MediaName), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && photo == "" {
			photo, _ = filepath.Rel(src, p)
		}
		return nil
	})
	if photo == "" {
		t.Fatal("the sample data has no photo")
	}

	for _, tc := range []struct {
		name  string
		spoil func(dir string)
	}{
		{"changed photo", func(dir string) {
			p := filepath.Join(dir, photo)
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 1
			os.WriteFile(p, b, 0o600)
		}},
		{"extra file", func(dir string) {
			os.WriteFile(filepath.Join(dir, folder.MediaName, "planted.jpg"), []byte("x"), 0o600)
		}},
		{"missing photo", func(dir string) { os.Remove(filepath.Join(dir, photo)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := makeData(t, t.TempDir(), 2)
			takeLock(t, target)
			before := testkit.HashTree(t, target.Root, nil)
			f, err := folder.Open(ctx, target.Root, folder.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, err = RunFolder(ctx, f, "cloud snapshot k1", 1<<20, copyFiller(t, src, tc.spoil), Options{}, nil)
			f.Close()
			if !errors.Is(err, archive.ErrChecksum) {
				t.Fatalf("RunFolder of a spoilt folder: %v; want archive.ErrChecksum", err)
			}
			if !strings.Contains(err.Error(), "cloud snapshot k1") {
				t.Errorf("the error does not say which backup: %v", err)
			}
			if diff := testkit.TreeDiff(testkit.HashTree(t, target.Root, nil), before); len(diff) > 0 {
				t.Errorf("a refused restore changed the data folder:\n%s", strings.Join(diff, "\n"))
			}
			noStagingLeft(t, target)
		})
	}

	t.Run("sound", func(t *testing.T) {
		target := makeData(t, t.TempDir(), 2)
		f, err := folder.Open(ctx, target.Root, folder.Options{})
		if err != nil {
			t.Fatal(err)
		}
		res, err := RunFolder(ctx, f, "cloud snapshot k1", 1<<20, copyFiller(t, src, nil), Options{}, nil)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		equalMaps(t, "restored data", dataFiles(t, target), want)
		if res.SafetyBackup == "" || res.Preview.Version != "v0-test" || res.Preview.MediaFiles == 0 {
			t.Errorf("result = %+v; want a safety backup and the folder's version and media", res)
		}
		if _, err := os.Stat(filepath.Join(target.Root, archive.ManifestName)); err == nil {
			t.Error("manifest.json was swapped into the data folder")
		}
		noStagingLeft(t, target)
	})
}
