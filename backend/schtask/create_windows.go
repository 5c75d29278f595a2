//go:build windows

package schtask

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Create makes or replaces the task with schtasks /Create /XML.
func Create(ctx context.Context, t Task) error {
	data, err := t.XML()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "mahall-task-*")
	if err != nil {
		return fmt.Errorf("make the scheduled task: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "task.xml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return fmt.Errorf("make the scheduled task: %w", err)
	}
	return run(ctx, "/Create", "/TN", Name, "/XML", path, "/F")
}

// Remove deletes the task; a task that is not there is not an error.
func Remove(ctx context.Context) error {
	if err := run(ctx, "/Query", "/TN", Name); err != nil {
		return nil
	}
	return run(ctx, "/Delete", "/TN", Name, "/F")
}

func run(ctx context.Context, args ...string) error {
	out, err := exec.CommandContext(ctx, "schtasks", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("the Windows scheduled task could not be changed (schtasks %s: %v: %s)", args[0], err, strings.TrimSpace(string(out)))
	}
	return nil
}
