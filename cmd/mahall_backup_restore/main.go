// Command mahall_backup_restore backs up, checks, inspects and restores a
// Mahall register (db.sqlite3 and the media folder) from the command line.
// It only parses input and shows output; the work is done in backend/.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"

	"mahall/backend/explain"
	"mahall/backend/folder"
	"mahall/backend/memlimit"
	"mahall/backend/version"
)

const progName = "mahall_backup_restore"

// Exit codes, the same on every OS.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

func main() {
	memlimit.Set()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal has asked for a clean stop, a second one
		// should be able to kill a run that does not stop: give the signals
		// back to the default handler.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand. Its run function parses its own flags and
// returns an error; run maps errors to exit codes in one place.
type command struct {
	name    string
	summary string // for the global help
	usage   string // the command's --help text
	// interrupted is what the user is told after Ctrl-C stopped the command,
	// saying what state things were left in.
	interrupted string
	run         func(ctx context.Context, env *env, args []string) error
}

// env is what a command may use from its surroundings.
type env struct {
	stdout, stderr io.Writer
	dataDirFlag    string
}

// open resolves and opens the data folder only when a command needs one, so
// verify and inspect work even where no default folder can be found.
func (e *env) open(ctx context.Context, opt folder.Options) (*folder.Folder, error) {
	l, err := folder.Resolve(e.dataDirFlag)
	if err != nil {
		return nil, err
	}
	return folder.Open(ctx, l.Root, opt)
}

func commands() []*command {
	return []*command{initCommand(), backupCommand(), listCommand(), pruneCommand(), verifyCommand(), inspectCommand(), restoreCommand(), recoverCommand(), cloudCommand(), keyCommand()}
}

func findCommand(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageError means the command line was wrong: exit 2.
type usageError struct {
	cmd string // "" for the global part of the command line
	msg string
}

func (e *usageError) Error() string { return e.msg }

func usagef(cmd, format string, a ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, a...)}
}

// errHelpShown means --help was asked for and printed: exit 0.
var errHelpShown = errors.New("help shown")

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd, err := dispatch(ctx, args, stdout, stderr)
	return exitCode(ctx, cmd, err, stderr)
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) (*command, error) {
	fs := flag.NewFlagSet(progName, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	dataDir := fs.String("data-dir", "", "")
	showVersion := fs.Bool("version", false, "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, globalUsage())
			return nil, errHelpShown
		}
		return nil, usagef("", "%v", err)
	}
	if *showVersion {
		v := version.Version
		if version.CommitTime != "" { // an unstamped build: say when its commit was made
			v += " (commit of " + version.CommitTime + ")"
		}
		fmt.Fprintln(stdout, progName+" "+v)
		return nil, nil
	}
	if fs.NArg() == 0 {
		return nil, usagef("", "no command given")
	}
	name, rest := fs.Arg(0), fs.Args()[1:]
	if name == "help" {
		return help(rest, stdout)
	}
	c := findCommand(name)
	if c == nil {
		return nil, usagef("", "unknown command %q", name)
	}
	e := &env{stdout: stdout, stderr: stderr, dataDirFlag: *dataDir}
	return c, c.run(ctx, e, rest)
}

// help serves "help [COMMAND]", for people who type it that way.
func help(args []string, stdout io.Writer) (*command, error) {
	switch len(args) {
	case 0:
		fmt.Fprint(stdout, globalUsage())
		return nil, errHelpShown
	case 1:
		c := findCommand(args[0])
		if c == nil {
			return nil, usagef("", "unknown command %q", args[0])
		}
		fmt.Fprint(stdout, c.usage)
		return c, errHelpShown
	}
	return nil, usagef("", "help takes at most one command name")
}

// exitCode is the one place where an outcome becomes an exit code and,
// for failures, a message on stderr.
func exitCode(ctx context.Context, c *command, err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errHelpShown):
		return exitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "%s: %s\n", progName, ue.msg)
		if ue.cmd != "" {
			fmt.Fprintf(stderr, "Run '%s %s --help' for usage.\n", progName, ue.cmd)
		} else {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", progName)
		}
		return exitUsage
	}
	// Only a signal cancels the root context, so a failure after it is the
	// interruption showing through, whatever words the backend wrapped it in.
	if ctx.Err() != nil {
		msg := "interrupted"
		if c != nil && c.interrupted != "" {
			msg = c.interrupted
		}
		if !errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "%s: %v\n", progName, err)
		}
		fmt.Fprintf(stderr, "%s: %s\n", progName, msg)
		return exitInterrupted
	}
	op := explain.Op("")
	if c != nil {
		op = explain.Op(c.name)
	}
	fmt.Fprintf(stderr, "%s: %s\n", progName, explain.Message(op, err))
	return exitFailed
}

func globalUsage() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s [--data-dir DIR] COMMAND [ARGS]\n\n", progName)
	b.WriteString("Back up, check and restore a Mahall register: the database db.sqlite3 and the\nmedia folder of member photos.\n\n")
	b.WriteString("Commands:\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-23s %s\n", c.synopsis(), c.summary)
	}
	b.WriteString("\nGlobal flags (before the command):\n")
	fmt.Fprintf(&b, "  --data-dir DIR  the data folder; default $%s, else %s\n", folder.EnvVar, defaultDataDirText())
	b.WriteString("  --version       print the version and exit\n")
	b.WriteString("  --help          show this help\n")
	b.WriteString("\nExit codes: 0 done, 1 failed, 2 usage error, 130 interrupted.\n")
	fmt.Fprintf(&b, "Run '%s COMMAND --help' for a command's details.\n", progName)
	return b.String()
}

func defaultDataDirText() string {
	if runtime.GOOS == "windows" {
		return `%APPDATA%\Mahali`
	}
	return "~/.mahali"
}

// synopsis is the command's usage line without the program name, taken from
// the first line of its help text so the two never disagree.
func (c *command) synopsis() string {
	first, _, _ := strings.Cut(c.usage, "\n")
	_, syn, ok := strings.Cut(first, "[--data-dir DIR] ")
	if !ok {
		return c.name
	}
	return syn
}

// parseArgs parses fs's flags wherever they appear among the positional
// arguments, so "inspect x.zip --json" works as well as "inspect --json
// x.zip"; the standard flag package alone stops at the first positional.
// Everything after "--" is positional.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newFlagSet returns a FlagSet for command c that prints nothing itself:
// errors and help go through run's single exit path.
func newFlagSet(c string) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseCommand parses a command's arguments and checks the number of
// positionals, turning --help into the command's help text on stdout.
func parseCommand(c *command, fs *flag.FlagSet, e *env, args []string, minPos, maxPos int) ([]string, error) {
	pos, err := parseArgs(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(e.stdout, c.usage)
		return nil, errHelpShown
	}
	if err != nil {
		return nil, usagef(c.name, "%s: %v", c.name, err)
	}
	switch {
	case len(pos) < minPos:
		return nil, usagef(c.name, "%s: missing PATH", c.name)
	case len(pos) > maxPos:
		return nil, usagef(c.name, "%s: unexpected argument %q", c.name, pos[maxPos])
	}
	return pos, nil
}
