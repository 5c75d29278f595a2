package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"

	"mahall/backend/cloud"
	"mahall/backend/folder"
)

// The cloud commands follow restic's conventions: where the copy is comes
// from --repo or MAHALL_REPO, the keys from AWS_ACCESS_KEY_ID and
// AWS_SECRET_ACCESS_KEY, the password from MAHALL_PASSWORD or
// --password-file. Without --repo they use the connection that "cloud
// init" or "cloud backup --repo" keeps in DATA/cloud.

const (
	repoEnv     = "MAHALL_REPO"
	passwordEnv = "MAHALL_PASSWORD"
)

func cloudSubcommands() []*command {
	return []*command{cloudInitCommand(), cloudBackupCommand(), cloudListCommand(), cloudRestoreCommand(), cloudCheckCommand()}
}

const cloudConnectionHelp = `
Where the cloud copy is (every cloud command):
  --repo REPO           s3:https://HOST[:PORT]/BUCKET[/PREFIX] (s3:http:// only
                        for a server on this network), or a folder; default
                        $MAHALL_REPO. Without either, the connection kept in
                        DATA/cloud by "cloud init" or "cloud backup --repo".
  --password-file FILE  the backup password is the file's first line; default
                        $MAHALL_PASSWORD
  The keys come from $AWS_ACCESS_KEY_ID and $AWS_SECRET_ACCESS_KEY.
`

func cloudCommand() *command {
	c := &command{
		name:    "cloud",
		summary: "keep and restore an encrypted, incremental copy in cloud storage",
	}
	var b strings.Builder
	b.WriteString("Usage: mahall_backup_restore [--data-dir DIR] cloud SUBCOMMAND [ARGS]\n\n")
	b.WriteString("A cloud copy sends only what changed since the last one, encrypted with the\nbackup password, to S3-compatible storage (AWS, Backblaze B2, Wasabi,\nCloudflare R2, ...) or a folder.\n\nSubcommands:\n")
	for _, s := range cloudSubcommands() {
		fmt.Fprintf(&b, "  %-15s %s\n", s.name, s.summary)
	}
	b.WriteString(cloudConnectionHelp)
	fmt.Fprintf(&b, "\nRun '%s cloud SUBCOMMAND --help' for a subcommand's details.\n", progName)
	c.usage = b.String()
	c.run = func(ctx context.Context, e *env, args []string) error {
		if len(args) == 0 {
			return usagef(c.name, "cloud: no subcommand given")
		}
		if args[0] == "--help" || args[0] == "-h" || args[0] == "help" {
			fmt.Fprint(e.stdout, c.usage)
			return errHelpShown
		}
		for _, s := range cloudSubcommands() {
			if s.name == "cloud "+args[0] {
				return s.run(ctx, e, args[1:])
			}
		}
		return usagef(c.name, "cloud: unknown subcommand %q", args[0])
	}
	return c
}

// cloudFlags are the flags every cloud subcommand takes.
type cloudFlags struct {
	repo, passwordFile *string
}

func addCloudFlags(fs *flag.FlagSet) cloudFlags {
	return cloudFlags{repo: fs.String("repo", "", ""), passwordFile: fs.String("password-file", "", "")}
}

// named is the cloud copy named on the command line or in MAHALL_REPO, with
// the keys from the environment, and the backup password for it; ok is
// false, and no password is needed, when none is named.
func (cf cloudFlags) named(cmd string) (loc cloud.Location, password string, ok bool, err error) {
	repo := *cf.repo
	if repo == "" {
		repo = os.Getenv(repoEnv)
	}
	if repo == "" {
		return cloud.Location{}, "", false, nil
	}
	if loc, err = cloud.ParseRepo(repo); err != nil {
		return cloud.Location{}, "", false, err
	}
	loc.AccessKey, loc.SecretKey = os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if password, err = cf.password(cmd); err != nil {
		return cloud.Location{}, "", false, err
	}
	return loc, password, true, nil
}

// password is the backup password from --password-file or MAHALL_PASSWORD.
func (cf cloudFlags) password(cmd string) (string, error) {
	if p := *cf.passwordFile; p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			return "", fmt.Errorf("read the password file: %w", err)
		}
		first, _, _ := strings.Cut(string(b), "\n")
		return strings.TrimSuffix(first, "\r"), nil
	}
	if p := os.Getenv(passwordEnv); p != "" {
		return p, nil
	}
	return "", usagef(cmd, "%s: no backup password: set %s or use --password-file FILE", cmd, passwordEnv)
}

// connect opens the cloud copy a read-only command works on: the one named
// (connected afresh in a temporary folder, so nothing in the data folder
// changes), else the connection kept in the data folder. The returned
// function closes it and removes what it made.
func (cf cloudFlags) connect(ctx context.Context, e *env, cmd string) (*cloud.Repository, func(), error) {
	loc, password, named, err := cf.named(cmd)
	if err != nil {
		return nil, nil, err
	}
	if !named {
		l, err := folder.Resolve(e.dataDirFlag)
		if err != nil {
			return nil, nil, err
		}
		r, err := cloud.Open(ctx, l.Cloud())
		if err != nil {
			return nil, nil, fmt.Errorf("%w (no --repo or %s given, and none kept in %s)", err, repoEnv, l.Cloud())
		}
		return r, func() { r.Close(ctx) }, nil
	}
	return cloud.ConnectTemporary(ctx, loc, password)
}
