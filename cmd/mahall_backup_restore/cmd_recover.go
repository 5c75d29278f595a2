package main

import (
	"context"
	"errors"
	"fmt"

	"mahall/backend/folder"
)

func recoverCommand() *command {
	c := &command{
		name:    "recover",
		summary: "finish or roll back an interrupted restore",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] recover

Finishes or rolls back a restore that was interrupted (power cut, kill) and
says which; either way the data folder ends up exactly the old data or
exactly the new. With nothing to do it says so. Backup, restore and the app
do this by themselves before they start; this command is for doing it now.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if _, err := parseCommand(c, newFlagSet(c.name), e, args, 0, 0); err != nil {
			return err
		}
		// A folder that does not exist has nothing to recover, and is not
		// made.
		f, err := e.open(ctx, folder.Options{})
		if errors.Is(err, folder.ErrNoFolder) {
			fmt.Fprintln(e.stdout, "nothing to recover")
			return nil
		}
		if err != nil {
			return err
		}
		defer f.Close()
		out := f.Recovered()
		switch out {
		case folder.RolledBack:
			fmt.Fprintln(e.stdout, "rolled back an interrupted restore: the previous data is in place")
		case folder.Completed:
			fmt.Fprintln(e.stdout, "finished an interrupted restore: the restored data is in place")
		default:
			fmt.Fprintln(e.stdout, "nothing to recover")
		}
		return nil
	}
	return c
}
