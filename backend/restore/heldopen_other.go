//go:build !windows

package restore

import "errors"

// Renaming a file another program has open works on Unix: that program keeps the old file.
const renameFailsWhileOpen = false

var errSharing = errors.New("sharing violation")

func probeHeldOpen(string) error { return nil }
