// Package sqlitedb opens SQLite files through modernc.org/sqlite: one place
// that turns a path into the driver's data source name.
package sqlitedb

import (
	"database/sql"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the "sqlite" driver
)

// URI is the data source name of the SQLite file at path, with SQLite's URI
// mode ("ro", "rw", "rwc"; "" for the default, which creates) and the
// driver's pragmas (each like "busy_timeout(200)"), applied to every
// connection. The path travels as a file: URI so that mode= is honoured (a
// plain name drops it and creates missing files); url.URL escapes '?', '#',
// '%', spaces and non-ASCII, and Windows paths become file:///C:/... as
// SQLite expects.
func URI(path, mode string, pragmas ...string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("resolve %s: %w", path, err)
	}
	slashed := filepath.ToSlash(abs)
	if !strings.HasPrefix(slashed, "/") {
		// A drive path (C:/x) needs a leading slash to be the URI's path,
		// not its opaque part. UNC paths (//host/share) already have one.
		slashed = "/" + slashed
	}
	q := url.Values{}
	if mode != "" {
		q.Set("mode", mode)
	}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	u := url.URL{Scheme: "file", Path: slashed, RawQuery: q.Encode()}
	return u.String(), nil
}

// Open opens the SQLite file at path with URI's mode and pragmas. Like
// sql.Open it does not touch the file yet; the first query does.
func Open(path, mode string, pragmas ...string) (*sql.DB, error) {
	dsn, err := URI(path, mode, pragmas...)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}
