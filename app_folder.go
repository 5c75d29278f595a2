package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// ShowInFolder opens the file manager on the folder that holds path (a
// backup just written), with the file selected where the system can do that.
func (a *App) ShowInFolder(path string) error {
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("show %s in its folder: %w", path, err)
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		// explorer's own syntax: one argument "/select,<path>".
		cmd = exec.Command("explorer.exe", "/select,"+path)
	case "darwin":
		cmd = exec.Command("open", "-R", path)
	default:
		cmd = exec.Command("xdg-open", filepath.Dir(path))
	}
	// The file manager keeps running; only a failure to start it is an error.
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open the folder %s: %w", filepath.Dir(path), err)
	}
	go cmd.Wait()
	return nil
}
