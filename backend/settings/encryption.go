package settings

import (
	"encoding/base64"
	"errors"
	"fmt"

	"mahall/backend/crypt"
)

// On reports whether backups are to be encrypted.
func (e Encryption) On() bool { return e.PublicKey != "" || e.WrappedSecretKey != "" }

// Lock is the backup key new backups are encrypted to (backup.Options.Lock),
// nil when encryption is off. The wrapped key is an age file, binary, so the
// settings keep it in base64.
func (e Encryption) Lock() (*crypt.Lock, error) {
	if !e.On() {
		return nil, nil
	}
	if e.PublicKey == "" || e.WrappedSecretKey == "" {
		return nil, errors.New("password protection is half set up (the backup key or its password lock is missing): turn it on again in the app, or with 'mahall_backup_restore key init'")
	}
	wrapped, err := base64.StdEncoding.DecodeString(e.WrappedSecretKey)
	if err != nil {
		return nil, fmt.Errorf("password protection's locked backup key is damaged (%v): turn it on again in the app, or with 'mahall_backup_restore key init'", err)
	}
	return &crypt.Lock{Public: e.PublicKey, Wrapped: wrapped}, nil
}

// EncryptionOf is what the settings keep of l.
func EncryptionOf(l crypt.Lock) Encryption {
	return Encryption{PublicKey: l.Public, WrappedSecretKey: base64.StdEncoding.EncodeToString(l.Wrapped)}
}
