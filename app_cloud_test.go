package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/cloud"
	"mahall/backend/folder"
	"mahall/backend/uierr"
	"mahall/internal/testkit"
)

// TestCloudSettingsAndWizardRestore: the settings' Test connection on an
// empty place says there is none yet, Save sets one up, a cloud snapshot is
// sent, and a new computer's wizard restores it: the same rows and photos,
// the overview updated, and the connection kept for its own cloud copies.
// A wrong password is rejected with its own code and changes nothing.
func TestCloudSettingsAndWizardRestore(t *testing.T) {
	repo := t.TempDir()
	settings := CloudSettings{Folder: repo, Password: "made-up password"}

	root := t.TempDir()
	makeRegister(t, root, 1, 2, 4)
	a, _ := newTestApp(t, root)
	check, err := a.TestCloudConnection(settings)
	if err != nil || check.Exists {
		t.Fatalf("Test connection on an empty place = %+v, %v; want no cloud copy yet", check, err)
	}
	if check, err = a.SaveCloudSettings(settings); err != nil || !check.Exists || len(check.Snapshots) != 0 {
		t.Fatalf("Save = %+v, %v; want a new, empty cloud copy", check, err)
	}
	f, err := folder.Open(t.Context(), root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cloud.BackupFolder(t.Context(), f, nil); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if check, err = a.TestCloudConnection(settings); err != nil || len(check.Snapshots) != 1 || check.Snapshots[0].Members != 4 {
		t.Fatalf("Test connection after a snapshot = %+v, %v; want one snapshot of 4 members", check, err)
	}

	// A new computer, in the wizard.
	newRoot := filepath.Join(t.TempDir(), "Mahali")
	b, _ := newTestApp(t, newRoot)
	wrong := settings
	wrong.Password = "not it"
	_, err = b.RestoreFromCloud(wrong, "")
	if uierr.CodeOf(err) != uierr.WrongPassword {
		t.Fatalf("restore with a wrong password: %v (code %q); want wrongPassword", err, uierr.CodeOf(err))
	}
	nl := folder.Layout{Root: newRoot}
	for _, p := range []string{nl.DB(), nl.Media(), nl.Cloud()} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a refused restore left %s (%v)", p, err)
		}
	}

	res, err := b.RestoreFromCloud(settings, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Preview.Members != 4 || res.SafetyBackup != "" || !strings.HasPrefix(res.Preview.Path, "cloud snapshot ") {
		t.Errorf("RestoreFromCloud = %+v", res)
	}
	l := folder.Layout{Root: root}
	if got, want := testkit.RegisterRows(t, nl.DB()), testkit.RegisterRows(t, l.DB()); got != want {
		t.Errorf("restored rows:\n%s\nwant:\n%s", got, want)
	}
	if diff := testkit.TreeDiff(testkit.HashTree(t, nl.Media(), nil), testkit.HashTree(t, l.Media(), nil)); len(diff) > 0 {
		t.Errorf("restored photos differ:\n%s", strings.Join(diff, "\n"))
	}
	if ov, err := b.Overview(); err != nil || ov.Members != 4 {
		t.Errorf("overview after the cloud restore = %+v, %v", ov, err)
	}
	r, err := cloud.Open(t.Context(), nl.Cloud())
	if err != nil {
		t.Fatalf("the new computer kept no connection to the cloud copy: %v", err)
	}
	r.Close(t.Context())
}
