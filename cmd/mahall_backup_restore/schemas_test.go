package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"mahall/internal/registertest"
	"mahall/internal/testkit"
)

// Registers at every migration found in the field back up, verify, inspect
// and restore, and none of it alters the database: the old program migrates
// its own database, we never do.
func TestEveryFieldSchema(t *testing.T) {
	for _, v := range append(append([]string(nil), registertest.Older...), registertest.Latest) {
		t.Run(v, func(t *testing.T) {
			src := t.TempDir()
			info := writeDataDir(t, src, dataSpec{seed: 11, areas: 2, houses: 3, members: 5, photos: 3,
				photoBytes: 4000, schema: v})
			before := testkit.HashTree(t, src, nil)
			schemaBefore := registertest.SchemaText(t, filepath.Join(src, "db.sqlite3"))

			path, r := backupOf(t, src)
			if !strings.Contains(r.stdout, "2 areas, 3 houses, 5 members") {
				t.Errorf("backup output lacks the counts:\n%s", r.stdout)
			}
			runCLI(t, "verify", path).want(t, 0)

			r = runCLI(t, "inspect", path, "--json")
			r.want(t, 0)
			var got struct {
				Tables map[string]int64 `json:"tables"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
				t.Fatal(err)
			}
			for table, n := range info.tables {
				if got.Tables[table] != n {
					t.Errorf("inspect: %s has %d rows, want %d", table, got.Tables[table], n)
				}
			}

			after := testkit.HashTree(t, src, func(rel string) bool { return rel == "backups" || strings.HasPrefix(rel, ".") })
			for rel, h := range before {
				if after[rel] != h {
					t.Errorf("backup or inspect changed %s", rel)
				}
			}

			target := t.TempDir()
			writeDataDir(t, target, dataSpec{seed: 12, areas: 1, houses: 1, members: 1, photos: 1, photoBytes: 100})
			runCLI(t, "--data-dir", target, "restore", path).want(t, 0)
			checkRestored(t, src, target, path, func(rel string) bool {
				return rel == "backups" || strings.HasPrefix(rel, ".")
			})
			if got := registertest.SchemaText(t, filepath.Join(target, "db.sqlite3")); got != schemaBefore {
				t.Errorf("the restored database's schema differs from the backed-up one (migrated?)")
			}
		})
	}
}
