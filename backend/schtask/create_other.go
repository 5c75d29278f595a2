//go:build !windows

package schtask

import (
	"context"
	"errors"
)

// Create exists on Windows only; elsewhere the app's own schedule (and the
// user's cron, with backup --auto) is what runs backups.
func Create(context.Context, Task) error { return errors.ErrUnsupported }

// Remove exists on Windows only.
func Remove(context.Context) error { return errors.ErrUnsupported }
