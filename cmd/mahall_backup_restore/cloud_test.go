package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/folder"
	"mahall/internal/testkit"
)

const cloudPassword = "made-up cloud password 7"

// cloudEnv is the child's environment for a cloud command against srv:
// the repository in MAHALL_REPO, the keys and the password in theirs.
func cloudEnv(t *testing.T, srv *testkit.S3Server, prefix string, extra ...string) []string {
	return childEnv(t, append([]string{
		"MAHALL_REPO=s3:http://" + srv.Addr + "/" + testkit.S3Bucket + "/" + prefix,
		"AWS_ACCESS_KEY_ID=" + srv.Access, "AWS_SECRET_ACCESS_KEY=" + srv.Secret,
		"MAHALL_PASSWORD=" + cloudPassword,
	}, extra...)...)
}

// dataOf is what a restore replaces, by hash: the media byte for byte, the
// database by its rows (a snapshot is the same data in rollback-journal mode).
func dataOf(t *testing.T, root string) (map[string]string, string) {
	media := testkit.HashTree(t, filepath.Join(root, folder.MediaName), nil)
	return media, testkit.RegisterRows(t, filepath.Join(root, folder.DBName))
}

// TestCloudRoundTrip: init, backup, list, then restore on an empty data
// folder (a new computer) gives the same data; check passes.
func TestCloudRoundTrip(t *testing.T) {
	srv := testkit.StartS3(t)
	src := t.TempDir()
	info := writeDataDir(t, src, smallSpec())
	env := cloudEnv(t, srv, "office")

	r := runEnv(t, env, "--data-dir", src, "cloud", "init")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Set up a new cloud copy") {
		t.Errorf("cloud init printed:\n%s", r.stdout)
	}
	r = runEnv(t, env, "--data-dir", src, "cloud", "init")
	r.want(t, 1)
	if !strings.Contains(r.stderr, "there is already a cloud copy at this place") {
		t.Errorf("a second cloud init said:\n%s", r.stderr)
	}

	// The connection init kept is enough: no MAHALL_REPO, no password.
	r = runEnv(t, childEnv(t), "--data-dir", src, "cloud", "backup")
	r.want(t, 0)
	members := fmt.Sprintf("%d members", info.tables["society_member"])
	if !strings.Contains(r.stdout, "Cloud snapshot sent: ") || !strings.Contains(r.stdout, members) {
		t.Errorf("cloud backup printed:\n%s", r.stdout)
	}
	for _, e := range mustReadDir(t, src) {
		if strings.HasPrefix(e, ".cloud-stage-") {
			t.Errorf("cloud backup left %s in the data folder", e)
		}
	}
	runEnv(t, env, "--data-dir", src, "cloud", "backup").want(t, 0)

	r = runEnv(t, env, "cloud", "list", "--json")
	r.want(t, 0)
	var list []cloudSnapshotJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("cloud list --json printed %q: %v", r.stdout, err)
	}
	if len(list) != 2 || !list[0].Time.After(list[1].Time) && !list[0].Time.Equal(list[1].Time) {
		t.Fatalf("cloud list --json = %+v; want two snapshots, newest first", list)
	}
	if list[0].Counts["society_member"] != info.tables["society_member"] || list[0].Counts["media files"] != int64(info.mediaFiles) || list[0].Size <= 0 {
		t.Errorf("listed %+v; want %d members, %d media files and a size", list[0], info.tables["society_member"], info.mediaFiles)
	}
	r = runEnv(t, env, "cloud", "list")
	r.want(t, 0)
	if !strings.Contains(r.stdout, list[0].ID) || !strings.Contains(r.stdout, members) {
		t.Errorf("cloud list printed:\n%s", r.stdout)
	}

	target := filepath.Join(t.TempDir(), "new computer")
	r = runEnv(t, env, "--data-dir", target, "cloud", "restore")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Restored cloud snapshot "+list[0].ID) || !strings.Contains(r.stdout, "Safety backup: none") {
		t.Errorf("cloud restore printed:\n%s", r.stdout)
	}
	wantMedia, wantRows := dataOf(t, src)
	gotMedia, gotRows := dataOf(t, target)
	if diff := testkit.TreeDiff(gotMedia, wantMedia); len(diff) > 0 {
		t.Errorf("restored media differ:\n%s", strings.Join(diff, "\n"))
	}
	if gotRows != wantRows {
		t.Errorf("restored rows:\n%s\nwant:\n%s", gotRows, wantRows)
	}

	// The older snapshot by ID, over the data now there: a safety backup.
	r = runEnv(t, env, "--data-dir", target, "cloud", "restore", list[1].ID)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Safety backup: "+filepath.Join(target, "backups", "pre-restore-")) {
		t.Errorf("cloud restore over data printed:\n%s", r.stdout)
	}

	r = runEnv(t, env, "cloud", "check", "--read-data-percent", "100")
	r.want(t, 0)
	if !strings.Contains(r.stdout, "The cloud copy is sound: 2 snapshots checked") {
		t.Errorf("cloud check printed:\n%s", r.stdout)
	}
}

// TestCloudFailures: a wrong password, wrong keys, a missing bucket and a
// server that is gone each fail with exit 1 and plain words, and the data
// folder is exactly as it was.
func TestCloudFailures(t *testing.T) {
	srv := testkit.StartS3(t)
	src := t.TempDir()
	writeDataDir(t, src, smallSpec())
	runEnv(t, cloudEnv(t, srv, "f"), "--data-dir", src, "cloud", "init").want(t, 0)
	runEnv(t, cloudEnv(t, srv, "f"), "--data-dir", src, "cloud", "backup").want(t, 0)

	target := t.TempDir()
	writeDataDir(t, target, dataSpec{seed: 3, areas: 1, houses: 1, members: 2, photos: 1, photoBytes: 900})
	runCLI(t, "--data-dir", target, "recover").want(t, 0) // leaves the lock file, as every command does
	before := testkit.HashTree(t, target, nil)
	gone := testkit.FreeAddr(t)

	for _, tc := range []struct {
		name string
		env  []string
		want string
	}{
		{"wrong password", cloudEnv(t, srv, "f", "MAHALL_PASSWORD=not the password"), "the backup password is not the one"},
		{"wrong keys", cloudEnv(t, srv, "f", "AWS_SECRET_ACCESS_KEY=wrong"), "refused the access key or secret key"},
		{"missing bucket", cloudEnv(t, srv, "f", "MAHALL_REPO=s3:http://"+srv.Addr+"/no-such-bucket/f"), "bucket named in the cloud copy settings does not exist"},
		{"server gone", cloudEnv(t, srv, "f", "MAHALL_REPO=s3:http://"+gone+"/"+testkit.S3Bucket+"/f"), "cannot reach the cloud storage server"},
		{"no cloud copy there", cloudEnv(t, srv, "elsewhere"), "there is no cloud copy at this place yet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, args := range [][]string{{"cloud", "restore"}, {"cloud", "list"}, {"cloud", "backup"}} {
				r := runEnv(t, tc.env, append([]string{"--data-dir", target}, args...)...)
				r.want(t, 1)
				if !strings.Contains(r.stderr, tc.want) {
					t.Errorf("%q said:\n%s\nwant it to say %q", args, r.stderr, tc.want)
				}
				for _, secret := range []string{srv.Secret, cloudPassword} {
					if strings.Contains(r.stderr, secret) {
						t.Errorf("%q showed a secret:\n%s", args, r.stderr)
					}
				}
				if diff := testkit.TreeDiff(testkit.HashTree(t, target, nil), before); len(diff) > 0 {
					t.Fatalf("a failed %q changed the data folder:\n%s", args, strings.Join(diff, "\n"))
				}
			}
		})
	}

	// No password at all is a usage error, not a failure.
	r := runEnv(t, cloudEnv(t, srv, "f", "MAHALL_PASSWORD="), "--data-dir", target, "cloud", "list")
	r.want(t, 2)
	if !strings.Contains(r.stderr, "no backup password") {
		t.Errorf("without a password: %s", r.stderr)
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestBackupAutoCloud: backup --auto sends a cloud snapshot when the data
// folder is connected; with the server gone the local backup is still made,
// and the run says the cloud copy is tried again (exit 1).
func TestBackupAutoCloud(t *testing.T) {
	srv := testkit.StartS3(t)
	src := t.TempDir()
	writeDataDir(t, src, smallSpec())
	runEnv(t, cloudEnv(t, srv, "auto"), "--data-dir", src, "cloud", "init").want(t, 0)
	to := t.TempDir()

	r := runCLI(t, "--data-dir", src, "backup", "--auto", "--to", to)
	r.want(t, 0)
	if !strings.Contains(r.stdout, "Backed up: cloud copy") {
		t.Errorf("backup --auto printed:\n%s", r.stdout)
	}
	r = runEnv(t, cloudEnv(t, srv, "auto"), "cloud", "list", "--json")
	r.want(t, 0)
	var list []cloudSnapshotJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 {
		t.Fatalf("after backup --auto the cloud copy lists %q (%v); want one snapshot", r.stdout, err)
	}

	srv.Kill()
	// A new photo, so the run has something to back up.
	if err := os.WriteFile(filepath.Join(src, "media", "members", "photos", "new.jpg"), []byte("a new photo"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := len(mustReadDir(t, to))
	r = runCLI(t, "--data-dir", src, "backup", "--auto", "--to", to)
	r.want(t, 1)
	if !strings.Contains(r.stdout, "FAILED:    cloud copy") || !strings.Contains(r.stdout, "cannot reach the cloud storage server") ||
		!strings.Contains(r.stderr, "the cloud copy was not; it is tried again at the next run") {
		t.Errorf("backup --auto with the server gone printed:\n%s\n%s", r.stdout, r.stderr)
	}
	if after := len(mustReadDir(t, to)); after <= before {
		t.Errorf("with the server gone no local backup was made (%d files before, %d after)", before, after)
	}
}
