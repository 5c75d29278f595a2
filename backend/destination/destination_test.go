package destination

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestName(t *testing.T) {
	loc := time.FixedZone("IST", 5*3600+1800)
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 12, 1, 14, 30, 59, 0, loc), "mahall_backup_2026-12-01_1430.zip"},
		{time.Date(2027, 1, 9, 7, 5, 0, 0, loc), "mahall_backup_2027-01-09_0705.zip"},
	} {
		if got := Name(tc.t); got != tc.want {
			t.Errorf("Name(%s) = %s, want %s", tc.t, got, tc.want)
		}
	}
	// Two backups on one day get two names.
	if Name(time.Date(2026, 12, 1, 9, 0, 0, 0, loc)) == Name(time.Date(2026, 12, 1, 21, 0, 0, 0, loc)) {
		t.Error("morning and evening backups share a name")
	}
}

func TestSameDiskSameFolder(t *testing.T) {
	data := t.TempDir()
	for _, dest := range []string{
		data,
		filepath.Join(data, "backups"), // not made yet
		filepath.Join(data, "new", "deeper", "folder"), // nor its parents
	} {
		same, err := SameDisk(data, dest)
		if err != nil || !same {
			t.Errorf("SameDisk(data, %s) = %v, %v; want true", dest, same, err)
		}
	}
}

// /proc is always a file system of its own on Linux; the device numbers the
// stat program reports are the independent check.
func TestSameDiskOtherFileSystem(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	data := t.TempDir()
	same, err := SameDisk(data, "/proc")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("stat", "-c", "%d", data, "/proc").Output()
	if err != nil {
		t.Skip("no stat program:", err)
	}
	devs := strings.Fields(string(out))
	if want := devs[0] == devs[1]; same != want {
		t.Errorf("SameDisk(%s, /proc) = %v, but stat says devices %v", data, same, devs)
	}
	if same {
		t.Error("the temporary folder and /proc are on one device")
	}
}

// A symlink counts as where it points.
func TestSameDiskFollowsLinks(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("needs /proc")
	}
	data := t.TempDir()
	link := filepath.Join(data, "proc-link")
	if err := os.Symlink("/proc", link); err != nil {
		t.Skip(err)
	}
	if same, err := SameDisk(data, link); err != nil || same {
		t.Errorf("SameDisk(data, link to /proc) = %v, %v; want false", same, err)
	}
}
