//go:build !windows

package destination

import (
	"fmt"
	"os"
	"syscall"
)

// disk is the device number of the file system holding p, which exists.
func disk(p string) (string, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("find the disk of %s: %w", p, err)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return "", fmt.Errorf("find the disk of %s: no device number", p)
	}
	return fmt.Sprint(uint64(st.Dev)), nil
}
