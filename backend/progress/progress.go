// Package progress holds the one progress type that every long operation
// reports through, for the CLI's bar and the desktop app's events alike.
package progress

import (
	"sync"
	"time"
)

// Phases, in the order an operation usually passes through them.
const (
	PhaseScan     = "scan"     // listing the media folder
	PhaseSnapshot = "snapshot" // copying the live database with SQLite's backup API
	PhaseArchive  = "archive"  // writing entries into the ZIP
	PhaseSync     = "sync"     // flushing the new file to disk
	PhaseValidate = "validate" // checking an archive before anything is touched
	PhaseVerify   = "verify"   // reading every entry and comparing checksums
	PhaseExtract  = "extract"  // writing entries into the staging folder
	PhaseSafety   = "safety"   // the pre-restore safety backup
	PhaseSwap     = "swap"     // renaming staged data into place
	PhaseInstall  = "install"  // first-run set-up
	PhaseCopy     = "copy"     // copying a finished backup to another destination
	PhaseDone     = "done"
)

// Update is one report of how far an operation has got. The JSON names are
// the payload the desktop app's events carry; the frontend mirrors them.
type Update struct {
	Phase      string `json:"phase"`
	BytesDone  int64  `json:"bytesDone"`
	BytesTotal int64  `json:"bytesTotal"`
	FilesDone  int    `json:"filesDone"`
	FilesTotal int    `json:"filesTotal"`
	Current    string `json:"current"`
}

// Func receives updates. It is called from the goroutine doing the work and
// must return quickly.
type Func func(Update)

// Nop discards updates.
func Nop(Update) {}

// OrNop returns f, or Nop when f is nil, so callers need not check.
func OrNop(f Func) Func {
	if f == nil {
		return Nop
	}
	return f
}

// Throttle forwards at most one update per interval to f, except that a
// change of phase is always forwarded at once (so the user sees every phase)
// and Flush sends the latest update that was held back.
type Throttle struct {
	f        Func
	interval time.Duration

	mu      sync.Mutex
	last    time.Time
	phase   string
	pending *Update
}

// NewThrottle wraps f; the desktop app uses about ten updates a second.
func NewThrottle(f Func, interval time.Duration) *Throttle {
	return &Throttle{f: OrNop(f), interval: interval}
}

// Report is the throttled Func.
func (t *Throttle) Report(u Update) {
	t.mu.Lock()
	now := time.Now()
	if u.Phase == t.phase && now.Sub(t.last) < t.interval {
		t.pending = &u
		t.mu.Unlock()
		return
	}
	t.phase, t.last, t.pending = u.Phase, now, nil
	t.mu.Unlock()
	t.f(u)
}

// Flush forwards the update held back last, if any.
func (t *Throttle) Flush() {
	t.mu.Lock()
	p := t.pending
	t.pending = nil
	t.mu.Unlock()
	if p != nil {
		t.f(*p)
	}
}
