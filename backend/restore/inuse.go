package restore

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"mahall/backend/snapshot"
	"mahall/backend/sqlitedb"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// checkNotInUse refuses when another program holds a write lock on the
// database at path: it asks for one itself (BEGIN IMMEDIATE) without
// waiting, and gives it straight back. A missing database is not in use.
func checkNotInUse(ctx context.Context, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if damagedDB(ctx, path) {
		// A damaged register is no one's to hold open, and a read-write
		// connection would delete a -wal beside it on closing, which the
		// safety backup must keep as it is.
		return nil
	}
	db, err := sqlitedb.Open(path, "rw", "busy_timeout(0)")
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return inUseErr(path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		if snapshot.IsDamaged(err) {
			// A damaged register is no one's to hold open: SQLite refuses
			// it before taking any lock. The restore goes on and its
			// safety backup keeps the damaged file as it is.
			return nil
		}
		return inUseErr(path, err)
	}
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	return nil
}

func inUseErr(path string, err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_BUSY || se.Code()&0xff == sqlite3.SQLITE_LOCKED) {
		return fmt.Errorf("%w (%s is locked for writing); close it and try again", ErrInUse, path)
	}
	return fmt.Errorf("check %s: %w", path, err)
}

// damagedDB reports whether SQLite says the database at path is damaged,
// asking through a read-only connection, which changes nothing.
func damagedDB(ctx context.Context, path string) bool {
	db, err := sqlitedb.Open(path, "ro", "busy_timeout(0)")
	if err != nil {
		return false
	}
	defer db.Close()
	var n int64
	err = db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	return snapshot.IsDamaged(err)
}
