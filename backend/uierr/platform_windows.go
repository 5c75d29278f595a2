package uierr

import "golang.org/x/sys/windows"

// Windows tells a full disk and a file another program holds open with its
// own error numbers, which errors.Is does not match to syscall.ENOSPC.
var platformCauses = []cause{
	{windows.ERROR_DISK_FULL, NoSpace},
	{windows.ERROR_HANDLE_DISK_FULL, NoSpace},
	{windows.ERROR_SHARING_VIOLATION, InUse},
	{windows.ERROR_LOCK_VIOLATION, InUse},
}
