package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"time"

	"mahall/backend/auto"
	"mahall/backend/catalog"
	"mahall/backend/folder"
	"mahall/backend/size"
)

func listCommand() *command {
	c := &command{
		name:        "list",
		summary:     "list the backups in every backup folder, newest first",
		interrupted: "interrupted; nothing was changed",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] list [--json]

Lists every backup found in the backup folders of the settings and in
DATA/backups, newest first: when it was made, its size, how many members
it holds, whether it was read back and verified after it was written, and
where it is. A backup folder that is not there (an unplugged drive) is
named in a warning. Nothing is changed, and the list works while the app
is open.

Flags:
  --json  print one JSON array instead; each backup has the keys time
          (RFC 3339), path, folder, size, members (-1 when unknown: a
          legacy backup), photos, verified, safety (a restore's safety
          backup) and format
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		asJSON := fs.Bool("json", false, "")
		if _, err := parseCommand(c, fs, e, args, 0, 0); err != nil {
			return err
		}
		l, err := folder.Resolve(e.dataDirFlag)
		if err != nil {
			return err
		}
		s := loadSettings(e, l)
		bs, warnings := auto.ListAll(l, auto.Folders(l, auto.FromSettings(s).Destinations))
		for _, w := range warnings {
			fmt.Fprintf(e.stderr, "warning: %s\n", w)
		}
		if *asJSON {
			return writeListJSON(e, bs)
		}
		if len(bs) == 0 {
			fmt.Fprintln(e.stdout, "No backups found.")
			return nil
		}
		fmt.Fprintf(e.stdout, "%-16s  %9s  %7s  %-8s  %s\n", "made", "size", "members", "verified", "path")
		for _, b := range bs {
			members := "?"
			if b.Members >= 0 {
				members = fmt.Sprint(b.Members)
			}
			verified := "no"
			if b.Verified {
				verified = "yes"
			}
			path := b.Path
			if b.Safety {
				path += "  (safety backup from a restore)"
			}
			if b.Encrypted {
				path += "  (protected with a password)"
			}
			if b.Format == "" {
				path += "  (not a readable Mahall backup)"
			}
			fmt.Fprintf(e.stdout, "%-16s  %9s  %7s  %-8s  %s\n", b.Time.Format("2006-01-02 15:04"), size.Format(b.Size), members, verified, path)
		}
		return nil
	}
	return c
}

// listJSON is one backup in list --json: snake_case keys, a contract for
// scripts like inspect --json's.
type listJSON struct {
	Time     time.Time `json:"time"`
	Path     string    `json:"path"`
	Folder   string    `json:"folder"`
	Size     int64     `json:"size"`
	Members  int64     `json:"members"`
	Photos   int       `json:"photos"`
	Verified bool      `json:"verified"`
	Safety   bool      `json:"safety"`
	Format   string    `json:"format"`
	// Encrypted: members and photos are -1 (inside the encrypted part).
	Encrypted bool `json:"encrypted"`
}

func writeListJSON(e *env, bs []catalog.Backup) error {
	out := make([]listJSON, len(bs))
	for i, b := range bs {
		out[i] = listJSON{Time: b.Time, Path: b.Path, Folder: filepath.Dir(b.Path), Size: b.Size, Members: b.Members,
			Photos: b.Photos, Verified: b.Verified, Safety: b.Safety, Format: b.Format, Encrypted: b.Encrypted}
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
