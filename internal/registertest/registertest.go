// Package registertest builds register databases for tests on the field
// program's real schemas: the latest (0021, the one a fresh install writes)
// and the older ones that databases in the field still have
// (testdata/schemas). Rows are inserted by column name and whatever a
// schema requires but a test does not care about is filled in, so one
// fixture runs on every schema. Test code only.
package registertest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mahall/backend/register"
)

// Latest is the version a fresh install writes.
const Latest = "0021"

// Older are the migrations of real field databases kept in
// testdata/schemas, oldest first.
var Older = []string{"0003", "0008", "0013", "0014"}

// Applied is the migration time fixtures record, fixed so that files are
// reproducible.
var Applied = time.Date(2025, 10, 16, 9, 0, 0, 0, time.UTC)

// SchemaFile is the path of an older schema file in testdata/schemas.
func SchemaFile(version string) string {
	_, self, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(self), "..", "..", "testdata", "schemas", "register-"+version+".sql")
}

// Schema returns the schema of a migration: Latest or one of Older.
func Schema(t testing.TB, version string) register.Schema {
	t.Helper()
	if version == Latest {
		return register.Latest()
	}
	b, err := os.ReadFile(SchemaFile(version))
	if err != nil {
		t.Fatalf("schema %s: %v", version, err)
	}
	s, err := register.ParseSchema(string(b))
	if err != nil {
		t.Fatalf("schema %s: %v", version, err)
	}
	return s
}

// Create writes an empty register at path on the schema of version and
// returns it opened for writing (closed when the test ends).
func Create(t testing.TB, path, version string) *sql.DB {
	t.Helper()
	if err := register.Create(context.Background(), path, Schema(t, version), Applied); err != nil {
		t.Fatal(err)
	}
	db, err := register.OpenRW(path)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// Row is one row by column name.
type Row map[string]any

// Insert adds row to table and returns its rowid. Values for columns the
// table lacks (an older schema) are dropped; NOT NULL columns the row leaves
// out get a plain value of their type, as Django's defaults would.
func Insert(t testing.TB, db *sql.DB, table string, row Row) int64 {
	t.Helper()
	cols := columns(t, db, table)
	var names, marks []string
	var args []any
	for _, c := range cols {
		v, ok := row[c.name]
		switch {
		case ok:
		case c.pk || !c.notNull || c.hasDefault:
			continue
		default:
			v = filler(c.typ)
		}
		names = append(names, `"`+c.name+`"`)
		marks = append(marks, "?")
		args = append(args, v)
	}
	q := fmt.Sprintf(`INSERT INTO "%s" (%s) VALUES (%s)`, table, strings.Join(names, ", "), strings.Join(marks, ", "))
	res, err := db.Exec(q, args...)
	if err != nil {
		t.Fatalf("%s %v: %v", q, args, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Has reports whether table has the column in db.
func Has(t testing.TB, db *sql.DB, table, column string) bool {
	t.Helper()
	return slices.ContainsFunc(columns(t, db, table), func(c col) bool { return c.name == column })
}

type col struct {
	name, typ               string
	notNull, pk, hasDefault bool
}

func columns(t testing.TB, db *sql.DB, table string) []col {
	t.Helper()
	rows, err := db.Query(`SELECT name, type, "notnull", pk, dflt_value IS NOT NULL FROM pragma_table_info(?)`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []col
	for rows.Next() {
		var c col
		var pk int
		if err := rows.Scan(&c.name, &c.typ, &c.notNull, &pk, &c.hasDefault); err != nil {
			t.Fatal(err)
		}
		c.pk = pk > 0
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatalf("no table %s", table)
	}
	return out
}

func filler(typ string) any {
	switch t := strings.ToLower(typ); {
	case t == "bool", strings.Contains(t, "int"), t == "decimal":
		return 0
	case t == "datetime":
		return "2025-01-01 10:00:00.000000"
	case t == "date":
		return "2025-01-01"
	default:
		return ""
	}
}

// SchemaText is a database's schema (sqlite_master in creation order) and
// its django_migrations rows as text, to see that two databases have the
// same structure and history, or that one was not migrated.
func SchemaText(t testing.TB, path string) string {
	t.Helper()
	db, err := register.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var b strings.Builder
	for _, q := range []string{
		`SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY rowid`,
		`SELECT app || ' ' || name FROM django_migrations ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(s + "\n")
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}
