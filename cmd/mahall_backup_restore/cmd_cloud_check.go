package main

import (
	"context"
	"fmt"
	"strconv"
)

func cloudCheckCommand() *command {
	c := &command{
		name:    "cloud check",
		summary: "check that every piece of every cloud snapshot is there",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] cloud check [--read-data-percent N] [--repo REPO] [--password-file FILE]

Checks that every piece of every cloud snapshot is present in the storage.
With --read-data-percent N (0 to 100, default 0), N percent of the files are
also downloaded, decrypted and checked in full.
` + cloudConnectionHelp,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		cf := addCloudFlags(fs)
		percent := fs.String("read-data-percent", "0", "")
		if _, err := parseCommand(c, fs, e, args, 0, 0); err != nil {
			return err
		}
		pct, err := strconv.ParseFloat(*percent, 64)
		if err != nil || pct < 0 || pct > 100 {
			return usagef(c.name, "cloud check: --read-data-percent must be a number from 0 to 100, not %q", *percent)
		}
		r, done, err := cf.connect(ctx, e, c.name)
		if err != nil {
			return err
		}
		defer done()
		checked, err := r.Check(ctx, pct)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "The cloud copy is sound: %s checked", plural(checked, "snapshot", "snapshots"))
		if pct > 0 {
			fmt.Fprintf(e.stdout, ", %g%% of the files read in full", pct)
		}
		fmt.Fprintln(e.stdout, ".")
		return nil
	}
	return c
}
