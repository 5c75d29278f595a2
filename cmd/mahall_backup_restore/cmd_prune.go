package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"mahall/backend/auto"
	"mahall/backend/folder"
)

func pruneCommand() *command {
	c := &command{
		name:        "prune",
		summary:     "delete old backups by the retention rules",
		interrupted: "interrupted; the backups deleted so far are gone, the rest are kept",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] prune [FLAGS] [DIR]

Deletes old backups in DIR (default: every backup folder of the settings,
or DATA/backups when none is set) that no retention rule keeps. For each of
the last N days (ISO weeks, months) that has backups, the newest one of it
is kept; --keep-last keeps the N newest. The rules default to the settings'
(keep-last 3, keep-daily 7, keep-weekly 4, keep-monthly 12 unless changed).

Never deleted: files that are not Mahall backups, the newest verified
backup and the oldest backup of a folder, safety backups from restores
younger than 30 days or among the last 3. The newest backup is read back
and verified first; if it is not sound, nothing is deleted. Nothing is
deleted either while the recent backups to that folder failed.

Flags:
  --dry-run  say what would be kept and deleted and why; delete nothing
  --keep-last N, --keep-daily N, --keep-weekly N, --keep-monthly N
             the rules for this run, in place of the settings'
  --json     print one JSON object instead: dry_run, and folders, each with
             folder, held (why nothing is deleted, or ""), and decisions:
             path, time, keep, reasons (an array), deleted
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		dryRun := fs.Bool("dry-run", false, "")
		asJSON := fs.Bool("json", false, "")
		last := fs.Int("keep-last", -1, "")
		daily := fs.Int("keep-daily", -1, "")
		weekly := fs.Int("keep-weekly", -1, "")
		monthly := fs.Int("keep-monthly", -1, "")
		pos, err := parseCommand(c, fs, e, args, 0, 1)
		if err != nil {
			return err
		}
		f, err := e.open(ctx, folder.Options{})
		if err != nil {
			return err
		}
		defer f.Close()
		s := loadSettings(e, f.Layout)
		p := s.Retention
		for _, o := range []struct {
			flag int
			to   *int
		}{{*last, &p.Last}, {*daily, &p.Daily}, {*weekly, &p.Weekly}, {*monthly, &p.Monthly}} {
			if o.flag >= 0 {
				*o.to = o.flag
			}
		}
		if err := p.Validate(); err != nil {
			return usagef(c.name, "prune: %v", err)
		}
		dirs := auto.FromSettings(s).Destinations
		if len(pos) == 1 {
			dirs = pos[:1]
		}
		if len(dirs) == 0 {
			dirs = []string{f.Backups()}
		}
		out := pruneJSON{DryRun: *dryRun, Folders: []pruneFolderJSON{}}
		var errs []error
		for _, d := range dirs {
			if abs, err := filepath.Abs(d); err == nil {
				d = abs
			}
			plan, err := auto.PlanPrune(ctx, f.Layout, d, p, time.Now())
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				errs = append(errs, err)
				continue
			}
			deleted := map[string]bool{}
			if !*dryRun {
				gone, err := auto.Prune(plan)
				if err != nil {
					errs = append(errs, err)
				}
				for _, g := range gone {
					deleted[g] = true
				}
			}
			pf := pruneFolderJSON{Folder: d, Held: plan.Held, Decisions: []decisionJSON{}}
			for _, dc := range plan.Decisions {
				pf.Decisions = append(pf.Decisions, decisionJSON{Path: dc.ID, Time: dc.Time, Keep: dc.Keep, Reasons: dc.Reasons, Deleted: deleted[dc.ID]})
			}
			out.Folders = append(out.Folders, pf)
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			if err := enc.Encode(out); err != nil {
				return err
			}
		} else {
			writePruneText(e, out)
		}
		return errors.Join(errs...)
	}
	return c
}

type pruneJSON struct {
	DryRun  bool              `json:"dry_run"`
	Folders []pruneFolderJSON `json:"folders"`
}

type pruneFolderJSON struct {
	Folder    string         `json:"folder"`
	Held      string         `json:"held"`
	Decisions []decisionJSON `json:"decisions"`
}

type decisionJSON struct {
	Path    string    `json:"path"`
	Time    time.Time `json:"time"`
	Keep    bool      `json:"keep"`
	Reasons []string  `json:"reasons"`
	Deleted bool      `json:"deleted"`
}

func writePruneText(e *env, out pruneJSON) {
	for _, pf := range out.Folders {
		fmt.Fprintf(e.stdout, "%s:\n", pf.Folder)
		if len(pf.Decisions) == 0 {
			fmt.Fprintln(e.stdout, "  no backups here")
		}
		n := 0
		for _, d := range pf.Decisions {
			verb := "keep"
			switch {
			case d.Deleted:
				verb, n = "deleted", n+1
			case !d.Keep && out.DryRun:
				verb, n = "delete", n+1
			}
			fmt.Fprintf(e.stdout, "  %-7s  %s  %s  (%s)\n", verb, d.Time.Format("2006-01-02 15:04"), filepath.Base(d.Path), strings.Join(d.Reasons, "; "))
		}
		if pf.Held != "" {
			fmt.Fprintf(e.stdout, "  Nothing is deleted here: %s.\n", pf.Held)
		}
		switch {
		case out.DryRun:
			fmt.Fprintf(e.stdout, "  %s would be deleted; nothing was deleted (--dry-run).\n", plural(n, "backup", "backups"))
		default:
			fmt.Fprintf(e.stdout, "  %s deleted.\n", plural(n, "backup", "backups"))
		}
	}
}
