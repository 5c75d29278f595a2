package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// Clock is the wall clock the Runner reads and sleeps on; tests pass a fake.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock, in the computer's time zone.
type SystemClock struct{}

func (SystemClock) Now() time.Time                         { return time.Now() }
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Store keeps the Record between runs of the app (a small file in the data
// folder, written atomically). Load returns the zero Record when there is none.
type Store interface {
	Load() (Record, error)
	Save(Record) error
}

// CheckEvery is how often the Runner looks at the clock. Often, because the
// clock is what matters, not the time the Runner slept: a computer that wakes
// from sleep runs the missed backup within a minute.
const CheckEvery = time.Minute

// Runner runs automatic backups when they are due, one at a time.
//
// Due times compare wall-clock readings only (Round(0)): Go's monotonic clock
// stops while a laptop sleeps, and a backup due during the sleep must run on
// waking, not a sleep's length later.
type Runner struct {
	clock  Clock
	store  Store
	backup func(context.Context) error
	log    *slog.Logger

	mu       sync.Mutex
	sched    Schedule
	rec      Record
	loaded   bool
	running  bool
	finished chan struct{} // closed when the running backup ends
}

// NewRunner makes a Runner that calls backup when s says one is due. log may
// be nil.
func NewRunner(s Schedule, clock Clock, store Store, backup func(context.Context) error, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{clock: clock, store: store, backup: backup, log: log, sched: s}
}

// SetSchedule changes the schedule (the user changed the settings); the next
// due time is worked out again from the last run.
func (r *Runner) SetSchedule(s Schedule) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.loadState()
	r.sched = s
	r.rec.NextDue = time.Time{}
}

// Record is the schedule's current state: the last run, the next due time,
// the last failure.
func (r *Runner) Record() Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.loadState()
	rec := r.rec
	rec.NextDue = Next(r.sched, rec, r.clock.Now())
	return rec
}

// Run checks every CheckEvery until ctx ends, and runs a backup when one is
// due. It returns ctx's error.
func (r *Runner) Run(ctx context.Context) error {
	for {
		r.tick(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-r.clock.After(CheckEvery):
		}
	}
}

func (r *Runner) tick(ctx context.Context) {
	if ctx.Err() != nil {
		return
	}
	r.mu.Lock()
	r.loadState()
	next := Next(r.sched, r.rec, r.clock.Now())
	if !next.Equal(r.rec.NextDue) {
		// Persist what was worked out, so a restart (or a clock set back)
		// keeps the same due time.
		r.rec.NextDue = next
		r.saveState()
	}
	due := !next.IsZero() && !r.clock.Now().Round(0).Before(next)
	r.mu.Unlock()
	if due {
		if err := r.Trigger(ctx); err != nil && !errors.Is(err, ErrBusy) {
			r.log.Warn("automatic backup failed", "err", err)
		}
	}
}

// Trigger runs a backup now, due or not, and records it like a scheduled
// one. It returns ErrBusy at once when a backup is running.
func (r *Runner) Trigger(ctx context.Context) error {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return ErrBusy
	}
	r.running = true
	r.finished = make(chan struct{})
	r.loadState()
	r.mu.Unlock()
	defer func() {
		// Even if backup panics: a Runner stuck "running" would never back
		// up again.
		r.mu.Lock()
		r.running = false
		close(r.finished)
		r.mu.Unlock()
	}()

	err := r.backup(ctx)

	r.mu.Lock()
	defer r.mu.Unlock()
	if ctx.Err() == nil || err == nil {
		// A backup cancelled because the app is closing is not a failure to
		// alert about; it stays due and runs soon after the next start.
		r.rec = Finished(r.sched, r.rec, r.clock.Now(), err)
		r.saveState()
	}
	return err
}

// OnClose makes the on-close backup unless one finished less than
// CloseThrottle ago. A backup already running is waited for, not doubled;
// if it fails, the on-close backup runs after it. Cancelling ctx (the user
// insists on closing) stops the wait or the backup.
func (r *Runner) OnClose(ctx context.Context) (ran bool, err error) {
	for {
		r.mu.Lock()
		r.loadState()
		running, finished, last := r.running, r.finished, r.rec.LastRun
		r.mu.Unlock()
		if running {
			select {
			case <-finished:
				continue
			case <-ctx.Done():
				return false, ctx.Err()
			}
		}
		if !OnCloseDue(last, r.clock.Now()) {
			return false, nil
		}
		err := r.Trigger(ctx)
		if errors.Is(err, ErrBusy) {
			continue // the schedule started one just now: wait for it
		}
		return true, err
	}
}

// loadState reads the Record once. A Record that cannot be read is started
// afresh: the backup then runs soon, which is the safe side.
func (r *Runner) loadState() {
	if r.loaded {
		return
	}
	r.loaded = true
	rec, err := r.store.Load()
	if err != nil {
		r.log.Warn("schedule state unreadable; starting afresh", "err", err)
		return
	}
	r.rec = rec
}

func (r *Runner) saveState() {
	if err := r.store.Save(r.rec); err != nil {
		r.log.Warn("schedule state not saved", "err", fmt.Errorf("save schedule state: %w", err))
	}
}
