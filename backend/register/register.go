// Package register is the Mahall register seen from outside: its schema for
// a fresh install, row counts, and the photos members reference.
//
// CONTRACT (stub written before the implementation; keep the exported names
// and meanings, add what you need).
package register

import (
	"context"
	"database/sql"
)

// Tables of the register, in the order people read them (areas, houses,
// members first). Counts use what exists; older databases lack some.
var Tables = []string{
	"society_area", "society_house", "society_member",
	"society_collection", "society_subcollection", "society_memberobligation",
	"society_receipt", "society_todo", "society_appsettings", "society_digitalrequest",
}

// Open opens a database file read-only (no file is created, no WAL is
// switched on) through modernc.org/sqlite.
func Open(path string) (*sql.DB, error) { panic("register.Open: not implemented") }

// CreateEmpty writes a new database at path with the schema of the field
// program's latest migration (0021), including the Django tables beside it.
func CreateEmpty(ctx context.Context, path string) error {
	panic("register.CreateEmpty: not implemented")
}

// Counts returns the row count of every user table (not sqlite_*) in db.
func Counts(ctx context.Context, db *sql.DB) (map[string]int64, error) {
	panic("register.Counts: not implemented")
}

// IsRegister reports whether db has at least one society_* table.
func IsRegister(ctx context.Context, db *sql.DB) (bool, error) {
	panic("register.IsRegister: not implemented")
}

// Photos returns the distinct non-empty society_member.photo values (paths
// relative to the media folder, "/" separated). A database without that
// table or column has none.
func Photos(ctx context.Context, db *sql.DB) ([]string, error) {
	panic("register.Photos: not implemented")
}
