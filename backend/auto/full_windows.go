//go:build windows

package auto

import (
	"errors"

	"golang.org/x/sys/windows"
)

// Windows says ERROR_DISK_FULL or ERROR_HANDLE_DISK_FULL, which errors.Is
// does not match to ENOSPC.
func isPlatformFull(err error) bool {
	return errors.Is(err, windows.ERROR_DISK_FULL) || errors.Is(err, windows.ERROR_HANDLE_DISK_FULL)
}
