package main

import (
	"context"
	"fmt"

	"mahall/backend/cloud"
	"mahall/backend/folder"
	"mahall/backend/size"
)

func cloudBackupCommand() *command {
	c := &command{
		name:        "cloud backup",
		summary:     "send a snapshot of the data to the cloud copy",
		interrupted: "interrupted; no new cloud snapshot was recorded (the next one sends what is still missing)",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] cloud backup [--repo REPO] [--password-file FILE]

Sends a cloud snapshot of the data folder: the same consistent copy of the
database a backup file holds, the media, and a manifest of every file's
SHA-256. Only what the cloud copy does not hold yet is sent. With --repo (or
$MAHALL_REPO) this computer is connected to that cloud copy first, and the
connection is kept in DATA/cloud for the next runs.

A snapshot is listed only once it is complete: a run that stops half way
(the network gone, Ctrl-C) leaves no broken snapshot.
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
		f, err := e.open(ctx, folder.Options{})
		if err != nil {
			return err
		}
		defer f.Close()
		if named {
			// Try the place, keys and password on a connection of their own
			// first: a mistake must not replace a working one in DATA/cloud.
			_, done, err := cloud.ConnectTemporary(ctx, loc, password)
			if err != nil {
				return err
			}
			done()
			r, err := cloud.Connect(ctx, f.Cloud(), loc, password)
			if err != nil {
				return err
			}
			r.Close(ctx)
		}
		snap, err := cloud.BackupFolder(ctx, f, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "Cloud snapshot sent: %s\n", snap.ID)
		fmt.Fprintf(e.stdout, "Holds:               %s; %s\n", registerSummary(snap.Counts),
			plural(int(snap.Counts[cloud.MediaFilesCount]), "media file", "media files"))
		fmt.Fprintf(e.stdout, "Size:                %s (%d bytes, before compression and deduplication)\n", size.Format(snap.Size), snap.Size)
		return nil
	}
	return c
}
