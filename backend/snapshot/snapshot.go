// Package snapshot makes a consistent copy of a live SQLite database with
// SQLite's online backup API, and checks a copy's integrity.
package snapshot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mahall/backend/durable"
	"mahall/backend/sqlitedb"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Sentinel errors callers branch on; the errors returned wrap them and name
// the file.
var (
	ErrNotSQLite = errors.New("not an SQLite database")
	ErrCorrupt   = errors.New("database integrity check failed")
)

// Header is the first 16 bytes of every SQLite 3 database file.
const Header = "SQLite format 3\x00"

// stepPages is how many pages one backup step copies: about 4 MiB with the
// default page size, a few milliseconds of work, so a cancel is noticed fast
// and progress moves smoothly.
var stepPages int32 = 1024

// busyWait bounds how long CopyTemp waits for a writer that holds the database
// locked (a rollback-journal commit in progress) before giving up.
const busyWait = 30 * time.Second

// CopyTemp copies the database at src to a new file dst (which must not
// exist) with the online backup API, a few hundred pages at a time so
// cancel is prompt and writers are not blocked for long. The copy is in
// rollback journal mode (never WAL), a single self-contained file. It is
// not synced: it is the backup's temporary snapshot, read once and deleted,
// and syncing it would only make the disk write pages that are about to be
// thrown away. report gets bytes copied and total. On error or cancel dst
// is removed.
func CopyTemp(ctx context.Context, src, dst string, report func(done, total int64)) (info Copied, err error) {
	err = copyInto(ctx, src, dst, report, &info)
	return info, err
}

// Copied says what a CopyTemp found on the way.
type Copied struct {
	// RolledBack: src had a hot journal, left by a program that stopped
	// (crashed, was killed, lost power) in the middle of saving a change.
	// The copy holds the last completed save, as every SQLite program
	// would see the database; the unfinished change was never saved.
	RolledBack bool
}

func copyInto(ctx context.Context, src, dst string, report func(done, total int64), info *Copied) (err error) {
	if report == nil {
		report = func(int64, int64) {}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := checkHeader(src, true); err != nil {
		return err
	}
	// Claiming the name with O_EXCL both refuses an existing dst and gives
	// the copy owner-only permissions (SQLite would create it 0644): it
	// holds the whole register.
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", dst, err)
	}
	f.Close()
	defer func() {
		if err != nil {
			Remove(dst)
		}
	}()

	err = backupInto(ctx, src, dst, report)
	if isHotJournal(err) {
		// Our read-only connection may not roll the journal back; a
		// read-write one does, which is what the app would do at its next
		// start anyway.
		from, cleanup, rerr := rollBack(ctx, src, dst)
		if rerr != nil {
			return rerr
		}
		defer cleanup()
		info.RolledBack = true
		err = backupInto(ctx, from, dst, report)
	}
	if err != nil {
		return err
	}
	if err := toRollbackJournal(dst); err != nil {
		return err
	}
	// A cancel that came with the last step's report still counts.
	if err := ctx.Err(); err != nil {
		return err
	}
	return nil
}

// backupInto runs the backup API from src into the empty file dst.
//
// Why an explicit read transaction around chunked steps: sqlite3_backup_step
// without one opens and closes a read transaction per step, and when another
// connection commits in between, the next step restarts the copy from page
// one. A register written by a busy app could then never finish (starve).
// Step(-1) avoids the restart but cannot be cancelled or report progress
// until it ends. Holding one read transaction on the source connection
// across all steps gives both: every step reads the same snapshot, so the
// copy is consistent and never restarts, and we still check ctx and report
// between steps. The cost: in WAL mode none (readers never block writers);
// in rollback-journal mode a writer's commit waits for the copy (as it would
// for VACUUM INTO or Step(-1)), which for a register of tens of MB is a
// fraction of a second, within the busy timeout every SQLite client uses.
func backupInto(ctx context.Context, src, dst string, report func(done, total int64)) error {
	// mode=ro: a backup must not change the source, not even by the
	// checkpoint SQLite runs when the last read-write connection to a WAL
	// database closes. A short busy timeout keeps cancel prompt; waitBusy
	// retries around it.
	db, err := sqlitedb.Open(src, "ro", "busy_timeout(200)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("open %s: %w", src, explain(err))
	}
	defer conn.Close()

	var pageSize int64
	err = waitBusy(ctx, func() error {
		if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
			return err
		}
		// BEGIN is deferred: the first read takes the lock (rollback
		// mode) or pins the WAL snapshot.
		var n int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			conn.ExecContext(context.Background(), "ROLLBACK")
			return err
		}
		return conn.QueryRowContext(ctx, "PRAGMA page_size").Scan(&pageSize)
	})
	if err != nil {
		return fmt.Errorf("read %s: %w", src, explain(err))
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")

	// journal_mode=off and synchronous=off on the destination: it is a new
	// private file that is removed if anything fails, so SQLite's own
	// crash safety there would only cost a journal and extra syncs.
	dstDSN, err := sqlitedb.URI(dst, "", "journal_mode(off)", "synchronous(off)")
	if err != nil {
		return err
	}
	err = conn.Raw(func(dc any) error {
		bc, ok := dc.(interface {
			NewBackup(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("driver connection %T has no backup API", dc)
		}
		b, err := bc.NewBackup(dstDSN)
		if err != nil {
			return fmt.Errorf("open %s: %w", dst, err)
		}
		for {
			if err := ctx.Err(); err != nil {
				b.Finish()
				return err
			}
			more, err := b.Step(stepPages)
			if err != nil {
				if isBusy(err) {
					// Only the destination could be busy here and it is
					// ours; still, SQLite documents retrying as the answer.
					select {
					case <-ctx.Done():
					case <-time.After(10 * time.Millisecond):
					}
					continue
				}
				b.Finish()
				return fmt.Errorf("copy %s to %s: %w", src, dst, explain(err))
			}
			total := int64(b.PageCount()) * pageSize
			if !more {
				report(total, total)
				break
			}
			report(total-int64(b.Remaining())*pageSize, total)
		}
		// Finish, not Commit: Finish also closes the destination
		// connection, and calling both would finish twice.
		if err := b.Finish(); err != nil {
			return fmt.Errorf("copy %s to %s: %w", src, dst, explain(err))
		}
		return nil
	})
	return err
}

// isHotJournal: SQLite refused a read-only connection because a hot journal
// must first be rolled back (SQLITE_READONLY_ROLLBACK, 776).
func isHotJournal(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_READONLY_ROLLBACK
}

// rollBack undoes the unfinished change a hot journal beside src holds and
// returns the database to copy from: src itself, rolled back in place by a
// read-write connection (under SQLite's own locks, exactly as any SQLite
// program opening it would), or, where src cannot be written (a read-only
// data folder, which must stay untouched), a private copy of the database
// and its journal rolled back there. That copy is named from dst (dst's
// name plus ".rollback"), so whoever cleans up stale snapshots cleans it up
// too; cleanup removes it.
func rollBack(ctx context.Context, src, dst string) (string, func(), error) {
	// SQLite must be able to delete the journal there, and a folder
	// that refuses that is one to leave exactly as it is.
	if durable.Writable(filepath.Dir(src)) {
		if err := openAndRead(ctx, src); err == nil {
			return src, func() {}, nil
		}
	}
	tmp := dst + ".rollback"
	cleanup := func() { Remove(tmp) }
	for _, suffix := range []string{"", "-journal"} {
		if err := durable.CopyNew(ctx, src+suffix, tmp+suffix); err != nil {
			cleanup()
			return "", nil, fmt.Errorf("copy %s to roll back the unfinished change: %w", src+suffix, err)
		}
	}
	if err := openAndRead(ctx, tmp); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("roll back the unfinished change in a copy of %s: %w", src, explain(err))
	}
	return tmp, cleanup, nil
}

// openAndRead opens path read-write and reads its schema, which makes
// SQLite roll back a hot journal.
func openAndRead(ctx context.Context, path string) error {
	db, err := sqlitedb.Open(path, "rw", "busy_timeout(200)")
	if err != nil {
		return err
	}
	defer db.Close()
	return waitBusy(ctx, func() error {
		var n int64
		return db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n)
	})
}

// toRollbackJournal makes dst a self-contained rollback-journal database.
// The backup API copies page 1 verbatim, so a copy of a WAL database keeps
// the WAL flag in its header and would want -wal/-shm files beside it.
func toRollbackJournal(dst string) error {
	hdr, err := readHeader(dst, 20)
	if err != nil {
		return fmt.Errorf("read %s: %w", dst, err)
	}
	if len(hdr) == 20 && hdr[18] == 1 && hdr[19] == 1 {
		return nil
	}
	db, err := sqlitedb.Open(dst, "")
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		return fmt.Errorf("set journal mode of %s: %w", dst, err)
	}
	if !strings.EqualFold(mode, "delete") {
		return fmt.Errorf("set journal mode of %s: still %s", dst, mode)
	}
	return db.Close()
}

// Check runs PRAGMA integrity_check on the file and returns an error naming
// the problems it finds, or that the file is not an SQLite database. It is
// meant for a file at rest (a snapshot, an extracted backup) and opens it
// read-only.
func Check(ctx context.Context, path string) error {
	if err := checkHeader(path, false); err != nil {
		return err
	}
	db, err := sqlitedb.Open(path, "ro")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return checkErr(ctx, path, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return checkErr(ctx, path, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return checkErr(ctx, path, err)
	}
	if len(problems) == 0 {
		return nil
	}
	const shown = 5
	msg := strings.Join(problems[:min(shown, len(problems))], "; ")
	if len(problems) > shown {
		msg += fmt.Sprintf(" (and %d more)", len(problems)-shown)
	}
	return fmt.Errorf("%s: %w: %s", path, ErrCorrupt, msg)
}

func checkErr(ctx context.Context, path string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return fmt.Errorf("%s is %w", path, ErrNotSQLite)
	}
	return fmt.Errorf("%s: %w: %v", path, ErrCorrupt, err)
}

// checkHeader refuses a file that does not start with the SQLite header.
// allowEmpty accepts a zero-length file, which SQLite treats as an empty
// database (a copy of it is a valid one-page database).
func checkHeader(path string, allowEmpty bool) error {
	hdr, err := readHeader(path, len(Header))
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	if len(hdr) == 0 && allowEmpty {
		return nil
	}
	if string(hdr) != Header {
		return fmt.Errorf("%s is %w", path, ErrNotSQLite)
	}
	return nil
}

func readHeader(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	buf := make([]byte, n)
	k, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return bytes.Clone(buf[:k]), nil
}

// ErrSidecar: a -wal file beside a database that is not in WAL mode, which
// SQLite would silently ignore (its changes would be lost).
var ErrSidecar = errors.New("the -wal file does not belong to the database")

// ApplySidecars makes the database at path one self-contained file with
// what its -wal (committed changes) or hot -journal (an unfinished change to
// undo) beside it holds, as SQLite does on opening: it opens it read-write,
// switches it to rollback-journal mode (which checkpoints and removes a
// WAL), and removes a -shm. A -wal that SQLite would ignore (the database
// is not in WAL mode) is ErrSidecar, never dropped silently.
func ApplySidecars(ctx context.Context, path string) error {
	if _, err := os.Stat(path + "-wal"); err == nil {
		hdr, err := readHeader(path, 20)
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
		if len(hdr) < 20 || hdr[18] != 2 {
			return fmt.Errorf("%s: %w", path, ErrSidecar)
		}
	}
	db, err := sqlitedb.Open(path, "rw")
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		return fmt.Errorf("apply the changes beside %s: %w", path, explain(err))
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("apply the changes beside %s: %w", path, err)
	}
	os.Remove(path + "-shm")
	for _, s := range []string{"-wal", "-journal"} {
		if _, err := os.Stat(path + s); err == nil {
			return fmt.Errorf("apply the changes beside %s: %s%s is still there", path, path, s)
		}
	}
	return nil
}

// IsDamaged reports whether err says a database file is damaged or not a
// database at all (as opposed to busy, missing, or a full disk): SQLite's
// SQLITE_CORRUPT and SQLITE_NOTADB, ErrNotSQLite and ErrCorrupt.
func IsDamaged(err error) bool {
	if errors.Is(err, ErrNotSQLite) || errors.Is(err, ErrCorrupt) {
		return true
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_CORRUPT || c == sqlite3.SQLITE_NOTADB
}

func isBusy(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	c := se.Code() & 0xff
	return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
}

// explain turns SQLite's "file is not a database" into our sentinel, and
// its "database or disk is full: not an error (13)" into words a user reads
// as what it is.
func explain(err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB:
		return fmt.Errorf("%w (%v)", ErrNotSQLite, err)
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("the disk is full (%w)", err)
	}
	return err
}

// waitBusy runs f until it succeeds, fails with something other than
// SQLITE_BUSY, ctx ends, or busyWait passes.
func waitBusy(ctx context.Context, f func() error) error {
	deadline := time.Now().Add(busyWait)
	for {
		err := f()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			if err != nil && ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Remove deletes a database file and the -journal, -wal and -shm files SQLite
// may keep beside it, ignoring files that do not exist.
func Remove(path string) error {
	var first error
	for _, p := range []string{path, path + "-journal", path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) && first == nil {
			first = err
		}
	}
	return first
}
