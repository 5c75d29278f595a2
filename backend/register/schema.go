package register

import (
	"bufio"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"mahall/backend/durable"
)

// LatestMigration is the field program's newest migration of the society
// app; CreateEmpty writes its schema.
const LatestMigration = "0021_receipt"

// ErrExists is returned by CreateEmpty when something is already at path.
var ErrExists = errors.New("file already exists")

// latestSQL is the schema exactly as the field program's own migrations
// create it at LatestMigration, copied from the reference rather than
// retyped: the old program refuses a database whose tables or recorded
// migrations differ from what its migrations would have made.
//
//go:embed schema/register-0021.sql
var latestSQL string

// A Schema is one register schema file: the statements that make its
// tables and indexes, and the django_migrations rows that go with them.
type Schema struct {
	Statements []string // in file order, without the trailing ";"
	Migrations []Migration
}

// A Migration is one django_migrations row.
type Migration struct{ App, Name string }

// migrationsHeading starts the comment block that lists the migration rows.
const migrationsHeading = "-- django_migrations rows"

// ParseSchema reads a schema file: one statement per line ending in ";",
// "--" comments, and after the migrationsHeading line one "-- app name"
// comment per migration row, in order of application.
func ParseSchema(text string) (Schema, error) {
	var s Schema
	inMigrations := false
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
		case strings.HasPrefix(line, migrationsHeading):
			inMigrations = true
		case strings.HasPrefix(line, "--"):
			if !inMigrations {
				continue
			}
			app, name, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(line, "--")), " ")
			if !ok || app == "" || name == "" || strings.Contains(name, " ") {
				return Schema{}, fmt.Errorf("schema line %d: want \"-- app name\", got %q", n, line)
			}
			s.Migrations = append(s.Migrations, Migration{App: app, Name: name})
		case strings.HasSuffix(line, ";"):
			if inMigrations {
				return Schema{}, fmt.Errorf("schema line %d: statement after the migration rows", n)
			}
			s.Statements = append(s.Statements, strings.TrimSuffix(line, ";"))
		default:
			return Schema{}, fmt.Errorf("schema line %d: a statement must be one line ending in \";\"", n)
		}
	}
	if err := sc.Err(); err != nil {
		return Schema{}, err
	}
	if len(s.Statements) == 0 || len(s.Migrations) == 0 {
		return Schema{}, errors.New("schema has no statements or no migration rows")
	}
	return s, nil
}

// Latest is the schema of LatestMigration, parsed once.
var Latest = sync.OnceValue(func() Schema {
	s, err := ParseSchema(latestSQL)
	if err != nil {
		// The file is embedded and tested: this is a broken build.
		panic("register: embedded schema: " + err.Error())
	}
	return s
})

// Execer is what Write needs: a *sql.DB, *sql.Conn or *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Write creates every table and index of s in an empty database and records
// its migrations as applied at the given time, a few milliseconds apart as
// Django stamps them. Content types and permissions are left to Django: its
// post-migrate step adds the ones it misses every time the program starts.
func (s Schema) Write(ctx context.Context, db Execer, applied time.Time) error {
	for _, stmt := range s.Statements {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("create schema: %w (in %.60s...)", err, stmt)
		}
	}
	for i, m := range s.Migrations {
		at := applied.UTC().Add(time.Duration(i) * 7 * time.Millisecond).Format("2006-01-02 15:04:05.000000")
		if _, err := db.ExecContext(ctx,
			`INSERT INTO "django_migrations" ("app", "name", "applied") VALUES (?, ?, ?)`, m.App, m.Name, at); err != nil {
			return fmt.Errorf("record migration %s %s: %w", m.App, m.Name, err)
		}
	}
	return nil
}

// CreateEmpty writes a new database at path with the schema of the field
// program's latest migration (Latest), Django's tables and migration rows
// included. It refuses to touch an existing file, builds the database under
// a temporary name in the same folder and links it into place, so path
// never holds a half-made database.
func CreateEmpty(ctx context.Context, path string) error {
	return Create(ctx, path, Latest(), time.Now())
}

// CreateEmptyAt is CreateEmpty with a given migration time, for
// reproducible files.
func CreateEmptyAt(ctx context.Context, path string, applied time.Time) error {
	return Create(ctx, path, Latest(), applied)
}

// Create is CreateEmpty with any schema: tests build registers of older
// migrations with it.
func Create(ctx context.Context, path string, s Schema, applied time.Time) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("create database %s: %w", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".db-new-*.sqlite3")
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()

	if err := build(ctx, tmp, s, applied); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	if err := durable.SyncFile(tmp); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	// Link, not rename: it fails when path appeared meanwhile, where a
	// rename would silently replace someone's database.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create database %s: %w", path, ErrExists)
		}
		// File systems without hard links: fall back to rename after a
		// last check.
		if _, serr := os.Lstat(path); serr == nil {
			return fmt.Errorf("create database %s: %w", path, ErrExists)
		}
		if rerr := os.Rename(tmp, path); rerr != nil {
			return fmt.Errorf("create database %s: %w", path, rerr)
		}
	} else {
		os.Remove(tmp)
	}
	return durable.SyncDir(dir)
}

func build(ctx context.Context, tmp string, s Schema, applied time.Time) error {
	dsn, err := DSN(tmp, "rw")
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// Django's SQLite default: a rollback journal that is deleted after
	// each transaction, so the database is one file.
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode = DELETE"); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := s.Write(ctx, tx, applied); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Close()
}
