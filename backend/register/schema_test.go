package register

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// fileStatements reads a schema file the plain way, independently of
// ParseSchema: every line that starts with CREATE is one statement, and the
// "-- app name" lines after the django_migrations heading are its rows.
// SQLite keeps a statement's text from the object's name on, so it drops
// "IF NOT EXISTS"; the file was dumped with it.
func fileStatements(t *testing.T, path string) (stmts []string, migrations []string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "CREATE "):
			s := strings.TrimSuffix(strings.TrimSpace(line), ";")
			stmts = append(stmts, strings.Replace(s, " IF NOT EXISTS ", " ", 1))
		case strings.HasPrefix(line, "-- django_migrations rows"):
			rows = true
		case rows && strings.HasPrefix(line, "-- "):
			migrations = append(migrations, strings.TrimPrefix(line, "-- "))
		}
	}
	return stmts, migrations
}

// masterStatements is what a database holds: every statement in
// sqlite_master in creation order, without SQLite's own objects.
func masterStatements(t *testing.T, p string) []string {
	t.Helper()
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := queryStrings(context.Background(), db, "read schema",
		`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY rowid`)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func migrationRows(t *testing.T, p string) []string {
	t.Helper()
	db, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, err := queryStrings(context.Background(), db, "read migrations",
		`SELECT app || ' ' || name FROM django_migrations ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func diffStatements(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("statement %d:\n got %s\nwant %s", i+1, g, w)
		}
	}
}

// A fresh install is the field program's own schema at 0021, statement by
// statement, with its migration rows in order: anything else and the old
// program's next migrate refuses the database.
func TestCreateEmptyEqualsFieldSchema(t *testing.T) {
	wantStmts, wantRows := fileStatements(t, filepath.Join("schema", "register-0021.sql"))
	if len(wantStmts) < 60 || len(wantRows) != 39 {
		t.Fatalf("read %d statements and %d migration rows from the file; is it the real one?", len(wantStmts), len(wantRows))
	}
	p := filepath.Join(t.TempDir(), "db.sqlite3")
	if err := CreateEmpty(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	diffStatements(t, masterStatements(t, p), wantStmts)
	if got := migrationRows(t, p); !reflect.DeepEqual(got, wantRows) {
		t.Errorf("django_migrations rows:\n got %q\nwant %q", got, wantRows)
	}
	if last := wantRows[len(wantRows)-1]; last != "society "+LatestMigration {
		t.Errorf("the file's last migration is %q, LatestMigration is %q", last, LatestMigration)
	}
}

// The older field schemas in testdata parse and build the same way, so
// tests of old databases run on exactly what is in the field.
func TestCreateOlderSchemas(t *testing.T) {
	for _, v := range []string{"0003", "0008", "0013", "0014"} {
		t.Run(v, func(t *testing.T) {
			file := filepath.Join("..", "..", "testdata", "schemas", "register-"+v+".sql")
			wantStmts, wantRows := fileStatements(t, file)
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, err := ParseSchema(string(b))
			if err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(t.TempDir(), "db.sqlite3")
			applied := time.Date(2025, 10, 16, 9, 0, 0, 0, time.UTC)
			if err := Create(context.Background(), p, s, applied); err != nil {
				t.Fatal(err)
			}
			diffStatements(t, masterStatements(t, p), wantStmts)
			if got := migrationRows(t, p); !reflect.DeepEqual(got, wantRows) {
				t.Errorf("django_migrations rows:\n got %q\nwant %q", got, wantRows)
			}
			if !strings.HasPrefix(wantRows[len(wantRows)-1], "society "+v+"_") {
				t.Errorf("last migration %q is not society %s", wantRows[len(wantRows)-1], v)
			}
		})
	}
}

func TestParseSchemaRefuses(t *testing.T) {
	for name, text := range map[string]string{
		"empty":                    "",
		"no migrations":            "CREATE TABLE a (x);\n",
		"statement over two lines": "CREATE TABLE a (\nx);\n-- django_migrations rows:\n-- a 0001\n",
		"bad migration row":        "CREATE TABLE a (x);\n-- django_migrations rows:\n-- justone\n",
		"statement after rows":     "CREATE TABLE a (x);\n-- django_migrations rows:\n-- a 0001\nCREATE TABLE b (x);\n",
	} {
		if _, err := ParseSchema(text); err == nil {
			t.Errorf("%s: ParseSchema accepted it", name)
		}
	}
}
