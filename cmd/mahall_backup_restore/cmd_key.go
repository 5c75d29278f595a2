package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"mahall/backend/crypt"
	"mahall/backend/durable"
	"mahall/backend/folder"
	"mahall/backend/settings"
)

// NewPasswordEnv holds the new password for 'key passwd' (restic's
// --new-password-file has no variable; a script changing a password without
// a terminal needs one or the file).
const NewPasswordEnv = "MAHALL_NEW_PASSWORD"

func keyCommand() *command {
	c := &command{
		name:        "key",
		summary:     "turn password protection on, or change its password",
		interrupted: "interrupted; the settings were left as they were",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] key init|passwd [FLAGS]

Password protection for backups: 'backup --encrypt' (and automatic backups,
when the app's setting is on) writes backups that open only with the
password or the recovery key, on any computer.

key init --recovery-key-out FILE
    Turns password protection on for the data folder (the same as the app's
    "Protect backups with a password" setting): makes a backup key, locks it
    with the password and keeps it in the settings, and writes the recovery
    key to FILE (a new file). The recovery key opens every backup made with
    this key without the password: print it or keep it somewhere safe, away
    from the backups. The password comes from --password-file FILE, else
    $MAHALL_PASSWORD, else it is asked for twice on the terminal.

key passwd
    Changes the password. The key stays the same: backups made from now on
    open with the new password, backups made before with the old password
    (or the recovery key). The current password comes from --password-file
    or $MAHALL_PASSWORD or the terminal, or --recovery-key FILE replaces it
    when it is forgotten; the new one from --new-password-file FILE, else
    $MAHALL_NEW_PASSWORD, else it is asked for twice on the terminal.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		if len(args) == 0 {
			if _, err := parseCommand(c, newFlagSet(c.name), e, args, 0, 0); err != nil {
				return err
			}
			return usagef(c.name, "key: say init or passwd")
		}
		switch args[0] {
		case "init":
			return keyInit(ctx, c, e, args[1:])
		case "passwd":
			return keyPasswd(ctx, c, e, args[1:])
		}
		if strings.HasPrefix(args[0], "-") { // --help, or a flag before the subcommand
			if _, err := parseCommand(c, newFlagSet(c.name), e, args, 0, 0); err != nil {
				return err
			}
		}
		return usagef(c.name, "key: unknown subcommand %q (init or passwd)", args[0])
	}
	return c
}

func keyInit(ctx context.Context, c *command, e *env, args []string) error {
	fs := newFlagSet(c.name)
	out := fs.String("recovery-key-out", "", "")
	secret := addSecretFlags(fs)
	if _, err := parseCommand(c, fs, e, args, 0, 0); err != nil {
		return err
	}
	if *out == "" {
		return usagef(c.name, "key init: --recovery-key-out FILE is needed: the recovery key is written there")
	}
	if secret.recoveryKey != "" {
		return usagef(c.name, "key init: --recovery-key is for 'key passwd' and opening backups")
	}
	f, s, err := openSettings(ctx, e)
	if err != nil {
		return err
	}
	defer f.Close()
	if s.Encryption.On() {
		return fmt.Errorf("password protection is already on for %s; 'key passwd' changes the password", f.Root)
	}
	pw, err := newPassword(e, secret.passwordFile, PasswordEnv, "New password: ")
	if err != nil {
		return err
	}
	key, _ := crypt.NewKey()
	lock, err := crypt.Wrap(key, pw)
	if err != nil {
		return err
	}
	// The recovery key is on disk before the settings say backups are
	// encrypted, so no backup exists that only a lost key would open.
	if err := writeNew(*out, crypt.RecoveryFile(key)); err != nil {
		return err
	}
	s.Encryption = settings.EncryptionOf(lock)
	if err := settings.Save(f.Layout.Settings(), s); err != nil {
		os.Remove(*out)
		return err
	}
	fmt.Fprintf(e.stdout, "Password protection is on for %s (key %s).\n", f.Root, lock.ID())
	fmt.Fprintf(e.stdout, "Recovery key written to %s.\n", *out)
	fmt.Fprintf(e.stdout, "It opens every backup made with this key without the password: print it or keep\nit somewhere safe, away from the backups. 'backup --encrypt' makes protected backups.\n")
	return nil
}

func keyPasswd(ctx context.Context, c *command, e *env, args []string) error {
	fs := newFlagSet(c.name)
	secret := addSecretFlags(fs)
	newFile := fs.String("new-password-file", "", "")
	if _, err := parseCommand(c, fs, e, args, 0, 0); err != nil {
		return err
	}
	f, s, err := openSettings(ctx, e)
	if err != nil {
		return err
	}
	defer f.Close()
	lock, err := s.Encryption.Lock()
	if err != nil {
		return err
	}
	if lock == nil {
		return fmt.Errorf("password protection is not on for %s; 'key init' turns it on", f.Root)
	}
	var key crypt.Key
	if secret.recoveryKey != "" {
		text, err := readRecoveryKey(secret.recoveryKey)
		if err != nil {
			return err
		}
		if key, err = crypt.ParseRecovery(text); err != nil {
			return err
		}
		if key.Public() != lock.Public {
			return fmt.Errorf("%w (it is the key %s; this data folder's key is %s). The password was not changed.", crypt.ErrWrongRecoveryKey, key.ID(), lock.ID())
		}
	} else {
		old, err := secret.password(e, "Current password: ")
		if err != nil {
			return err
		}
		if key, err = crypt.Unwrap(*lock, old); err != nil {
			if errors.Is(err, crypt.ErrWrongPassword) {
				return errors.New("That is not the current password. The password was not changed.")
			}
			return err
		}
	}
	pw, err := newPassword(e, *newFile, NewPasswordEnv, "New password: ")
	if err != nil {
		return err
	}
	next, err := crypt.Wrap(key, pw)
	if err != nil {
		return err
	}
	s.Encryption = settings.EncryptionOf(next)
	if err := settings.Save(f.Layout.Settings(), s); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "The password is changed (key %s).\n", next.ID())
	fmt.Fprintf(e.stdout, "Backups made from now on open with the new password. Backups made before open\nwith the password they were made with, or with the recovery key, which stays the same.\n")
	return nil
}

// newPassword is a new password from file, else the variable env, else
// typed twice on the terminal; it must pass crypt.CheckNewPassword.
func newPassword(e *env, file, env, prompt string) (string, error) {
	var pw string
	switch v, ok := os.LookupEnv(env); {
	case file != "":
		var err error
		if pw, err = readPasswordFile(file); err != nil {
			return "", err
		}
	case ok:
		pw = v
	default:
		var err error
		if pw, err = askPassword(e, prompt); errors.Is(err, errNoTerminal) {
			return "", fmt.Errorf("a new password is needed: set %s, or give the file flag, or run the command on a terminal to be asked for it", env)
		} else if err != nil {
			return "", err
		}
		if err := crypt.CheckNewPassword(pw); err != nil {
			return "", err
		}
		again, err := askPassword(e, "Type it again: ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", errors.New("the two passwords are not the same; nothing was changed")
		}
	}
	if err := crypt.CheckNewPassword(pw); err != nil {
		return "", fmt.Errorf("%w Nothing was changed.", err)
	}
	return pw, nil
}

// writeNew writes a new file (never over an existing one: it may be an older
// recovery key) readable by its owner only, synced.
func writeNew(name string, data []byte) error {
	if _, err := os.Lstat(name); err == nil {
		return fmt.Errorf("%s already exists; give a new file for the recovery key (an older one may be in it)", name)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("write the recovery key to %s: %w", name, err)
	}
	if err := durable.WriteFile(name, data, 0o600); err != nil {
		return fmt.Errorf("write the recovery key to %s: %w", name, err)
	}
	return nil
}

// openSettings opens the data folder, which holds the lock on it while the
// settings change, and loads its settings. A damaged settings file is an
// error here, not the defaults: saving over it would lose what it held.
func openSettings(ctx context.Context, e *env) (*folder.Folder, settings.Settings, error) {
	f, err := e.open(ctx, folder.Options{})
	if err != nil {
		return nil, settings.Settings{}, err
	}
	s, err := settings.Load(f.Layout.Settings())
	if err != nil {
		f.Close()
		return nil, settings.Settings{}, err
	}
	return f, s, nil
}

// settingsLock is the lock the data folder's settings encrypt backups to.
func settingsLock(l folder.Layout) (*crypt.Lock, error) {
	s, err := settings.Load(l.Settings())
	if err != nil {
		return nil, err
	}
	lock, err := s.Encryption.Lock()
	if err != nil {
		return nil, err
	}
	if lock == nil {
		return nil, fmt.Errorf("password protection is not on for %s, so the backup was not written: turn it on with 'key init --recovery-key-out FILE' (or in the app's settings)", l.Root)
	}
	return lock, nil
}
