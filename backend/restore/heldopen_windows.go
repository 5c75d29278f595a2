package restore

import (
	"path/filepath"
	"strings"

	"golang.org/x/sys/windows"
)

// Windows refuses to rename a file another program holds open without FILE_SHARE_DELETE, as
// SQLite and photo viewers open them.
const renameFailsWhileOpen = true

var errSharing error = windows.ERROR_SHARING_VIOLATION

// probeHeldOpen opens the file for deletion (what a rename needs) sharing nothing, which
// Windows refuses with ERROR_SHARING_VIOLATION while any other program has it open, whatever
// sharing that program allowed: stricter than a rename, so a file it passes can be moved.
func probeHeldOpen(path string) error {
	p, err := windows.UTF16PtrFromString(extendedPath(path))
	if err != nil {
		return err
	}
	h, err := windows.CreateFile(p, windows.DELETE, 0, nil, windows.OPEN_EXISTING,
		windows.FILE_FLAG_BACKUP_SEMANTICS|windows.FILE_FLAG_OPEN_REPARSE_POINT, 0)
	if err != nil {
		return err // ERROR_FILE_NOT_FOUND and ERROR_PATH_NOT_FOUND are fs.ErrNotExist
	}
	return windows.CloseHandle(h)
}

// extendedPath gives a long absolute path the \\?\ form, which Windows calls need beyond
// MAX_PATH (260) where long paths are not switched on. Package os does this itself; direct
// calls into the system must too. Like os, only from 248 characters (a folder's limit), so
// every shorter path reaches the system exactly as before.
func extendedPath(path string) string {
	if len(path) < 248 || strings.HasPrefix(path, `\\?\`) || !filepath.IsAbs(path) {
		return path
	}
	path = filepath.Clean(path)
	if strings.HasPrefix(path, `\\`) { // \\server\share\...
		return `\\?\UNC\` + path[2:]
	}
	return `\\?\` + path
}
