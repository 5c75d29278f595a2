// Package secret keeps a small blob (the cloud copy's account keys and
// repository password) protected at rest, so the app can connect without
// asking each time. On Windows the blob is sealed with DPAPI for the current
// user; elsewhere it is a file only its owner can read (0600). It is never
// kept in the register database or in a backup: callers put the file outside
// what a backup copies.
package secret

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"mahall/backend/durable"
)

// ErrNotFound means nothing has been saved under that name yet.
var ErrNotFound = errors.New("no saved secret")

// Save protects data and writes it to path atomically (the old secret or the
// new one, never a part), creating the folder (0700) if needed.
func Save(path string, data []byte) error {
	sealed, err := protect(data)
	if err != nil {
		return fmt.Errorf("protect secret for %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("save secret: %w", err)
	}
	return durable.WriteFile(path, sealed, 0o600)
}

// Load reads and unprotects what Save wrote. It returns ErrNotFound when the
// file does not exist.
func Load(path string) ([]byte, error) {
	sealed, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNotFound, path)
	}
	if err != nil {
		return nil, fmt.Errorf("load secret: %w", err)
	}
	data, err := unprotect(sealed)
	if err != nil {
		return nil, fmt.Errorf("unprotect secret %s (was it saved by another Windows user or computer?): %w", path, err)
	}
	return data, nil
}

// Delete removes a saved secret; a missing one is not an error.
func Delete(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete secret: %w", err)
	}
	return nil
}
