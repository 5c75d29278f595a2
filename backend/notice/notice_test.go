package notice

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// TestEveryKindIsListed makes one notice of each kind and checks it against
// Codes: a kind missing from Codes would reach the window without the
// frontend's test asking for its words.
func TestEveryKindIsListed(t *testing.T) {
	err := errors.New("disk I/O error")
	all := []Notice{
		PhotoMissingFrom("members/photos/a.jpg"), MorePhotosMissing(3), Removed("media/a.jpg"), Replaced("media/a.jpg"),
		Symlink("media/l.jpg"), NotRegular("media/fifo"), BadName(err), CaseTwin("media/A.jpg", "media/a.jpg"),
		Unportable(2, "media/a:b.jpg", "media/a_b.jpg"), RolledBackChange(), DamagedSafety(), Unprotected(err),
		Sidecar("db.sqlite3-wal"), Legacy("B"), NoCheckValue("media/a.jpg"), UnportableInArchive(1, "a:b.jpg", "a_b.jpg"),
		Damaged("file is not a database"), PhotosKept(), NotInBackup(1, "members/photos/a.jpg"), ReplacedDamaged("/x/pre-restore.zip"),
		NoFolder("/home/user/.mahali/backups"), OnSameDisk("/srv/b"), OnSameDiskApp("/srv/b"), HistoryUnsaved(err),
		NotThere("/media/usb/B", "B"), NotThereNow("/media/usb/B", "B"), TaskFailed(err), CloudUnlisted(err), CloudMadeBut(err),
	}
	made := map[string]bool{}
	for _, n := range all {
		made[n.Code] = true
		if !slices.Contains(Codes, n.Code) {
			t.Errorf("code %q (%s) is not in Codes", n.Code, n.Text)
		}
		if n.Text == "" || n.Params == nil {
			t.Errorf("%s: text %q, params %v", n.Code, n.Text, n.Params)
		}
		// What the params name is in the English words too, as the CLI prints them.
		for k, v := range n.Params {
			if !strings.Contains(n.Text, v) {
				t.Errorf("%s: param %s=%q is not in the text %q", n.Code, k, v, n.Text)
			}
		}
	}
	for _, c := range Codes {
		if !made[c] {
			t.Errorf("code %q in Codes has no constructor in this test", c)
		}
	}
	if len(Codes) != len(made) {
		t.Errorf("Codes has %d entries for %d kinds (a code listed twice?)", len(Codes), len(made))
	}
	if got := Texts([]Notice{PhotosKept()}); !slices.Equal(got, []string{"This backup holds no photos: your current photos are kept."}) {
		t.Errorf("Texts = %q", got)
	}
}
