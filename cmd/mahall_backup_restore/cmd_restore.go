package main

import (
	"context"
	"fmt"
	"slices"

	"mahall/backend/folder"
	"mahall/backend/notice"
	"mahall/backend/restore"
	"mahall/backend/size"
)

func restoreCommand() *command {
	c := &command{
		name:        "restore",
		summary:     "replace the data with a backup, keeping a safety backup",
		interrupted: "interrupted; the data folder was left as it was",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] restore PATH [--force]

Restores the backup file PATH (mahall-backup/1, or a legacy layout A, B or C)
into the data folder, which may not exist yet. A backup that holds only the
database (the old program's early layout C) replaces the database and keeps
the current photos. In order:
  1. checks the whole archive before touching anything;
  2. extracts it into a staging folder beside the data folder;
  3. makes a safety backup of the current data into
     DATA/backups/pre-restore-<time>.zip (never deleted by a restore);
  4. swaps the new data in under a journal, so that an interruption at any
     moment is finished or rolled back by the next backup, restore or
     recover: the data is always exactly the old or exactly the new.
It refuses to run while another program writes to the database.

An encrypted backup is opened with its password or recovery key, and every
encrypted byte of it is checked before anything else is done.

Flags (before or after PATH):
  --force               accept a database that has none of the register's
                        society_* tables (it is probably the wrong file), or
                        a backup marked as holding a damaged register (a
                        safety backup of damaged data)
` + secretUsage + `
A damaged current register does not stop a restore: its safety backup then
keeps the damaged file exactly as it was, marked as damaged.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		force := fs.Bool("force", false, "")
		secret := addSecretFlags(fs)
		pos, err := parseCommand(c, fs, e, args, 1, 1)
		if err != nil {
			return err
		}
		key, err := secret.unlock(e, pos[0])
		if err != nil {
			return err // told with "Your data was not changed." (backend/explain)
		}
		f, err := e.open(ctx, folder.Options{Create: true})
		if err != nil {
			return err
		}
		defer f.Close()
		rep := newReporter(e.stderr)
		res, err := restore.Run(ctx, f, pos[0], restore.Options{Force: *force, Key: key}, rep.Report)
		rep.Done()
		if err != nil {
			return err
		}
		printRestored(e, res, fmt.Sprintf("%s (%s%s)", pos[0], encryptedWord(res.Preview.Encrypted), res.Preview.Format), f.Root)
		return nil
	}
	return c
}

// printRestored tells what a restore of what (a file, a cloud snapshot) into
// root did: warnings on stderr, what the data now holds and where the old
// data went on stdout.
func printRestored(e *env, res restore.Result, what, root string) {
	p := res.Preview
	for _, w := range p.Warnings {
		if !slices.Contains(notice.Texts(res.Notes), w.Text) {
			fmt.Fprintf(e.stderr, "warning: %s\n", w)
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintln(e.stdout, n)
	}
	if res.Unrecorded != "" {
		fmt.Fprintf(e.stderr, "warning: the app will not show where this data came from (%s)\n", res.Unrecorded)
	}
	fmt.Fprintf(e.stdout, "Restored %s into %s\n", what, root)
	fmt.Fprintf(e.stdout, "Holds:         %s; %s (%s)\n",
		registerSummary(p.Tables), plural(p.MediaFiles, "media file", "media files"), size.Format(p.MediaBytes))
	switch {
	case res.SafetyBackup != "" && res.SafetyDamaged:
		fmt.Fprintf(e.stdout, "Safety backup: %s (holds your damaged register exactly as it was, and its photos)\n", res.SafetyBackup)
	case res.SafetyBackup != "":
		fmt.Fprintf(e.stdout, "Safety backup: %s\n", res.SafetyBackup)
	default:
		fmt.Fprintf(e.stdout, "Safety backup: none (there was no data to protect)\n")
	}
}
