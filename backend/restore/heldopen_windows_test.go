package restore

// Files held open by another program, on Windows (make test-windows runs these under wine,
// where renaming a file another process holds open fails as on Windows). The other program is
// this test binary run again as TestHoldOpenHelper, which opens a file as SQLite and photo
// viewers do (sharing read and write, not delete) and keeps it open until its stdin closes.

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/internal/testkit"
)

const holdOpenEnv = "MAHALL_TEST_HOLD_OPEN"

// TestHoldOpenHelper is the other program, not a test: it runs only when holdOpen starts it.
func TestHoldOpenHelper(t *testing.T) {
	path := os.Getenv(holdOpenEnv)
	if path == "" {
		t.Skip("only the helper process of holdOpen")
	}
	p, err := syscall.UTF16PtrFromString(path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := syscall.CreateFile(p, syscall.GENERIC_READ|syscall.GENERIC_WRITE,
		syscall.FILE_SHARE_READ|syscall.FILE_SHARE_WRITE, nil, syscall.OPEN_EXISTING, 0, 0)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer syscall.CloseHandle(h)
	os.Stdout.WriteString("held\n")
	io.Copy(io.Discard, os.Stdin) // until the test closes the pipe
}

// holdOpen starts another process that holds path open, and returns once it does; release
// (also run at the test's end) makes it close the file and waits for it to exit.
func holdOpen(t *testing.T, path string) (release func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHoldOpenHelper$", "-test.v")
	cmd.Env = append(os.Environ(), holdOpenEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	held := false
	var lines []string
	for sc.Scan() {
		if sc.Text() == "held" {
			held = true
			break
		}
		lines = append(lines, sc.Text())
	}
	if !held {
		cmd.Wait()
		t.Fatalf("the helper did not hold %s open:\n%s", path, strings.Join(lines, "\n"))
	}
	done := false
	release = func() {
		if done {
			return
		}
		done = true
		stdin.Close()
		go io.Copy(io.Discard, stdout)
		cmd.Wait()
	}
	t.Cleanup(release)
	return release
}

// firstPhoto is a photo of the data folder, its path relative to it with Windows separators.
func firstPhoto(t *testing.T, l folder.Layout) string {
	t.Helper()
	var found string
	filepath.WalkDir(l.Media(), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && found == "" {
			found = p
			return filepath.SkipAll
		}
		return err
	})
	if found == "" {
		t.Fatal("the test data has no photo")
	}
	return found
}

// TestHeldOpenFoundUpFront: a file of the data folder held open by another program stops the
// restore before it extracts anything, with a message naming the file, and nothing changes.
func TestHeldOpenFoundUpFront(t *testing.T) {
	for _, c := range []struct {
		name string
		file func(folder.Layout) string
		want string
	}{
		{"database", func(l folder.Layout) string { return l.DB() },
			"db.sqlite3 is open in another program, probably the Mahall register. Close it and try again. Your data was not changed."},
		{"photo", func(l folder.Layout) string { return firstPhoto(t, l) },
			"is open in another program, perhaps a photo viewer or editor. Close it and try again. Your data was not changed."},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
			archivePath := makeBackup(t, 2)
			before := testkit.HashTree(t, l.Root, nil)
			held := c.file(l)
			release := holdOpen(t, held)

			var phases []string
			_, err := restoreInto(context.Background(), l, archivePath, Options{}, func(u progress.Update) {
				if len(phases) == 0 || phases[len(phases)-1] != u.Phase {
					phases = append(phases, u.Phase)
				}
			})
			if !errors.Is(err, ErrHeldOpen) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Run with %s held open: %v\nwant the message %q", held, err, c.want)
			}
			rel, _ := filepath.Rel(l.Root, held)
			if !strings.HasPrefix(err.Error(), rel+" is open") {
				t.Errorf("the message does not start with the file's name %s: %v", rel, err)
			}
			if len(phases) != 1 || phases[0] != progress.PhaseValidate {
				t.Errorf("phases %v: it went on past validating", phases)
			}
			release()
			after := testkit.HashTree(t, l.Root, nil)
			delete(after, folder.LockName)
			delete(before, folder.LockName)
			equalMaps(t, "data folder", after, before)
			noStagingLeft(t, l)

			// Once the other program has closed it, the restore goes through.
			if _, err := restoreInto(context.Background(), l, archivePath, Options{}, nil); err != nil {
				t.Fatalf("Run after the file was closed: %v", err)
			}
			equalMaps(t, "restored data", dataFiles(t, l), archiveFiles(t, archivePath))
		})
	}
}

// TestHeldOpenDuringSwap: a file that another program opens after the up-front check (while
// the extraction and the safety backup run) makes the swap fail; it rolls back, the data
// folder holds exactly the old data, and the next restore goes through.
func TestHeldOpenDuringSwap(t *testing.T) {
	for _, c := range []struct {
		name string
		// the file to hold, chosen when the swap begins
		file func(l folder.Layout) string
		// the message names the file (one of the data folder's) or says it rolled back
		want string
	}{
		{"database", func(l folder.Layout) string { return l.DB() },
			"db.sqlite3 is open in another program, probably the Mahall register. Close it and try again. Your data was not changed."},
		// The old items have moved aside when the staged database cannot move in: a real
		// roll back, and a staging folder that cannot be removed until the file is closed.
		{"staged database", func(l folder.Layout) string {
			m, _ := filepath.Glob(filepath.Join(filepath.Dir(l.Root), "."+filepath.Base(l.Root)+".restore-*", folder.NewDirName, folder.DBName))
			if len(m) != 1 {
				return ""
			}
			return m[0]
		}, "rolled back; the data folder is as it was"},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := makeData(t, filepath.Join(t.TempDir(), "Mahali"), 1)
			archivePath := makeBackup(t, 2)
			before := dataFiles(t, l)
			var release func()
			_, err := restoreInto(context.Background(), l, archivePath, Options{}, func(u progress.Update) {
				if u.Phase == progress.PhaseSwap && release == nil {
					p := c.file(l)
					if p == "" {
						t.Fatal("no staged database when the swap begins")
					}
					release = holdOpen(t, p)
				}
			})
			if release == nil {
				t.Fatalf("the restore never reached the swap: %v", err)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("Run with a file held open during the swap: %v\nwant %q", err, c.want)
			}
			equalMaps(t, "data folder", dataFiles(t, l), before)
			release()

			if _, err := restoreInto(context.Background(), l, archivePath, Options{}, nil); err != nil {
				t.Fatalf("Run after the file was closed: %v", err)
			}
			equalMaps(t, "restored data", dataFiles(t, l), archiveFiles(t, archivePath))
			noStagingLeft(t, l)
		})
	}
}
