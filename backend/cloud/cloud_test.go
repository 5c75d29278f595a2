package cloud

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/internal/testkit"
)

const testPassword = "correct horse battery staple"

var testMeta = Meta{Version: "v1.2.3-test", Counts: map[string]int64{"members": 3100, "photos": 100}}

// TestRoundTripS3: snapshot, list, and restore from a second computer (a new
// connection folder) into an empty folder, byte-identical.
func TestRoundTripS3(t *testing.T) {
	ctx := t.Context()
	srv := startS3(t)
	src := t.TempDir()
	makeRegister(t, src, 100)

	r, err := Init(ctx, t.TempDir(), srv.location("office/register"), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	made, err := r.Snapshot(ctx, src, testMeta, nil)
	if err != nil {
		t.Fatal(err)
	}

	// The new computer knows only the account details and the password.
	newPC := t.TempDir()
	r2, err := Connect(ctx, newPC, srv.location("office/register"), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close(ctx)
	list, err := r2.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != made.ID {
		t.Fatalf("List = %+v, want the one snapshot %s", list, made.ID)
	}
	s := list[0]
	var wantSize int64
	for name := range hashTree(t, src) {
		wantSize += fileSize(t, filepath.Join(src, name))
	}
	if s.Version != testMeta.Version || s.Counts["members"] != 3100 || s.Counts["photos"] != 100 || s.Files != 102 || s.Size != wantSize || s.Time.IsZero() {
		t.Errorf("listed snapshot = %+v, want version %s, counts %v, 102 files of %d bytes", s, testMeta.Version, testMeta.Counts, wantSize)
	}

	dst := filepath.Join(t.TempDir(), "staging")
	var last Progress
	if err := r2.Restore(ctx, s.ID, dst, func(p Progress) { last = p }); err != nil {
		t.Fatal(err)
	}
	sameTree(t, hashTree(t, src), hashTree(t, dst))
	if last.Bytes != wantSize {
		t.Errorf("last restore progress = %+v, want %d bytes", last, wantSize)
	}

	// The keys are not in kopia's config file, only in the protected file.
	cfg, err := os.ReadFile(filepath.Join(newPC, configName))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(cfg, []byte(srv.Secret)) || bytes.Contains(cfg, []byte(testPassword)) {
		t.Errorf("kopia's config file holds the secret key or password in clear:\n%s", cfg)
	}
	if st, err := os.Stat(filepath.Join(newPC, credentialsName)); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("credentials file: %v, mode %v; want 0600", err, st.Mode().Perm())
	}

	// Open reconnects from the folder alone.
	r3, err := Open(ctx, newPC)
	if err != nil {
		t.Fatal(err)
	}
	defer r3.Close(ctx)
	if list, err := r3.List(ctx); err != nil || len(list) != 1 {
		t.Fatalf("List after Open = %v, %v", list, err)
	}
}

// TestIncrementalAndEncrypted: a second snapshot with 1 % of the photos
// changed stores at most the database, the changed photos and 5 % more; and
// nothing in the bucket shows a member's name, phone number or photo name.
func TestIncrementalAndEncrypted(t *testing.T) {
	ctx := t.Context()
	srv := startS3(t)
	src := t.TempDir()
	makeRegister(t, src, 100)
	const prefix = "village"

	r, err := Init(ctx, t.TempDir(), srv.location(prefix), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	if _, err := r.Snapshot(ctx, src, testMeta, nil); err != nil {
		t.Fatal(err)
	}
	before := total(srv.Stored(prefix))

	changed := changeRegister(t, src, 1, 42)
	dbSize := fileSize(t, filepath.Join(src, "db.sqlite3"))
	second, err := r.Snapshot(ctx, src, testMeta, nil)
	if err != nil {
		t.Fatal(err)
	}
	after := total(srv.Stored(prefix))
	grew := after - before
	budget := (dbSize + changed) * 105 / 100
	t.Logf("first snapshot stored %d bytes; second grew the bucket by %d bytes (database %d, changed photos %d, budget %d)",
		before, grew, dbSize, changed, budget)
	if grew > budget {
		t.Errorf("second snapshot stored %d bytes, more than the database + changed photos + 5 %% (%d)", grew, budget)
	}
	if grew < changed {
		t.Errorf("second snapshot stored only %d bytes, less than the changed photo itself (%d): was it stored at all?", grew, changed)
	}

	dst := t.TempDir()
	if err := r.Restore(ctx, second.ID, dst, nil); err != nil {
		t.Fatal(err)
	}
	sameTree(t, hashTree(t, src), hashTree(t, dst))

	// Every stored object, names and contents, across the whole server root.
	planted := []string{plantedName, plantedPhone, plantedPhoto, strings.TrimSuffix(plantedPhoto, ".jpg")}
	var scanned int
	err = filepath.WalkDir(srv.Root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		for _, w := range planted {
			if strings.Contains(p, w) {
				t.Errorf("object name %s shows %q", p, w)
			}
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		scanned++
		for _, w := range planted {
			if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(w))) {
				t.Errorf("stored object %s holds %q in clear", p, w)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if scanned < 5 {
		t.Fatalf("scanned only %d stored objects: the scan looked in the wrong place", scanned)
	}
	// The planted data is really in the source, so the scan could fail.
	if db, _ := os.ReadFile(filepath.Join(src, "db.sqlite3")); !bytes.Contains(db, []byte(plantedName)) || !bytes.Contains(db, []byte(plantedPhone)) {
		t.Fatal("the test register does not hold the planted name and phone in clear")
	}
}

// TestServerKilledMidUpload: the server dies while a snapshot is being sent;
// the run fails with ErrUnreachable, no broken snapshot is listed, and the
// next run completes and restores byte-identical.
func TestServerKilledMidUpload(t *testing.T) {
	ctx := t.Context()
	srv := startS3(t)
	src := t.TempDir()
	makeRegister(t, src, 100)
	dir := t.TempDir()

	r, err := Init(ctx, dir, srv.location(""), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Snapshot(ctx, src, testMeta, nil)
	if err != nil {
		t.Fatal(err)
	}
	changeRegister(t, src, 10, 9)

	storedBefore := len(srv.Stored(""))

	// kopia announces each piece just before storing it, one after another;
	// killing at the second announcement leaves the first piece of the new
	// snapshot in the bucket, and its index and record not.
	var pieces, lastSent int64
	_, err = r.Snapshot(ctx, src, testMeta, func(p Progress) {
		if p.Uploaded > lastSent {
			lastSent = p.Uploaded
			if pieces++; pieces == 2 {
				srv.Kill()
			}
		}
	})
	if !errors.Is(err, ErrUnreachable) {
		t.Fatalf("snapshot with the server killed half-way: %v, want ErrUnreachable", err)
	}
	t.Logf("the interrupted run said: %v", err)
	r.Close(ctx) //nolint:errcheck // the server is gone
	if n := len(srv.Stored("")); n <= storedBefore {
		t.Fatalf("the bucket holds %d objects, as before the interrupted run (%d): the kill came before any upload", n, storedBefore)
	}

	srv.Start()
	r, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	list, err := r.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != first.ID {
		t.Fatalf("after the interrupted run List = %+v, want only the first snapshot", list)
	}
	second, err := r.Snapshot(ctx, src, testMeta, nil)
	if err != nil {
		t.Fatalf("the next run after the crash: %v", err)
	}
	if list, err = r.List(ctx); err != nil || len(list) != 2 || list[0].ID != second.ID {
		t.Fatalf("List = %+v, %v; want the new snapshot first, then the first", list, err)
	}
	dst := t.TempDir()
	if err := r.Restore(ctx, second.ID, dst, nil); err != nil {
		t.Fatal(err)
	}
	sameTree(t, hashTree(t, src), hashTree(t, dst))
	if _, err := r.Check(ctx, 100); err != nil {
		t.Fatalf("Check after the crash and the next run: %v", err)
	}
}

// TestConnectionErrors: each failure has its own sentinel and a plain message,
// and none hangs.
func TestConnectionErrors(t *testing.T) {
	ctx := t.Context()
	srv := startS3(t)
	if r, err := Init(ctx, t.TempDir(), srv.location("errs"), testPassword); err != nil {
		t.Fatal(err)
	} else {
		r.Close(ctx)
	}

	wrongKey := srv.location("errs")
	wrongKey.SecretKey = "not-the-secret"
	noBucket := srv.location("errs")
	noBucket.Bucket = "no-such-bucket"
	gone := srv.location("errs")
	gone.Endpoint = testkit.FreeAddr(t) // nothing listens there
	empty := srv.location("elsewhere")

	for _, tc := range []struct {
		name     string
		loc      Location
		password string
		want     error
		says     string
	}{
		{"wrong credentials", wrongKey, testPassword, ErrWrongCredentials, "access key or secret key"},
		{"missing bucket", noBucket, testPassword, ErrNoBucket, "bucket"},
		{"server gone", gone, testPassword, ErrUnreachable, "cannot reach"},
		{"wrong password", srv.location("errs"), "wrong password", ErrWrongPassword, "password"},
		{"nothing there yet", empty, testPassword, ErrNotInitialized, "no cloud copy"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			_, err := Connect(ctx, dir, tc.loc, tc.password)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Connect = %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.want.Error()) {
				t.Errorf("message does not start with the plain words of %v: %q", tc.want, err)
			}
			if !strings.Contains(strings.ToLower(err.Error()), tc.says) {
				t.Errorf("message %q does not say %q", err, tc.says)
			}
			if strings.Contains(err.Error(), srv.Secret) || strings.Contains(err.Error(), testPassword) {
				t.Errorf("message shows a secret: %q", err)
			}
			if _, err := Open(ctx, dir); !errors.Is(err, ErrNotConnected) {
				t.Errorf("a failed Connect left a connection behind: Open = %v", err)
			}
		})
	}

	if _, err := Init(ctx, t.TempDir(), srv.location("errs"), testPassword); !errors.Is(err, ErrAlreadyInitialized) {
		t.Errorf("Init over an existing cloud copy = %v, want ErrAlreadyInitialized", err)
	}
}
