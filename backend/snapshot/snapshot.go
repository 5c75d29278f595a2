// Package snapshot makes a consistent copy of a live SQLite database with
// SQLite's online backup API, and checks a copy's integrity.
//
// CONTRACT (stub written before the implementation; keep the exported names
// and meanings, add what you need).
package snapshot

import "context"

// Copy copies the database at src to a new file dst (which must not exist)
// with the online backup API, a few hundred pages at a time so cancel is
// prompt and writers are not blocked for long. The copy is in rollback
// journal mode (never WAL), a single self-contained file, synced to disk.
// report gets bytes copied and total. On error or cancel dst is removed.
func Copy(ctx context.Context, src, dst string, report func(done, total int64)) error {
	panic("snapshot.Copy: not implemented")
}

// Check runs PRAGMA integrity_check on the file and returns an error naming
// the problems it finds, or that the file is not an SQLite database.
func Check(ctx context.Context, path string) error {
	panic("snapshot.Check: not implemented")
}
