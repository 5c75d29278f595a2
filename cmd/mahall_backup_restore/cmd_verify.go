package main

import (
	"context"
	"fmt"

	"mahall/backend/restore"
	"mahall/backend/size"
)

func verifyCommand() *command {
	c := &command{
		name:        "verify",
		summary:     "check a backup completely: structure, checksums, database",
		interrupted: "interrupted before the check finished; nothing was changed",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] verify PATH

Checks the backup file PATH without touching any data folder: its structure
(entry names, types, sizes), every entry read to its end against the
checksums of its manifest, and the database with PRAGMA integrity_check.

An encrypted backup is opened with its password or recovery key, and every
encrypted byte is checked as well. Flags (before or after PATH):
` + secretUsage + `
Exits 0 only when all of it is sound; otherwise says what is wrong (naming
the entry) and exits 1.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		secret := addSecretFlags(fs)
		pos, err := parseCommand(c, fs, e, args, 1, 1)
		if err != nil {
			return err
		}
		key, err := secret.unlock(e, pos[0])
		if err != nil {
			return err
		}
		rep := newReporter(e.stderr)
		p, err := restore.Options{Key: key}.Verify(ctx, pos[0], rep.Report)
		rep.Done()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s: OK (%s%s, %s; %s, %s)\n", pos[0], encryptedWord(p.Encrypted), p.Format,
			registerSummary(p.Tables), plural(p.MediaFiles, "media file", "media files"), size.Format(p.MediaBytes))
		for _, w := range p.Warnings {
			fmt.Fprintf(e.stderr, "warning: %s\n", w)
		}
		return nil
	}
	return c
}
