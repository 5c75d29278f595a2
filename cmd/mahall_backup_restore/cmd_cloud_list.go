package main

import (
	"context"
	"encoding/json"
	"fmt"
	"text/tabwriter"
	"time"

	"mahall/backend/cloud"
	"mahall/backend/size"
)

// cloudSnapshotJSON is one line of "cloud list --json": snake_case, like
// inspect --json, a contract for scripts.
type cloudSnapshotJSON struct {
	ID             string           `json:"id"`
	Time           time.Time        `json:"time"`
	ProgramVersion string           `json:"program_version"`
	Counts         map[string]int64 `json:"counts"`
	Files          int64            `json:"files"`
	Size           int64            `json:"size"`
}

func cloudListCommand() *command {
	c := &command{
		name:    "cloud list",
		summary: "list the cloud snapshots, newest first",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] cloud list [--json] [--repo REPO] [--password-file FILE]

Lists the complete cloud snapshots, newest first: ID, time, what the register
held (areas, houses, members, media files) and the size of its files.

Flags:
  --json  one JSON array: id, time (UTC), program_version, counts (rows per
          table, and "media files"), files, size (bytes)
` + cloudConnectionHelp,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		cf := addCloudFlags(fs)
		asJSON := fs.Bool("json", false, "")
		if _, err := parseCommand(c, fs, e, args, 0, 0); err != nil {
			return err
		}
		r, done, err := cf.connect(ctx, e, c.name)
		if err != nil {
			return err
		}
		defer done()
		snaps, err := r.List(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]cloudSnapshotJSON, 0, len(snaps))
			for _, s := range snaps {
				out = append(out, cloudSnapshotJSON{ID: s.ID, Time: s.Time, ProgramVersion: s.Version,
					Counts: s.Counts, Files: s.Files, Size: s.Size})
			}
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		if len(snaps) == 0 {
			fmt.Fprintln(e.stdout, "The cloud copy has no snapshots yet.")
			return nil
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "ID\tTime\tHolds\tSize")
		for _, s := range snaps {
			fmt.Fprintf(w, "%s\t%s\t%s; %s\t%s\n", s.ID, s.Time.Local().Format("2006-01-02 15:04"),
				registerSummary(s.Counts), plural(int(s.Counts[cloud.MediaFilesCount]), "media file", "media files"),
				size.Format(s.Size))
		}
		return w.Flush()
	}
	return c
}
