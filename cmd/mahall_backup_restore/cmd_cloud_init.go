package main

import (
	"context"
	"fmt"

	"mahall/backend/cloud"
	"mahall/backend/folder"
)

func cloudInitCommand() *command {
	c := &command{
		name:    "cloud init",
		summary: "set up a new, empty cloud copy and connect to it",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] cloud init [--repo REPO] [--password-file FILE]

Sets up a new, empty cloud copy, encrypted with the backup password, and
keeps the connection in DATA/cloud (the keys and password protected for this
user), so "cloud backup" and automatic backups need nothing more. Fails if
there is already a cloud copy at that place.
` + cloudConnectionHelp,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		cf := addCloudFlags(fs)
		if _, err := parseCommand(c, fs, e, args, 0, 0); err != nil {
			return err
		}
		loc, password, named, err := cf.named(c.name)
		if err != nil {
			return err
		}
		if !named {
			return usagef(c.name, "cloud init: no cloud copy given: use --repo or set %s", repoEnv)
		}
		f, err := e.open(ctx, folder.Options{Create: true})
		if err != nil {
			return err
		}
		defer f.Close()
		r, err := cloud.Init(ctx, f.Cloud(), loc, password)
		if err != nil {
			return err
		}
		defer r.Close(ctx)
		fmt.Fprintf(e.stdout, "Set up a new cloud copy in %s.\n", loc)
		fmt.Fprintf(e.stdout, "This computer is connected to it (kept in %s).\n", f.Cloud())
		fmt.Fprintf(e.stdout, "Keep the backup password safe: without it the cloud copy cannot be opened.\n")
		return nil
	}
	return c
}
