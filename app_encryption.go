package main

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"mahall/backend/crypt"
	"mahall/backend/durable"
	"mahall/backend/notice"
	"mahall/backend/settings"
	"mahall/backend/uierr"
)

// Password protection of backups (issue 13): the settings page turns it on
// (password twice, the recovery page, "I have kept it"), changes the
// password or turns it off; a chosen backup that is encrypted asks for its
// password before the preview. The work is in backend/crypt and
// backend/settings; these methods only hold what is between two calls.

// EncryptionStatus is what the settings page shows.
type EncryptionStatus struct {
	On    bool   `json:"on"`
	KeyID string `json:"keyId"` // the short name of the backup key, "" when off
}

// RecoverySheet is the recovery page: shown once, to print or save, before
// protection is turned on.
type RecoverySheet struct {
	KeyID       string `json:"keyId"`
	RecoveryKey string `json:"recoveryKey"` // the AGE-SECRET-KEY-1... line
	File        string `json:"file"`        // the whole recovery key file, as SaveRecoveryKey writes it
}

var (
	// errPasswordsDiffer: the two typings of a new password differ.
	errPasswordsDiffer = uierr.New(uierr.Failed, "The two passwords are not the same. Type the same password twice.")
	// errNotCurrentPassword: the current password given to change it is wrong.
	errNotCurrentPassword = uierr.New(uierr.WrongPassword, "That is not the current password. Nothing was changed.")
	// errNothingPending: ConfirmEncryption without PrepareEncryption first.
	errNothingPending = uierr.New(uierr.Failed, "Start again: type the password twice, then keep the recovery key.")
)

// keys is what the App holds of encryption between calls.
type keys struct {
	mu sync.Mutex
	// pending is the key made by PrepareEncryption, not yet in the settings.
	pending *pendingKey
	// unlocked is the key of the backup last opened with a password, so the
	// restore after its preview does not ask again (nor pay scrypt again).
	unlockedPath string
	unlocked     *crypt.Key
}

type pendingKey struct {
	key  crypt.Key
	lock crypt.Lock
}

// JudgePassword is the strength hint shown while a new password is typed.
func (a *App) JudgePassword(password string) crypt.Strength { return crypt.JudgePassword(password) }

// EncryptionStatus says whether backups are protected with a password.
func (a *App) EncryptionStatus() (EncryptionStatus, error) {
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		return EncryptionStatus{}, err
	}
	return statusOf(s)
}

func statusOf(s settings.Settings) (EncryptionStatus, error) {
	lock, err := s.Encryption.Lock()
	if err != nil || lock == nil {
		return EncryptionStatus{}, err
	}
	return EncryptionStatus{On: true, KeyID: lock.ID()}, nil
}

// PrepareEncryption makes a backup key locked with password and returns its
// recovery page. Nothing is saved until ConfirmEncryption: protection is on
// only once the person says they kept the recovery key.
func (a *App) PrepareEncryption(password, again string) (RecoverySheet, error) {
	if password != again {
		return RecoverySheet{}, errPasswordsDiffer
	}
	if err := crypt.CheckNewPassword(password); err != nil {
		return RecoverySheet{}, uierr.New(uierr.Failed, err.Error())
	}
	key, recovery := crypt.NewKey()
	lock, err := crypt.Wrap(key, password)
	if err != nil {
		return RecoverySheet{}, err
	}
	a.keys.mu.Lock()
	a.keys.pending = &pendingKey{key: key, lock: lock}
	a.keys.mu.Unlock()
	return RecoverySheet{KeyID: key.ID(), RecoveryKey: recovery, File: string(crypt.RecoveryFile(key))}, nil
}

// SaveRecoveryKey writes the pending recovery key to a file the person
// chooses (a USB stick, say); "" when the dialog was cancelled. title is the
// dialog's, in the window's language.
func (a *App) SaveRecoveryKey(title string) (string, error) {
	a.keys.mu.Lock()
	p := a.keys.pending
	a.keys.mu.Unlock()
	if p == nil {
		return "", errNothingPending
	}
	path, err := a.rt.SaveFile(orDefault(title, "Save the recovery key"), "mahall-recovery-key-"+p.key.ID()+".txt")
	if err != nil || path == "" {
		return "", err
	}
	if err := durable.WriteFile(path, crypt.RecoveryFile(p.key), 0o600); err != nil {
		return "", fmt.Errorf("the recovery key was not saved to %s: %w", path, err)
	}
	return path, nil
}

// ConfirmEncryption turns protection on with the key PrepareEncryption made,
// after the person confirmed they kept its recovery key.
func (a *App) ConfirmEncryption() (EncryptionStatus, error) {
	a.keys.mu.Lock()
	defer a.keys.mu.Unlock()
	if a.keys.pending == nil {
		return EncryptionStatus{}, errNothingPending
	}
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		return EncryptionStatus{}, err
	}
	s.Encryption = settings.EncryptionOf(a.keys.pending.lock)
	if err := settings.Save(a.layout.Settings(), s); err != nil {
		return EncryptionStatus{}, err
	}
	a.keys.pending = nil
	return statusOf(s)
}

// ChangePassword re-wraps the backup key: backups made from now on open with
// the new password, those made before with the old one or the recovery key.
func (a *App) ChangePassword(current, password, again string) (EncryptionStatus, error) {
	if password != again {
		return EncryptionStatus{}, errPasswordsDiffer
	}
	if err := crypt.CheckNewPassword(password); err != nil {
		return EncryptionStatus{}, uierr.New(uierr.Failed, err.Error())
	}
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		return EncryptionStatus{}, err
	}
	lock, err := s.Encryption.Lock()
	if err != nil {
		return EncryptionStatus{}, err
	}
	if lock == nil {
		return EncryptionStatus{}, uierr.New(uierr.Failed, "Password protection is off, so there is no password to change.")
	}
	next, err := crypt.Rewrap(*lock, current, password)
	if errors.Is(err, crypt.ErrWrongPassword) {
		return EncryptionStatus{}, errNotCurrentPassword
	}
	if err != nil {
		return EncryptionStatus{}, err
	}
	s.Encryption = settings.EncryptionOf(next)
	if err := settings.Save(a.layout.Settings(), s); err != nil {
		return EncryptionStatus{}, err
	}
	return statusOf(s)
}

// TurnOffEncryption makes new backups plain again. Encrypted backups made
// before still open with their password or the recovery key.
func (a *App) TurnOffEncryption() (EncryptionStatus, error) {
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		return EncryptionStatus{}, err
	}
	s.Encryption = settings.Encryption{}
	if err := settings.Save(a.layout.Settings(), s); err != nil {
		return EncryptionStatus{}, err
	}
	return EncryptionStatus{}, nil
}

// unlock opens the key of the encrypted backup at path with secret, a
// password or a recovery key (told apart by its AGE-SECRET-KEY-1 start, so
// one field takes either), and remembers it for the restore. An empty
// secret uses the key remembered for path, if any.
func (a *App) unlock(path, secret string) (*crypt.Key, error) {
	a.keys.mu.Lock()
	defer a.keys.mu.Unlock()
	if secret == "" {
		if a.keys.unlockedPath == path && a.keys.unlocked != nil {
			return a.keys.unlocked, nil
		}
		return nil, nil
	}
	if enc, _ := crypt.IsEncrypted(path); !enc {
		return nil, nil // a plain backup needs no password; Inspect reads it
	}
	var k crypt.Key
	var err error
	if looksLikeRecoveryKey(secret) {
		k, err = crypt.UnlockRecovery(path, secret)
	} else {
		k, err = crypt.Unlock(path, secret)
	}
	if err != nil {
		return nil, err
	}
	a.keys.unlockedPath, a.keys.unlocked = path, &k
	return &k, nil
}

func looksLikeRecoveryKey(s string) bool {
	compact := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	return strings.HasPrefix(compact, "AGE-SECRET-KEY-1")
}

// backupLock is the lock new backups are encrypted to, from the settings; nil
// when protection is off. A settings file that cannot be read must not stop
// a backup: it is then plain, and warning says so, for the person to see.
func (a *App) backupLock() (lock *crypt.Lock, warning *notice.Notice) {
	s, err := settings.Load(a.layout.Settings())
	if err == nil {
		lock, err = s.Encryption.Lock()
	}
	if err != nil {
		a.log.Warn("settings", "err", err)
		n := notice.Unprotected(err)
		return nil, &n
	}
	return lock, nil
}
