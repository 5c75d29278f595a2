package explain

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/restore"
	"mahall/internal/registertest"
)

var firstSentence = regexp.MustCompile(`^(.*?[.!?])(\s|$)`)

func first(s string) string {
	if m := firstSentence.FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return s
}

// Words that mean nothing to a volunteer, kept out of the first sentence.
var jargon = []string{"CRC", "SHA-256", "manifest", "layout", "zip:", "ZIP", "sqlite", "checksum"}

func checkWords(t *testing.T, msg, wantFirst string) {
	t.Helper()
	if got := first(msg); got != wantFirst {
		t.Errorf("first sentence %q, want %q\n(the whole message: %s)", got, wantFirst, msg)
	}
	for _, j := range jargon {
		if strings.Contains(first(msg), j) {
			t.Errorf("first sentence %q says %q", first(msg), j)
		}
	}
}

// registerDB is a small real register's database file.
func registerDB(t *testing.T) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	db := registertest.Create(t, p, registertest.Latest)
	registertest.Insert(t, db, "society_area", registertest.Row{"name": "Ward 1"})
	db.Close()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dataFolder is an installed data folder with a register, opened.
func restoreInto(t *testing.T, ctx context.Context, archivePath string) (string, error) {
	t.Helper()
	root := filepath.Join(t.TempDir(), "Mahali")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "db.sqlite3"), registerDB(t), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := folder.Open(context.Background(), root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = restore.Run(ctx, f, archivePath, restore.Options{}, nil)
	return root, err
}

func TestMessagesOfRealFailures(t *testing.T) {
	dir := t.TempDir()
	photo := []byte("\xff\xd8\xff\xe0 a made-up photo, long enough to be damaged in the middle")
	media := map[string][]byte{"members/photos/x.jpg": photo}

	text := filepath.Join(dir, "notes.zip")
	if err := os.WriteFile(text, []byte("Eid Paisa 2025: collected from every house.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	damagedPhoto := filepath.Join(dir, "damaged.zip")
	archivetest.WriteZip(t, damagedPhoto, archivetest.V1(t, registerDB(t), media, nil))
	archivetest.FlipByte(t, damagedPhoto, "media/members/photos/x.jpg")
	noDB := filepath.Join(dir, "photos only.zip")
	archivetest.WriteZip(t, noDB, archivetest.Legacy(archive.LayoutB, nil, media)[1:])
	truncated := filepath.Join(dir, "cut.zip")
	whole := archivetest.Bytes(t, archivetest.Legacy(archive.LayoutA, registerDB(t), media))
	if err := os.WriteFile(truncated, whole[:len(whole)/2], 0o600); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		name, path, want string
	}{
		{"text file", text, "This file is not a Mahall backup (it is a text file)."},
		{"damaged photo", damagedPhoto, "This backup is damaged: the photo members/photos/x.jpg in it does not match what was saved."},
		{"no database", noDB, "This file is not a Mahall backup: there is no register database in it."},
		{"cut short", truncated, "This backup file is damaged or incomplete, so it cannot be read."},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := restore.Verify(context.Background(), c.path, nil)
			if err == nil {
				t.Fatal("verify accepted it")
			}
			msg := Message(Verify, err)
			checkWords(t, msg, c.want)
			if strings.Contains(msg, Unchanged) {
				t.Errorf("verify changes nothing and need not say so: %s", msg)
			}
			if !strings.Contains(msg, err.Error()) {
				t.Errorf("the technical detail %q is missing from %q", err.Error(), msg)
			}

			root, err := restoreInto(t, context.Background(), c.path)
			if err == nil {
				t.Fatal("restore accepted it")
			}
			msg = Message(Restore, err)
			checkWords(t, msg, c.want)
			if !strings.HasSuffix(msg, " "+Unchanged) {
				t.Errorf("a refused restore does not end with %q: %s", Unchanged, msg)
			}
			if b, _ := os.ReadFile(filepath.Join(root, "db.sqlite3")); len(b) == 0 {
				t.Errorf("the data folder lost its database")
			}
		})
	}

	t.Run("no such file", func(t *testing.T) {
		_, err := restoreInto(t, context.Background(), filepath.Join(dir, "not there.zip"))
		checkWords(t, Message(Restore, err), "The backup file cannot be found.")
	})

	t.Run("cancelled", func(t *testing.T) {
		good := filepath.Join(dir, "good.zip")
		archivetest.WriteZip(t, good, archivetest.V1(t, registerDB(t), media, nil))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := restoreInto(t, ctx, good)
		msg := Message(Restore, err)
		if msg != "The restore was cancelled. "+Unchanged {
			t.Errorf("cancelled restore: %q", msg)
		}
	})

	t.Run("busy", func(t *testing.T) {
		root := t.TempDir()
		f, err := folder.Open(context.Background(), root, folder.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = folder.Open(context.Background(), root, folder.Options{})
		msg := Message(Restore, err)
		checkWords(t, msg, "Another backup, restore or recover is working on this data folder right now.")
		if !strings.HasSuffix(msg, Unchanged) || !strings.Contains(msg, root) {
			t.Errorf("busy: %q", msg)
		}
	})
}

// Only a restore that left the data as it was says so.
func TestUnchangedOnlyWhenTrue(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("swap: rename: %w", folder.ErrUnfinished), false},
		{fmt.Errorf("swap: %w: remove staging", folder.ErrRestoredNotCleaned), false},
		{restore.ErrInUse, true},
		{errors.New("something unexpected"), true},
	} {
		msg := Message(Restore, c.err)
		if got := strings.HasSuffix(msg, Unchanged); got != c.want {
			t.Errorf("%v: says unchanged %v, want %v: %s", c.err, got, c.want, msg)
		}
		// The window says it in its own language from this flag.
		if got := Wrap(Restore, c.err).(*Error).DataUnchanged(); got != c.want {
			t.Errorf("%v: DataUnchanged %v, want %v", c.err, got, c.want)
		}
	}
	for _, u := range []bool{true, false} {
		held := &restore.HeldOpenError{Path: "/d/db.sqlite3", Rel: "db.sqlite3", Unchanged: u, Err: errors.New("sharing violation")}
		if got := Wrap(Restore, held).(*Error).DataUnchanged(); got != u {
			t.Errorf("held open, unchanged %v: DataUnchanged %v", u, got)
		}
	}
	if Wrap(Backup, restore.ErrInUse).(*Error).DataUnchanged() {
		t.Errorf("a failed backup claims DataUnchanged; only restores say it")
	}
	if msg := Message(Restore, fmt.Errorf("x: %w", folder.ErrUnfinished)); !strings.Contains(msg, "recover") {
		t.Errorf("an unfinished restore does not say what to do: %s", msg)
	}
}

func TestWrapKeepsSentinels(t *testing.T) {
	err := Wrap(Restore, fmt.Errorf("restore /x: %w", restore.ErrInUse))
	if !errors.Is(err, restore.ErrInUse) {
		t.Errorf("Wrap lost the sentinel: %v", err)
	}
	if Wrap(Backup, err) != err || Wrap(Restore, nil) != nil {
		t.Errorf("Wrap explained twice, or explained nil")
	}
	checkWords(t, err.Error(), "Another program is using the register right now, so it cannot be replaced.")
}

// backend/crypt's refusals are worded for people already; they stay first.
func TestCryptWordsStayFirst(t *testing.T) {
	err := fmt.Errorf("open /media/usb/b.zip: %w", crypt.ErrWrongPassword)
	msg := Message(Restore, err)
	if !strings.HasPrefix(msg, "That password does not open this backup. ") || !strings.HasSuffix(msg, Unchanged) {
		t.Errorf("wrong password: %q", msg)
	}
	if msg := Message(Inspect, crypt.ErrWrongPassword); msg != "That password does not open this backup." {
		t.Errorf("bare wrong password: %q", msg)
	}
}

func TestHeldOpenTellsItself(t *testing.T) {
	held := &restore.HeldOpenError{Path: `C:\Mahali\media\members\photos\x.jpg`, Rel: "media/members/photos/x.jpg",
		Unchanged: true, Err: errors.New("sharing violation")}
	err := fmt.Errorf("restore: %w", held)
	if got := Message(Restore, err); got != held.Error() {
		t.Errorf("held open: %q, want %q", got, held.Error())
	}
	checkWords(t, Message(Restore, err), "media/members/photos/x.jpg is open in another program, perhaps a photo viewer or editor.")
}
