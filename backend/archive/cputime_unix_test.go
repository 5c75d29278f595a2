//go:build unix

package archive_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system time so far: on a shared
// machine it shows what an overlap costs even when wall time is noise.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
