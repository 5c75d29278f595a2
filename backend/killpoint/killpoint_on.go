//go:build killpoints

// The crash tests' build (-tags killpoints): a process announces every
// durable step and can be made to die at the Nth, as SIGKILL would (no
// deferred code, no cleanup).

package killpoint

import (
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
)

// Env names the environment variable of the hook, which the crash tests set,
// and only they. Unset (always, in the field), the hook does nothing. Set to
// N, the process announces every durable step on stderr as
// "mahall-killpoint <n> <step>" and kills itself at the Nth; N = 0 only
// announces, so a test can count the steps of a run first.
const Env = "MAHALL_TEST_KILLPOINT"

// Enabled: this is the crash tests' build.
const Enabled = true

var (
	killAt    = parse()
	killCount atomic.Int64
)

func parse() int64 {
	v, ok := os.LookupEnv(Env)
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// At marks a step after which the data must be recoverable. The swap and
// the restore's phase boundaries call it, so one counter covers a whole run.
func At(step string) {
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
