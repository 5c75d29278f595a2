package sqlitedb

import (
	"path/filepath"
	"runtime"
	"testing"

	"mahall/internal/testkit/portable"
)

func TestURI(t *testing.T) {
	// URI only writes a string: the Windows path may hold a ? that no Windows file could.
	odd, oddURI, plain, plainURI := "/a b/c?d#e%f.db", "file:///a%20b/c%3Fd%23e%25f.db", "/d/db.sqlite3", "file:///d/db.sqlite3"
	if runtime.GOOS == "windows" {
		odd, oddURI, plain, plainURI = `C:\a b\c?d#e%f.db`, "file:///C:/a%20b/c%3Fd%23e%25f.db", `D:\d\db.sqlite3`, "file:///D:/d/db.sqlite3"
	}
	got, err := URI(odd, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := oddURI; got != want {
		t.Errorf("URI = %q, want %q", got, want)
	}
	// Mode and pragmas; register's TestDSN checks non-ASCII escaping.
	dsn, err := URI(plain, "ro", "busy_timeout(5000)", "synchronous(off)")
	if err != nil {
		t.Fatal(err)
	}
	if want := plainURI + "?_pragma=busy_timeout%285000%29&_pragma=synchronous%28off%29&mode=ro"; dsn != want {
		t.Errorf("URI = %q, want %q", dsn, want)
	}
}

// A real file with every awkward character opens, mode=ro does not create
// a missing one, and rwc does.
func TestOpenOddNames(t *testing.T) {
	p := filepath.Join(t.TempDir(), portable.Name("Mahali ഡാറ്റ ? #1 %41"), "db.sqlite3")
	if db, err := Open(p, "ro"); err == nil {
		if err := db.Ping(); err == nil {
			t.Error("mode=ro opened a file in a missing folder")
		}
		db.Close()
	}
	p = filepath.Join(t.TempDir(), portable.Name("a b?c#d%41.sqlite3"))
	db, err := Open(p, "rwc", "journal_mode(delete)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE t(x)"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := Open(p, "ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	var n int
	if err := ro.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 't'").Scan(&n); err != nil || n != 1 {
		t.Fatalf("reopened by its odd name: %d tables, %v", n, err)
	}
	if _, err := ro.Exec("INSERT INTO t VALUES (1)"); err == nil {
		t.Error("mode=ro allowed a write")
	}
}
