//go:build windows

package destination

import (
	"fmt"
	"strings"

	"golang.org/x/sys/windows"
)

// disk is the volume holding p, which exists: its volume GUID name when Windows has one
// (so two drive letters or a mounted folder on one volume count as one
// disk), else its volume path (a network share's \\server\share\).
func disk(p string) (string, error) {
	name, err := windows.UTF16PtrFromString(p)
	if err != nil {
		return "", fmt.Errorf("find the disk of %s: %w", p, err)
	}
	buf := make([]uint16, windows.MAX_LONG_PATH)
	if err := windows.GetVolumePathName(name, &buf[0], uint32(len(buf))); err != nil {
		return "", fmt.Errorf("find the disk of %s: %w", p, err)
	}
	mount := windows.UTF16ToString(buf)
	guid := make([]uint16, 64)
	if err := windows.GetVolumeNameForVolumeMountPoint(&buf[0], &guid[0], uint32(len(guid))); err == nil {
		return strings.ToLower(windows.UTF16ToString(guid)), nil
	}
	return strings.ToLower(mount), nil
}
