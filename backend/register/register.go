// Package register is the Mahall register seen from outside: its schema for
// a fresh install, row counts, and the photos members reference.
package register

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"mahall/backend/sqlitedb"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Tables of the register, in the order people read them (areas, houses,
// members first). Counts use what exists; older databases lack some.
var Tables = []string{
	"society_area", "society_house", "society_member",
	"society_collection", "society_subcollection", "society_memberobligation",
	"society_receipt", "society_todo", "society_appsettings", "society_digitalrequest",
}

// ErrNoDatabase is returned by Open and OpenRW when the file does not exist.
var ErrNoDatabase = errors.New("database file does not exist")

// busyTimeoutMS lets a reader wait out a writer's short transaction instead
// of failing at once with SQLITE_BUSY.
const busyTimeoutMS = "5000"

// DSN returns the modernc.org/sqlite data source name for the file at p with
// the given SQLite URI mode ("ro", "rw" or "rwc") and a busy timeout.
func DSN(p, mode string) (string, error) {
	return sqlitedb.URI(p, mode, "busy_timeout("+busyTimeoutMS+")")
}

// Open opens a database file read-only (no file is created, no WAL is
// switched on) through modernc.org/sqlite. The returned handle has been
// pinged, so a file that is not a database fails here.
func Open(p string) (*sql.DB, error) {
	return open(p, "ro")
}

// OpenRW opens an existing database file for reading and writing, without
// creating it and without changing its journal mode.
func OpenRW(p string) (*sql.DB, error) {
	return open(p, "rw")
}

func open(p, mode string) (*sql.DB, error) {
	fi, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open database %s: %w", p, ErrNoDatabase)
		}
		return nil, fmt.Errorf("open database %s: %w", p, err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("open database %s: not a regular file", p)
	}
	dsn, err := DSN(p, mode)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", p, err)
	}
	// Reading the schema is the cheapest query that fails on a file that is
	// not SQLite ("file is not a database"); Ping alone does not read it.
	var n int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", p, err)
	}
	return db, nil
}

// userTables lists the tables of db that are not SQLite's own, sorted.
func userTables(ctx context.Context, db *sql.DB) ([]string, error) {
	return queryStrings(ctx, db, "list tables",
		`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
}

// queryStrings runs a query of one text column and returns its values;
// errors say what was being done.
func queryStrings(ctx context.Context, db *sql.DB, doing, query string, args ...any) ([]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doing, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("%s: %w", doing, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", doing, err)
	}
	return out, nil
}

// quoteIdent quotes a table or column name for SQL; names come from the
// database itself and may hold anything.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Counts returns the row count of every user table (not sqlite_*) in db.
func Counts(ctx context.Context, db *sql.DB) (map[string]int64, error) {
	names, err := userTables(ctx, db)
	if err != nil {
		return nil, err
	}
	counts := make(map[string]int64, len(names))
	for _, n := range names {
		var c int64
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+quoteIdent(n)).Scan(&c); err != nil {
			return nil, fmt.Errorf("count rows of %s: %w", n, err)
		}
		counts[n] = c
	}
	return counts, nil
}

// IsRegister reports whether db has at least one society_* table.
func IsRegister(ctx context.Context, db *sql.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'society\_%' ESCAPE '\'`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look for register tables: %w", err)
	}
	return n > 0, nil
}

// HasColumn reports whether table exists in db with the named column.
// Databases in the field stop at different migrations, so callers ask
// before they select.
func HasColumn(ctx context.Context, db *sql.DB, table, column string) (bool, error) {
	cols, err := queryStrings(ctx, db, "read columns of "+table, "SELECT name FROM pragma_table_info(?)", table)
	return slices.Contains(cols, column), err
}

// Photos returns the distinct non-empty society_member.photo values (paths
// relative to the media folder, "/" separated), sorted. A database without
// that table or column has none.
func Photos(ctx context.Context, db *sql.DB) ([]string, error) {
	ok, err := HasColumn(ctx, db, "society_member", "photo")
	if err != nil || !ok {
		return nil, err
	}
	// Cast: a photo value written by hand could be stored as a number.
	return queryStrings(ctx, db, "read member photos",
		`SELECT DISTINCT CAST(photo AS TEXT) FROM society_member WHERE photo IS NOT NULL AND CAST(photo AS TEXT) <> '' ORDER BY 1`)
}

// SafePhotoPath turns a society_member.photo value into a path under
// mediaDir. It reports false for values that would leave the media folder
// ("../x", absolute paths, drive letters, NUL), so nobody stats or copies
// outside it on the database's say-so. A backslash counts as a separator,
// since the field program ran on Windows.
func SafePhotoPath(mediaDir, photo string) (string, bool) {
	p := strings.ReplaceAll(photo, `\`, "/")
	if p == "" || strings.ContainsRune(p, 0) || strings.HasPrefix(p, "/") {
		return "", false
	}
	if len(p) >= 2 && p[1] == ':' {
		return "", false
	}
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return "", false
		}
	}
	clean := path.Clean(p)
	if clean == "." || !filepath.IsLocal(filepath.FromSlash(clean)) {
		return "", false
	}
	return filepath.Join(mediaDir, filepath.FromSlash(clean)), true
}

// MissingPhotos returns the photo values that members reference but that are
// not regular files under mediaDir, sorted. Unsafe values (see SafePhotoPath)
// count as missing. The backup warns about these; it does not fail.
func MissingPhotos(ctx context.Context, db *sql.DB, mediaDir string) ([]string, error) {
	photos, err := Photos(ctx, db)
	if err != nil {
		return nil, err
	}
	return MissingFiles(ctx, photos, mediaDir)
}

// MissingFiles is MissingPhotos over photos already read (Photos).
func MissingFiles(ctx context.Context, photos []string, mediaDir string) ([]string, error) {
	var missing []string
	for _, p := range photos {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		full, ok := SafePhotoPath(mediaDir, p)
		if !ok {
			missing = append(missing, p)
			continue
		}
		// Lstat: a symlink is not a photo a backup would carry.
		fi, err := os.Lstat(full)
		if err != nil || !fi.Mode().IsRegular() {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	return missing, nil
}
