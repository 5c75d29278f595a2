package main

import (
	"context"
	"fmt"

	"mahall/backend/cloud"
	"mahall/backend/folder"
	"mahall/backend/restore"
)

func cloudRestoreCommand() *command {
	c := &command{
		name:        "cloud restore",
		summary:     "replace the data with a cloud snapshot, keeping a safety backup",
		interrupted: "interrupted; the data folder was left as it was",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] cloud restore [SNAPSHOT] [--force] [--repo REPO] [--password-file FILE]

Restores cloud snapshot SNAPSHOT (an ID from "cloud list"; the newest without
one) into the data folder, which may not exist yet (a new computer). The
same steps as "restore" of a backup file: every file is checked against the
snapshot's manifest (size and SHA-256) and the database's integrity before
anything is touched, a safety backup of the current data goes to
DATA/backups/pre-restore-<time>.zip, and the swap is journalled.

Flags:
  --force  accept a database that has none of the register's society_* tables
` + cloudConnectionHelp,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		cf := addCloudFlags(fs)
		force := fs.Bool("force", false, "")
		pos, err := parseCommand(c, fs, e, args, 0, 1)
		if err != nil {
			return err
		}
		id := ""
		if len(pos) == 1 {
			id = pos[0]
		}
		r, done, err := cf.connect(ctx, e, c.name)
		if err != nil {
			return err
		}
		defer done()
		f, err := e.open(ctx, folder.Options{Create: true})
		if err != nil {
			return err
		}
		defer f.Close()
		rep := newReporter(e.stderr)
		res, snap, err := cloud.RestoreFolder(ctx, f, r, id, restore.Options{Force: *force}, rep.Report)
		rep.Done()
		if err != nil {
			return err
		}
		what := fmt.Sprintf("cloud snapshot %s of %s", snap.ID, snap.Time.Local().Format("2006-01-02 15:04"))
		printRestored(e, res, what, f.Root)
		return nil
	}
	return c
}
