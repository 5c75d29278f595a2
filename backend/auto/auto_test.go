package auto

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/retention"
	"mahall/backend/snapshot"
	sample "mahall/internal/sampledata"
)

// newData writes a small made-up register and opens its folder.
func newData(t *testing.T) *folder.Folder {
	t.Helper()
	root := filepath.Join(t.TempDir(), "data")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := sample.Generate(context.Background(), root, sample.Options{Seed: 7, Members: 40, PhotoBytes: 200 << 10, PhotoFraction: 0.8}); err != nil {
		t.Fatal(err)
	}
	f, err := folder.Open(context.Background(), root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// files lists the names of the files in dir, hidden ones included.
func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func mkdirs(t *testing.T, n int) []string {
	base := t.TempDir()
	var out []string
	for i := range n {
		d := filepath.Join(base, fmt.Sprintf("drive%d", i+1))
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

func TestEveryDestinationGetsAVerifiedCopy(t *testing.T) {
	f := newData(t)
	dests := mkdirs(t, 2)
	rep, err := Run(context.Background(), f, Options{Destinations: dests, Policy: retention.Policy{Last: 3}})
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range rep.Outcomes {
		if o.Result != history.OK || !o.Verified || filepath.Dir(o.File) != dests[i] {
			t.Fatalf("destination %d: %+v", i, o)
		}
		p, err := restore.Verify(context.Background(), o.File, nil)
		if err != nil {
			t.Fatalf("verify %s: %v", o.File, err)
		}
		if p.Members != 40 {
			t.Errorf("%s holds %d members, want 40", o.File, p.Members)
		}
		if fs := files(t, dests[i]); len(fs) != 1 {
			t.Errorf("%s holds %v, want one backup", dests[i], fs)
		}
	}
	h, err := history.Load(f.History())
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Attempts) != 2 || h.Attempts[0].Result != history.OK || !h.Attempts[1].Verified || h.Attempts[1].Fingerprint == "" {
		t.Fatalf("history: %+v", h.Attempts)
	}
}

func TestUnchangedIsSkippedUntilSomethingChanges(t *testing.T) {
	f := newData(t)
	dests := mkdirs(t, 1)
	opt := Options{Destinations: dests}
	if _, err := Run(context.Background(), f, opt); err != nil {
		t.Fatal(err)
	}
	for run := 2; run <= 3; run++ {
		rep, err := Run(context.Background(), f, opt)
		if err != nil {
			t.Fatal(err)
		}
		if o := rep.Outcomes[0]; o.Result != history.Unchanged || !strings.HasPrefix(o.Message, "Unchanged since ") {
			t.Fatalf("run %d: %+v", run, o)
		}
	}
	if fs := files(t, dests[0]); len(fs) != 1 {
		t.Fatalf("an unchanged run wrote a file: %v", fs)
	}

	// A photo replaced with one of the same size is a change.
	photos := filepath.Join(f.Media(), "members", "photos")
	es, _ := os.ReadDir(photos)
	p := filepath.Join(photos, es[0].Name())
	b, _ := os.ReadFile(p)
	b[len(b)-1] ^= 1
	os.WriteFile(p, b, 0o644)
	os.Chtimes(p, time.Now(), time.Now().Add(time.Minute))
	rep, err := Run(context.Background(), f, opt)
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Outcomes[0]; o.Result != history.OK {
		t.Fatalf("run after a change: %+v", o)
	}

	// So is a row written to the register.
	db, err := register.OpenRW(f.DB())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE society_member SET name = name || ' ' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	rep, err = Run(context.Background(), f, opt)
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Outcomes[0]; o.Result != history.OK {
		t.Fatalf("run after a database change: %+v", o)
	}
	if fs := files(t, dests[0]); len(fs) != 3 {
		t.Fatalf("want 3 backups, have %v", fs)
	}
}

func TestNoDestinationUsesTheBackupsFolderAndWarns(t *testing.T) {
	f := newData(t)
	rep, err := Run(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Outcomes) != 1 || filepath.Dir(rep.Outcomes[0].File) != f.Backups() {
		t.Fatalf("outcomes: %+v", rep.Outcomes)
	}
	if len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0].Text, "same disk") {
		t.Fatalf("warnings: %q", rep.Warnings)
	}
}

func TestUnpluggedDestinationIsReportedAndTheOthersGetTheirCopy(t *testing.T) {
	f := newData(t)
	dests := mkdirs(t, 2)
	gone := filepath.Join(filepath.Dir(dests[0]), "BACKUP-USB")
	rep, err := Run(context.Background(), f, Options{Destinations: []string{gone, dests[1]}})
	if err == nil {
		t.Fatal("no error for a missing destination")
	}
	drive := "BACKUP-USB"
	if runtime.GOOS == "windows" {
		drive = filepath.VolumeName(gone) // Windows users know a drive by its letter
	}
	if o := rep.Outcomes[0]; o.Result != history.Failed || !strings.Contains(o.Message, "Plug in the backup drive '"+drive+"'") {
		t.Fatalf("missing destination: %+v", o)
	}
	if _, err := os.Stat(gone); err == nil {
		t.Fatal("the missing destination was created (it would fill the disk an unplugged drive is mounted on)")
	}
	if o := rep.Outcomes[1]; o.Result != history.OK || !o.Verified {
		t.Fatalf("other destination: %+v", o)
	}
}

// unplugAt returns a progress function that pulls the drive dir out (its
// content vanishes, the mount point stays) once phase has written bytes.
func unplugAt(dir, phase string) (progress.Func, *bool) {
	var once sync.Once
	done := new(bool)
	return func(u progress.Update) {
		if u.Phase == phase && u.BytesDone > 0 {
			once.Do(func() {
				os.RemoveAll(dir)
				os.Mkdir(dir, 0o700)
				*done = true
			})
		}
	}, done
}

func TestUnpluggedMidCopyLeavesNoPartialFile(t *testing.T) {
	for _, tc := range []struct {
		name  string
		phase string // the first destination is written by the backup, the others by a copy
		drive int
	}{
		{"while writing the backup", progress.PhaseArchive, 0},
		{"while copying it", progress.PhaseCopy, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if runtime.GOOS == "windows" {
				// The unplug is a RemoveAll of the folder while a file in it is open, which
				// Windows refuses (or not, by timing): the drive would not reliably go away.
				t.Skip("cannot pull a folder away from under an open file on Windows")
			}
			f := newData(t)
			dests := mkdirs(t, 3)
			report, unplugged := unplugAt(dests[tc.drive], tc.phase)
			rep, err := Run(context.Background(), f, Options{Destinations: dests, Report: report})
			if !*unplugged {
				t.Fatal("the drive was never pulled out")
			}
			if err == nil {
				t.Fatal("no error")
			}
			o := rep.Outcomes[tc.drive]
			if o.Result != history.Failed || !strings.Contains(o.Message, "Plug in the backup drive") {
				t.Fatalf("unplugged destination: %+v", o)
			}
			if fs := files(t, dests[tc.drive]); len(fs) != 0 {
				t.Fatalf("unplugged destination holds %v", fs)
			}
			for i, o := range rep.Outcomes {
				if i == tc.drive {
					continue
				}
				if o.Result != history.OK {
					t.Fatalf("destination %d: %+v", i, o)
				}
				if _, err := restore.Verify(context.Background(), o.File, nil); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func mount(t *testing.T, dir, opts string) {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a tmpfs")
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).CombinedOutput()
	if err != nil {
		t.Skipf("cannot mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
}

func TestFullDestination(t *testing.T) {
	f := newData(t)
	dests := mkdirs(t, 2)
	mount(t, dests[0], "size=64k")
	rep, err := Run(context.Background(), f, Options{Destinations: dests})
	if err == nil {
		t.Fatal("no error")
	}
	if o := rep.Outcomes[0]; o.Result != history.Failed || !strings.Contains(o.Message, "is full") {
		t.Fatalf("full destination: %+v", o)
	}
	if fs := files(t, dests[0]); len(fs) != 0 {
		t.Fatalf("full destination holds %v", fs)
	}
	if o := rep.Outcomes[1]; o.Result != history.OK || !o.Verified {
		t.Fatalf("other destination: %+v", o)
	}
}

func TestReadOnlyDestination(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a read-only folder cannot be made with chmod on Windows (folders have no write bit), and under wine the test runs as Unix root")
	}
	f := newData(t)
	dests := mkdirs(t, 2)
	if os.Geteuid() == 0 {
		mount(t, dests[1], "ro,size=1m")
	} else {
		os.Chmod(dests[1], 0o500)
		t.Cleanup(func() { os.Chmod(dests[1], 0o700) })
	}
	rep, err := Run(context.Background(), f, Options{Destinations: dests})
	if err == nil {
		t.Fatal("no error")
	}
	if o := rep.Outcomes[1]; o.Result != history.Failed || !strings.Contains(o.Message, "cannot be written to") {
		t.Fatalf("read-only destination: %+v", o)
	}
	if o := rep.Outcomes[0]; o.Result != history.OK || !o.Verified {
		t.Fatalf("other destination: %+v", o)
	}
}

// damage overwrites the middle of the database with garbage.
func damage(t *testing.T, db string) {
	t.Helper()
	fh, err := os.OpenFile(db, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	junk := make([]byte, st.Size()/2)
	for i := range junk {
		junk[i] = byte(i*7 + 3)
	}
	if _, err := fh.WriteAt(junk, 4096*2); err != nil {
		t.Fatal(err)
	}
}

func TestDamagedDatabaseMakesNoBackupAndPrunesNothing(t *testing.T) {
	f := newData(t)
	dests := mkdirs(t, 1)
	opt := Options{Destinations: dests, Policy: retention.Policy{Last: 1}, Force: true}
	for range 3 {
		if _, err := Run(context.Background(), f, opt); err != nil {
			t.Fatal(err)
		}
	}
	before := files(t, dests[0])
	if len(before) != 2 { // the newest and the oldest are kept
		t.Fatalf("before: %v", before)
	}
	damage(t, f.DB())
	rep, err := Run(context.Background(), f, opt)
	if !errors.Is(err, snapshot.ErrCorrupt) {
		t.Fatalf("err = %v, want ErrCorrupt", err)
	}
	o := rep.Outcomes[0]
	if o.Result != history.Failed || !strings.Contains(o.Message, "damaged") || !strings.Contains(o.Message, "no old backup was deleted") {
		t.Fatalf("outcome: %+v", o)
	}
	if after := files(t, dests[0]); !slices.Equal(before, after) {
		t.Fatalf("the destination changed: %v, then %v", before, after)
	}
	h, _ := history.Load(f.History())
	if last, _ := h.Last(); last.Result != history.Failed {
		t.Fatalf("history's last: %+v", last)
	}
}

func TestRetentionAfterVerifiedBackupsOnlyAndNeverOtherFiles(t *testing.T) {
	f := newData(t)
	dests := mkdirs(t, 1)
	dir := dests[0]
	for _, name := range []string{"notes.zip", "readme.txt"} {
		os.WriteFile(filepath.Join(dir, name), []byte("not a backup"), 0o600)
	}
	opt := Options{Destinations: dests, Policy: retention.Policy{Last: 2}, Force: true}
	var made []string
	for range 4 {
		rep, err := Run(context.Background(), f, opt)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, rep.Outcomes[0].File)
	}
	// The last two, and the oldest, are kept; the second was deleted.
	for i, p := range made {
		_, err := os.Stat(p)
		if (i == 1) != (err != nil) {
			t.Errorf("backup %d (%s): stat err %v", i, p, err)
		}
	}
	for _, name := range []string{"notes.zip", "readme.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was touched: %v", name, err)
		}
	}

	// After a failed attempt there, the next good backup deletes nothing.
	os.Rename(dir, dir+".away")
	if _, err := Run(context.Background(), f, opt); err == nil {
		t.Fatal("no error with the destination away")
	}
	os.Rename(dir+".away", dir)
	rep, err := Run(context.Background(), f, opt)
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Outcomes[0]; len(o.Deleted) != 0 || o.Held == "" {
		t.Fatalf("after a failure: %+v", o)
	}
}

func TestDriveName(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix paths")
	}
	for in, want := range map[string]string{
		"/media/asha/BACKUP-USB/mahall":   "BACKUP-USB",
		"/run/media/asha/BACKUP-USB":      "BACKUP-USB",
		"/mnt/usb/backups":                "usb",
		"/Volumes/My Passport/Mahall":     "My Passport",
		"/home/asha/Google Drive/backups": "backups",
		"/media/asha/BACKUP-USB":          "BACKUP-USB",
	} {
		if got := DriveName(in); got != want {
			t.Errorf("DriveName(%q) = %q, want %q", in, got, want)
		}
	}
}
