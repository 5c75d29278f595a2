package swap

import (
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
)

// KillpointEnv names the environment variable of the fault-injection hook
// that the crash tests use, and only they. Unset (always, in the field), the
// hook does nothing. Set to N, the process announces every durable step on
// stderr as "mahall-killpoint <n> <step>" and kills itself (as SIGKILL would:
// no deferred code, no cleanup) at the Nth; N = 0 only announces, so a test
// can count the steps of a run first.
const KillpointEnv = "MAHALL_TEST_KILLPOINT"

var (
	killAt    = parseKillpoint()
	killCount atomic.Int64
)

func parseKillpoint() int64 {
	v, ok := os.LookupEnv(KillpointEnv)
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// Killpoint marks a step after which the data must be recoverable. Restore
// calls it at its phase boundaries too, so one counter covers the whole run.
func Killpoint(step string) {
	if killAt < 0 {
		return
	}
	n := killCount.Add(1)
	fmt.Fprintf(os.Stderr, "mahall-killpoint %d %s\n", n, step)
	if n == killAt {
		p, err := os.FindProcess(os.Getpid())
		if err == nil {
			p.Kill()
		}
		select {} // Kill does not return on success; never go on past the point
	}
}
