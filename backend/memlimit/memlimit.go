// Package memlimit is the last guard on the programs' memory (issue 17: peak
// memory under 100 MB at every size), behind the real savings (a compact
// media listing, the preview from the manifest, no copied lists).
//
// Why a limit at all: the Go collector lets the heap grow to twice what is
// live before it collects (GOGC=100). On L (64,000 photos) what is live at
// the peak is the ZIP's central directory as archive/zip holds it (about
// 20 MB), the manifest and its checks, and a restore's safety-backup
// listing: 45 to 65 MB, so the heap reached 90 to 130 MB and the process 160
// to 240 MB. A soft limit makes the collector run sooner only when the heap
// nears it; below it (S, M) nothing changes.
package memlimit

import (
	"os"
	"runtime/debug"
)

// Limit is the soft limit on the Go runtime's memory. The rest of a
// process is mostly its code, about 20 MB resident (smaps of a verify of L).
// It must stay well above the largest live heap, or the collector runs back
// to back: at 64 MiB a restore of L (65 MB live while its safety backup
// runs) took 94 s of user CPU instead of 25 s (GODEBUG=gctrace=1, one run
// each, load about 20).
const Limit = 72 << 20

// Set applies Limit, unless GOMEMLIMIT is set in the environment: the
// runtime has applied that one, and whoever set it meant it.
func Set() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(Limit)
	}
}
