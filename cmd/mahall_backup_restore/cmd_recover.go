package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"mahall/backend/swap"
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
		l, err := e.layout()
		if err != nil {
			return err
		}
		// Taking the lock would create a missing data folder; a folder that
		// does not exist has nothing to recover.
		if _, err := os.Stat(l.Root); errors.Is(err, fs.ErrNotExist) {
			fmt.Fprintln(e.stdout, "nothing to recover")
			return nil
		}
		unlock, err := l.Lock()
		if err != nil {
			return err
		}
		defer unlock()
		out, err := swap.Recover(l)
		if err != nil {
			return err
		}
		switch out {
		case swap.RolledBack:
			fmt.Fprintln(e.stdout, "rolled back an interrupted restore: the previous data is in place")
		case swap.Completed:
			fmt.Fprintln(e.stdout, "finished an interrupted restore: the restored data is in place")
		default:
			fmt.Fprintln(e.stdout, "nothing to recover")
		}
		return nil
	}
	return c
}
