package uierr

import (
	"fmt"
	"os"
	"testing"

	"golang.org/x/sys/windows"
)

func TestWindowsErrorsHaveTheirCode(t *testing.T) {
	for errno, want := range map[windows.Errno]Code{
		windows.ERROR_DISK_FULL:         NoSpace,
		windows.ERROR_HANDLE_DISK_FULL:  NoSpace,
		windows.ERROR_SHARING_VIOLATION: InUse,
	} {
		err := fmt.Errorf("write backup: %w", &os.PathError{Op: "write", Path: `D:\b.zip`, Err: errno})
		if got := CodeOf(err); got != want {
			t.Errorf("%v: code %q, want %q", errno, got, want)
		}
	}
}
