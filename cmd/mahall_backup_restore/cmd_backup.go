package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"mahall/backend/auto"
	"mahall/backend/backup"
	"mahall/backend/explain"
	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/schedule"
	"mahall/backend/settings"
	"mahall/backend/size"
)

func backupCommand() *command {
	c := &command{
		name:        "backup",
		summary:     "write a backup of the data folder",
		interrupted: "interrupted; no backup was written",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] backup [PATH | --auto [--to DIR]...]

Writes a backup of the data folder (db.sqlite3 and media/) as a ZIP in the
mahall-backup/1 format. The database is copied with SQLite's online backup
API, so a backup taken while the program runs is consistent.

PATH is the backup file to write, or an existing folder to write it into.
Without PATH the backup goes to DATA/backups/mahall_backup_YYYY-MM-DD.zip.
The file appears under its name only when it is complete and on disk.

Prints the backup's path and size, and a warning for every photo the
register names that the media folder lacks.

--auto does what the app's schedule does, once (the Windows scheduled task
runs this): it backs up to every backup folder in the settings, skips a
folder whose newest backup is of the data as it is now ("unchanged since"),
checks the database first (a damaged one is never backed up), reads every
new backup back and verifies it, then deletes old backups there by the
settings' retention rules. With no backup folder set it uses DATA/backups
and warns that it is on the same disk as the data. A folder that is not
there (an unplugged drive) is reported and the others still get their copy.
--to DIR (repeatable) sets the backup folders for this run.
Exit 1 when any folder got no good backup.

Flags (before or after PATH):
  --encrypt  protect the backup with the data folder's password (turned on
             with 'key init'); no password is asked for. It then opens
             with the password or the recovery key, on any computer.
             --auto protects its backups when the settings say so.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		encrypt := fs.Bool("encrypt", false, "")
		isAuto := fs.Bool("auto", false, "")
		var to folders
		fs.Var(&to, "to", "")
		pos, err := parseCommand(c, fs, e, args, 0, 1)
		if err != nil {
			return err
		}
		if len(to) > 0 && !*isAuto {
			return usagef(c.name, "backup: --to goes with --auto; without --auto give the file or folder as PATH")
		}
		if *isAuto && len(pos) > 0 {
			return usagef(c.name, "backup: --auto takes no PATH; use --to DIR")
		}
		f, err := e.open(ctx, folder.Options{})
		if err != nil {
			return err
		}
		defer f.Close()
		if *isAuto {
			if *encrypt {
				return usagef(c.name, "backup: --auto protects its backups as the settings say; leave out --encrypt")
			}
			return autoBackup(ctx, e, f, to)
		}
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

// folders is a repeatable flag of folder paths.
type folders []string

func (f *folders) String() string     { return strings.Join(*f, ", ") }
func (f *folders) Set(v string) error { *f = append(*f, v); return nil }

// autoBackup is backup --auto: one run of what the schedule does, recorded
// as the schedule's last run so the app does not repeat it.
func autoBackup(ctx context.Context, e *env, f *folder.Folder, to []string) error {
	s := loadSettings(e, f.Layout)
	opt := auto.FromSettings(s)
	if len(to) > 0 {
		opt.Destinations = to
	}
	rep := newReporter(e.stderr)
	opt.Report = rep.Report
	res, err := auto.Run(ctx, f, opt)
	rep.Done()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for _, w := range res.Warnings {
		fmt.Fprintf(e.stderr, "warning: %s\n", w)
	}
	for _, o := range res.Outcomes {
		label := map[history.Result]string{history.OK: "Backed up", history.Unchanged: "Unchanged", history.Failed: "FAILED"}[o.Result]
		fmt.Fprintf(e.stdout, "%-10s %s\n", label+":", o.Destination)
		fmt.Fprintf(e.stdout, "           %s\n", o.Message)
		for _, d := range o.Deleted {
			fmt.Fprintf(e.stdout, "           deleted old backup %s\n", d)
		}
		if o.Held != "" && o.Result == history.OK {
			fmt.Fprintf(e.stdout, "           %s\n", o.Held)
		}
	}
	if c := res.Cloud; c != nil {
		label := map[history.Result]string{history.OK: "Backed up", history.Failed: "FAILED"}[c.Result]
		fmt.Fprintf(e.stdout, "%-10s %s\n", label+":", "cloud copy")
		fmt.Fprintf(e.stdout, "           %s\n", c.Message)
		if c.Warning != nil {
			fmt.Fprintf(e.stderr, "warning: %s\n", c.Warning)
		}
	}
	cloudErr := res.Cloud.Err()
	store := schedule.FileStore{Path: f.Schedule()}
	if rec, lerr := store.Load(); lerr == nil {
		if serr := store.Save(schedule.Finished(s.Schedule, rec, time.Now(), err)); serr != nil {
			fmt.Fprintf(e.stderr, "warning: %v\n", serr)
		}
	}
	if err != nil && len(res.Outcomes) > 0 && !errors.Is(err, context.Canceled) {
		// Every outcome's message is already printed, in plain words; this
		// is told as it is, not as a backup that was not made at all.
		return &explain.Error{Text: "Not every backup folder got a new backup: the lines above say which, and what to do.", Err: err}
	}
	if err == nil && cloudErr != nil && ctx.Err() == nil {
		return &explain.Error{Text: "The backups above were made, but the cloud copy was not; it is tried again at the next run.", Err: cloudErr}
	}
	return err
}

// loadSettings reads the settings; a damaged file gives the defaults and a
// warning, so a scheduled run still backs up.
func loadSettings(e *env, l folder.Layout) settings.Settings {
	s, err := settings.Load(l.Settings())
	if err != nil {
		fmt.Fprintf(e.stderr, "warning: %v\n", err)
	}
	return s
}
