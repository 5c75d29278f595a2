// Package memlimit bounds the programs' memory (issue 17: peak memory under
// 100 MB at every size), behind the real savings (a compact media listing,
// the preview from the manifest, the manifest written a file at a time).
//
// Why at all: the Go collector lets the heap grow to twice what is live
// before it collects (GOGC=100). On L (64,000 photos) what is live at the
// peak is the ZIP's central directory as archive/zip holds it (about 20 MB),
// the manifest and its checks, and during a restore the safety backup's
// listing and directory beside the backup being read: 45 to 70 MB, so the
// heap reached 90 to 140 MB, plus about 20 MB of program code.
//
// Why a growth rate and not a limit (debug.SetMemoryLimit): a limit is
// fixed, and the largest live heap is not. A restore of L holds 65 to 73 MB
// while its safety backup runs, and under a 64 or 72 MiB limit the collector
// ran back to back (1,800 collections; 94 s of user CPU instead of 25 s,
// GODEBUG=gctrace=1, one run each, load about 20). A growth rate keeps the
// heap in proportion to what is live and never spins.
package memlimit

import (
	"os"
	"runtime/debug"
)

// GrowthPercent is how far the heap may grow past what is live before the
// collector runs (GOGC's meaning). At 40 instead of 100 a heap of 70 MB live
// peaks near 100 MB instead of 140 MB; the collector then runs more often,
// at no cost that shows: a restore of L took 21.9 s of user CPU and 49
// collections (peak RSS 151 MB), against 24.5 s at GOGC 100 (233 MB), one
// run each under load, the latter before the manifest was streamed.
const GrowthPercent = 40

// Set applies GrowthPercent, unless GOGC is set in the environment: the
// runtime has applied that one, and whoever set it meant it.
func Set() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(GrowthPercent)
	}
}
