//go:build windows

package restore

import (
	"fmt"

	"golang.org/x/sys/windows"
)

func diskFree(dir string) (uint64, error) {
	p, err := windows.UTF16PtrFromString(extendedPath(dir))
	if err != nil {
		return 0, err
	}
	var avail, total, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &free); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return avail, nil
}
