package backup

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"mahall/backend/archive"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/snapshot"
	"mahall/backend/sqlitedb"
)

// writerEnv makes the test binary a writer process instead of running tests.
const writerEnv = "MAHALL_BACKUP_TEST_WRITER"

func TestMain(m *testing.M) {
	if p := os.Getenv(writerEnv); p != "" {
		os.Exit(runWriter(p))
	}
	os.Exit(m.Run())
}

// runWriter commits, as fast as it can until its stdin closes, transactions
// that each add one row to pair_a and the matching row to pair_b. A
// consistent snapshot always has the same rows in both.
func runWriter(path string) int {
	// synchronous=off: this tests consistency, not durability, and the
	// writer should commit as often as it can.
	db, err := sqlitedb.Open(path, "", "busy_timeout(10000)", "synchronous(off)")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	stop := make(chan struct{})
	go func() {
		io.Copy(io.Discard, os.Stdin)
		close(stop)
	}()
	commit := func() error {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback()
		r, err := tx.Exec("INSERT INTO pair_a(v) VALUES (randomblob(200))")
		if err != nil {
			return err
		}
		id, err := r.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO pair_b(id, v) VALUES (?, randomblob(200))", id); err != nil {
			return err
		}
		return tx.Commit()
	}
	for n := 0; ; n++ {
		select {
		case <-stop:
			return 0
		default:
		}
		if err := commit(); err != nil {
			// A lock held past the busy timeout is the one failure that
			// is not the writer's fault; anything else ends the test.
			fmt.Fprintln(os.Stderr, "writer:", err)
			return 1
		}
		if n == 0 {
			fmt.Println("ready")
		}
	}
}

// pairData makes a data folder whose database holds the pair tables, with
// small pages so that a snapshot takes several backup steps.
func pairData(t *testing.T, journalMode string) folder.Layout {
	t.Helper()
	l := folder.Layout{Root: filepath.Join(t.TempDir(), "data")}
	if err := os.MkdirAll(l.Root, 0o700); err != nil {
		t.Fatal(err)
	}
	db := openRW(t, l.DB())
	defer db.Close()
	for _, q := range []string{
		"PRAGMA page_size=512",
		"PRAGMA journal_mode=" + journalMode,
		"CREATE TABLE pair_a (id INTEGER PRIMARY KEY, v BLOB)",
		"CREATE TABLE pair_b (id INTEGER PRIMARY KEY, v BLOB)",
		`INSERT INTO pair_a(id, v) WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i < 1500) SELECT i, randomblob(200) FROM c`,
		`INSERT INTO pair_b(id, v) SELECT id, randomblob(200) FROM pair_a`,
	} {
		mustExec(t, db, q)
	}
	writeFile(t, filepath.Join(l.Media(), "members", "photos", "a.jpg"), pseudoRandom(20_000, 9))
	return l
}

func countPairs(t *testing.T, path string) int64 {
	t.Helper()
	db, err := register.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM pair_a").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitForCommit waits until the writer has committed past n rows; it fails
// the test if the writer is stuck (a hang guard, not a speed check).
func waitForCommit(t *testing.T, path string, n int64, while string) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for countPairs(t, path) <= n {
		if time.Now().After(deadline) {
			t.Errorf("the writer committed nothing while %s", while)
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestLiveWriter runs backups while another process commits as fast as it
// can. Every backup's database must pass integrity_check and hold the
// invariant, and the writer must keep committing while backups run.
func TestLiveWriter(t *testing.T) {
	for _, mode := range []string{"delete", "wal"} {
		t.Run(mode, func(t *testing.T) {
			l := pairData(t, mode)
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), writerEnv+"="+l.DB())
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			stopped := false
			stopWriter := func() {
				if !stopped {
					stopped = true
					stdin.Close()
					if err := cmd.Wait(); err != nil {
						t.Errorf("writer process: %v\n%s", err, stderr.String())
					}
				}
			}
			defer stopWriter()
			if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
				stopWriter()
				t.Fatalf("writer did not start: %q %v", line, err)
			}

			var last int64
			for i := range 3 {
				waitedSnap, waitedArchive := false, false
				report := func(u progress.Update) {
					// In WAL mode readers never block writers, so the writer
					// must get commits in between the snapshot's steps; the
					// snapshot must still be consistent. (In rollback-journal
					// mode the snapshot's read lock holds commits back until it
					// is done, as any consistent copy must.)
					if mode == "wal" && u.Phase == progress.PhaseSnapshot && !waitedSnap && u.BytesDone < u.BytesTotal {
						waitedSnap = true
						waitForCommit(t, l.DB(), countPairs(t, l.DB()), "a snapshot was being copied")
					}
					if u.Phase == progress.PhaseArchive && !waitedArchive {
						waitedArchive = true
						waitForCommit(t, l.DB(), countPairs(t, l.DB()), "a backup was being written")
					}
				}
				res, err := create(context.Background(), l, filepath.Join(t.TempDir(), fmt.Sprintf("b%d.zip", i)), report)
				if err != nil {
					t.Fatalf("backup %d: %v", i, err)
				}
				if mode == "wal" && !waitedSnap {
					t.Error("the snapshot was copied in one step; the test did not write during it")
				}
				n := checkPairs(t, res.Path)
				if n != res.Tables["pair_a"] || n != res.Tables["pair_b"] {
					t.Errorf("backup %d: %d pairs, result says %v", i, n, res.Tables)
				}
				if n <= last {
					t.Errorf("backup %d holds %d pairs, the one before %d: the writer made no progress", i, n, last)
				}
				last = n
			}
			stopWriter()
			if final := countPairs(t, l.DB()); final <= last {
				t.Errorf("final count %d, last backup %d", final, last)
			}
		})
	}
}

// checkPairs extracts a backup's database and checks it: integrity_check,
// and every pair_a row has its pair_b row and no other.
func checkPairs(t *testing.T, zipPath string) int64 {
	t.Helper()
	a, err := archive.Open(zipPath, archive.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	if err := a.ExtractDB(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	if err := snapshot.Check(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	db, err := register.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var na, nb, orphans int64
	err = db.QueryRow(`SELECT (SELECT count(*) FROM pair_a), (SELECT count(*) FROM pair_b),
		(SELECT count(*) FROM pair_a FULL JOIN pair_b USING (id) WHERE pair_a.v IS NULL OR pair_b.v IS NULL)`).Scan(&na, &nb, &orphans)
	if err != nil {
		t.Fatal(err)
	}
	if na != nb || orphans != 0 || na < 1500 {
		t.Errorf("%s: %d rows in pair_a, %d in pair_b, %d without a partner", zipPath, na, nb, orphans)
	}
	return na
}
