package main

import (
	"context"
	"fmt"
	"os"

	"mahall/backend/folder"
	"mahall/backend/register"
)

func initCommand() *command {
	c := &command{
		name:    "init",
		summary: "create an empty register in the data folder",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] init

Creates the data folder (if needed), its media folder and an empty register
database db.sqlite3, exactly as the Mahall program's own set-up makes it at
its latest version, so that program and this one can both open it. It
refuses, and changes nothing, when the folder already holds a database: to
replace a register use 'restore'. The app's first-run wizard still shows
until it has been completed once.
`,
		interrupted: "interrupted: no register was created",
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if _, err := parseCommand(c, newFlagSet(c.name), e, args, 0, 0); err != nil {
			return err
		}
		// Opening finishes or rolls back an interrupted restore first: a
		// half-swapped folder could look like one without a database.
		f, err := e.open(ctx, folder.Options{Create: true})
		if err != nil {
			return err
		}
		defer f.Close()
		l := f.Layout
		if _, err := os.Lstat(l.DB()); err == nil {
			return fmt.Errorf("%s: %w", l.DB(), register.ErrExists)
		}
		if err := os.MkdirAll(l.Media(), 0o700); err != nil {
			return fmt.Errorf("create %s: %w", l.Media(), err)
		}
		if err := register.CreateEmpty(ctx, l.DB()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Created an empty register: %s\n", l.DB())
		return nil
	}
	return c
}
