package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"mahall/backend/crypt"
)

// PasswordEnv holds the password of encrypted backups, as RESTIC_PASSWORD
// does restic's. A password is never taken from an argument: others on the
// computer can read a command line.
const PasswordEnv = "MAHALL_PASSWORD"

// secretFlags are the flags that open an encrypted backup: the password from
// a file, or the recovery key instead.
type secretFlags struct {
	passwordFile string
	recoveryKey  string
}

const secretUsage = `  --password-file FILE  read the password of an encrypted backup from the
                        first line of FILE (else $MAHALL_PASSWORD, else it is
                        asked for on the terminal)
  --recovery-key FILE   open an encrypted backup with its recovery key (the
                        file 'key init' wrote, or the key typed from the
                        printed page) instead of the password
`

func addSecretFlags(fs *flag.FlagSet) *secretFlags {
	s := &secretFlags{}
	fs.StringVar(&s.passwordFile, "password-file", "", "")
	fs.StringVar(&s.recoveryKey, "recovery-key", "", "")
	return s
}

// unlock opens the backup key of path when it is an encrypted backup, and
// gives nil for a plain one (or a file that is no backup: the command's own
// checks say what is wrong with it).
func (s *secretFlags) unlock(e *env, path string) (*crypt.Key, error) {
	enc, err := crypt.IsEncrypted(path)
	if err != nil || !enc {
		return nil, nil
	}
	if s.recoveryKey != "" {
		text, err := readRecoveryKey(s.recoveryKey)
		if err != nil {
			return nil, err
		}
		k, err := crypt.UnlockRecovery(path, text)
		if err != nil {
			return nil, err
		}
		return &k, nil
	}
	pw, err := s.password(e, "Password of "+path+": ")
	if err != nil {
		return nil, err
	}
	k, err := crypt.Unlock(path, pw)
	if err != nil {
		return nil, err
	}
	return &k, nil
}

// readRecoveryKey reads the recovery key file a person gave (bounded: it is a
// few lines).
func readRecoveryKey(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("the recovery key could not be read: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 64<<10))
	if err != nil {
		return "", fmt.Errorf("the recovery key could not be read: %w", err)
	}
	return string(b), nil
}

// noPasswordHint is what a command adds when it needs a password and has no
// way to ask for one; the error itself is crypt.ErrPasswordNeeded.
const noPasswordHint = "To open it, set " + PasswordEnv + ", or give --password-file FILE or --recovery-key FILE, or run the command on a terminal to be asked for the password."

// password is the password from --password-file, else $MAHALL_PASSWORD,
// else typed on the terminal after prompt.
func (s *secretFlags) password(e *env, prompt string) (string, error) {
	if s.passwordFile != "" {
		return readPasswordFile(s.passwordFile)
	}
	if pw, ok := os.LookupEnv(PasswordEnv); ok {
		return pw, nil
	}
	pw, err := askPassword(e, prompt)
	if errors.Is(err, errNoTerminal) {
		fmt.Fprintln(e.stderr, noPasswordHint)
		return "", crypt.ErrPasswordNeeded
	}
	return pw, err
}

// readPasswordFile reads the first line of name, without its line ending, so
// a file written by an editor (which ends it with a newline) gives the
// password that was typed.
func readPasswordFile(name string) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("the password file could not be read: %w", err)
	}
	defer f.Close()
	line, err := bufio.NewReader(io.LimitReader(f, 64<<10)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("the password file %s could not be read: %w", name, err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

var errNoTerminal = errors.New("no terminal to ask for the password on")

// askPassword reads a password typed on the terminal without showing it. It
// asks only when standard input is a terminal, so a script or a scheduled
// task fails at once instead of waiting for a person who is not there.
func askPassword(e *env, prompt string) (string, error) {
	fd := int(os.Stdin.Fd())
	if !term.IsTerminal(fd) {
		return "", errNoTerminal
	}
	fmt.Fprint(e.stderr, prompt)
	b, err := term.ReadPassword(fd)
	fmt.Fprintln(e.stderr)
	if err != nil {
		return "", fmt.Errorf("read the password: %w", err)
	}
	return string(b), nil
}

// encryptedWord prefixes a backup's format when it was encrypted.
func encryptedWord(encrypted bool) string {
	if encrypted {
		return "encrypted "
	}
	return ""
}
