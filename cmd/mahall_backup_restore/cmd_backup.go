package main

import (
	"context"
	"fmt"
	"mahall/backend/folder"
	"mahall/backend/size"

	"mahall/backend/backup"
)

func backupCommand() *command {
	c := &command{
		name:        "backup",
		summary:     "write a backup of the data folder",
		interrupted: "interrupted; no backup was written",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] backup [PATH]

Writes a backup of the data folder (db.sqlite3 and media/) as a ZIP in the
mahall-backup/1 format. The database is copied with SQLite's online backup
API, so a backup taken while the program runs is consistent.

PATH is the backup file to write, or an existing folder to write it into.
Without PATH the backup goes to DATA/backups/mahall_backup_YYYY-MM-DD.zip.
The file appears under its name only when it is complete and on disk.

Prints the backup's path and size, and a warning for every photo the
register names that the media folder lacks.

Flags (before or after PATH):
  --encrypt  protect the backup with the data folder's password (turned on
             with 'key init'); no password is asked for. It then opens
             with the password or the recovery key, on any computer.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		encrypt := fs.Bool("encrypt", false, "")
		pos, err := parseCommand(c, fs, e, args, 0, 1)
		if err != nil {
			return err
		}
		f, err := e.open(ctx, folder.Options{})
		if err != nil {
			return err
		}
		defer f.Close()
		var opt backup.Options
		if *encrypt {
			if opt.Lock, err = settingsLock(f.Layout); err != nil {
				return err
			}
		}
		dest := ""
		if len(pos) == 1 {
			dest = pos[0]
		}
		rep := newReporter(e.stderr)
		res, err := opt.Create(ctx, f, dest, rep.Report)
		rep.Done()
		if err != nil {
			return err
		}
		for _, w := range res.Warnings {
			fmt.Fprintf(e.stderr, "warning: %s\n", w)
		}
		fmt.Fprintf(e.stdout, "Backup written: %s\n", res.Path)
		fmt.Fprintf(e.stdout, "Size:           %s (%d bytes)\n", size.Format(res.Size), res.Size)
		if res.Encrypted {
			fmt.Fprintf(e.stdout, "Encrypted:      with the key %s; it opens with the password or the recovery key\n", opt.Lock.ID())
		}
		fmt.Fprintf(e.stdout, "Holds:          %s; %s (%s)\n",
			registerSummary(res.Tables), plural(res.MediaFiles, "media file", "media files"), size.Format(res.MediaBytes))
		return nil
	}
	return c
}
