package schedule

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// fakeClock is a wall clock the test moves. The Runner sleeps on it with
// After; the test waits until the Runner is asleep again before it looks, so
// nothing depends on real time passing.
type fakeClock struct {
	mu       sync.Mutex
	cond     *sync.Cond
	now      time.Time
	sleepers []sleeper
	sleeps   int // After calls so far
}

type sleeper struct {
	until time.Time
	ch    chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	c := &fakeClock{now: now}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.sleepers = append(c.sleepers, sleeper{c.now.Add(d), ch})
	c.sleeps++
	c.cond.Broadcast()
	return ch
}

// set moves the clock to t (forward, or back as a user might) and wakes
// every sleeper whose time has come.
func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	kept := c.sleepers[:0]
	for _, s := range c.sleepers {
		if !s.until.After(t) {
			s.ch <- t
		} else {
			kept = append(kept, s)
		}
	}
	c.sleepers = kept
}

func (c *fakeClock) sleepCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sleeps
}

func (c *fakeClock) waitSleeps(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for c.sleeps < n {
		c.cond.Wait()
	}
}

// memStore keeps the Record in memory, as the app's file would.
type memStore struct {
	mu      sync.Mutex
	rec     Record
	loadErr error
	saves   int
}

func (s *memStore) Load() (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec, s.loadErr
}

func (s *memStore) Save(r Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rec = r
	s.saves++
	return nil
}

func (s *memStore) get() Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec
}

// harness runs a Runner's loop on a fake clock and records each backup's
// start time.
type harness struct {
	t      *testing.T
	clock  *fakeClock
	store  *memStore
	runner *Runner

	mu   sync.Mutex
	runs []time.Time
	fail error // what the next backups return
}

func newHarness(t *testing.T, s Schedule, now time.Time, rec Record) *harness {
	h := &harness{t: t, clock: newFakeClock(now), store: &memStore{rec: rec}}
	h.runner = NewRunner(s, h.clock, h.store, h.backup, nil)
	return h
}

func (h *harness) backup(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.runs = append(h.runs, h.clock.Now())
	return h.fail
}

func (h *harness) ran() []time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Time(nil), h.runs...)
}

// start runs the loop and waits until its first check is done.
func (h *harness) start() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- h.runner.Run(ctx) }()
	h.t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			h.t.Errorf("Run returned %v", err)
		}
	})
	h.clock.waitSleeps(1)
}

// jump sets the clock to t in one move (the computer slept, or the user
// changed the clock) and waits until the Runner has looked and is asleep.
func (h *harness) jump(t time.Time) {
	n := h.clock.sleepCount()
	h.clock.set(t)
	h.clock.waitSleeps(n + 1)
}

// advanceTo lets time pass minute by minute until t, the Runner checking at
// each one, as it does on a computer that stays awake.
func (h *harness) advanceTo(t time.Time) {
	for h.clock.Now().Before(t) {
		next := h.clock.Now().Add(CheckEvery)
		if next.After(t) {
			next = t
		}
		h.jump(next)
	}
}

func (h *harness) wantRuns(want ...time.Time) {
	h.t.Helper()
	got := h.ran()
	if len(got) != len(want) {
		h.t.Fatalf("backups ran at %v, want %v", got, want)
	}
	for i := range got {
		if !got[i].Equal(want[i]) {
			h.t.Fatalf("backups ran at %v, want %v", got, want)
		}
	}
}

var daily1430 = Schedule{Kind: Daily, At: "14:30"}

func TestRunnerADayPasses(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-01 08:00"),
		Record{LastRun: local(london, "2026-11-30 14:30").Add(20 * time.Second)})
	h.start()
	h.advanceTo(local(london, "2026-12-02 08:00"))
	h.wantRuns(local(london, "2026-12-01 14:30"))
	if rec := h.store.get(); !rec.LastRun.Equal(local(london, "2026-12-01 14:30")) ||
		!rec.NextDue.Equal(local(london, "2026-12-02 14:30")) {
		t.Errorf("stored %+v", rec)
	}
}

func TestRunnerSleepsThroughTheDueTime(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-01 08:00"),
		Record{LastRun: local(london, "2026-11-30 14:30")})
	h.start()
	h.advanceTo(local(london, "2026-12-01 14:00"))
	// The lid closes at 14:00 on the 1st and opens at 09:00 on the 3rd: two
	// slots missed, one backup on waking.
	h.jump(local(london, "2026-12-03 09:00"))
	h.wantRuns(local(london, "2026-12-03 09:00"))
	h.advanceTo(local(london, "2026-12-03 14:29"))
	h.wantRuns(local(london, "2026-12-03 09:00"))
	h.advanceTo(local(london, "2026-12-03 14:31"))
	h.wantRuns(local(london, "2026-12-03 09:00"), local(london, "2026-12-03 14:30"))
}

func TestRunnerEveryNHoursAfterSleep(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, Schedule{Kind: Interval, EveryHours: 6}, local(london, "2026-12-01 08:00"),
		Record{LastRun: local(london, "2026-12-01 07:00")})
	h.start()
	h.advanceTo(local(london, "2026-12-01 13:10"))
	h.jump(local(london, "2026-12-02 19:45")) // asleep for five slots
	h.advanceTo(local(london, "2026-12-03 02:00"))
	h.wantRuns(local(london, "2026-12-01 13:00"), local(london, "2026-12-02 19:45"), local(london, "2026-12-03 01:45"))
}

func TestRunnerAppStartsLate(t *testing.T) {
	london := zone(t, "Europe/London")
	// The app was closed before yesterday's slot; it starts at 10:00.
	h := newHarness(t, daily1430, local(london, "2026-12-02 10:00"),
		Record{LastRun: local(london, "2026-11-30 14:30"), NextDue: local(london, "2026-12-01 14:30")})
	h.start()
	h.wantRuns(local(london, "2026-12-02 10:00"))
	h.advanceTo(local(london, "2026-12-02 14:30"))
	h.wantRuns(local(london, "2026-12-02 10:00"), local(london, "2026-12-02 14:30"))

	// Never backed up at all: the first check backs up.
	first := newHarness(t, daily1430, local(london, "2026-12-02 10:00"), Record{})
	first.start()
	first.wantRuns(local(london, "2026-12-02 10:00"))
}

// A Record that cannot be read must not stop backups.
func TestRunnerUnreadableRecordBacksUpSoon(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-02 10:00"), Record{})
	h.store.loadErr = errors.New("unexpected end of JSON input")
	h.start()
	h.wantRuns(local(london, "2026-12-02 10:00"))
}

func TestRunnerDST(t *testing.T) {
	london := zone(t, "Europe/London")
	ny := zone(t, "America/New_York")
	for _, tc := range []struct {
		name       string
		loc        *time.Location
		at         string
		start, end string
		want       []time.Time
	}{
		{"London spring, 09:00", london, "09:00", "2027-03-27 08:00", "2027-03-29 10:00", []time.Time{
			time.Date(2027, 3, 27, 9, 0, 0, 0, time.UTC),
			time.Date(2027, 3, 28, 8, 0, 0, 0, time.UTC), // 09:00 BST, 23 hours on
			time.Date(2027, 3, 29, 8, 0, 0, 0, time.UTC),
		}},
		{"London spring, a skipped 01:30", london, "01:30", "2027-03-27 00:00", "2027-03-29 03:00", []time.Time{
			local(london, "2027-03-27 01:30"),
			time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC), // 02:30 BST: once, just after the jump
			local(london, "2027-03-29 01:30"),
		}},
		{"London autumn, a repeated 01:30", london, "01:30", "2027-10-30 00:00", "2027-11-01 03:00", []time.Time{
			local(london, "2027-10-30 01:30"),
			time.Date(2027, 10, 31, 1, 30, 0, 0, time.UTC), // 01:30 GMT, the second one: once
			local(london, "2027-11-01 01:30"),
		}},
		{"New York autumn, a repeated 01:30", ny, "01:30", "2027-11-06 00:00", "2027-11-08 03:00", []time.Time{
			local(ny, "2027-11-06 01:30"),
			time.Date(2027, 11, 7, 5, 30, 0, 0, time.UTC), // 01:30 EDT, the first one: once
			local(ny, "2027-11-08 01:30"),
		}},
		{"New York spring, 09:00", ny, "09:00", "2027-03-13 08:00", "2027-03-14 10:00", []time.Time{
			time.Date(2027, 3, 13, 14, 0, 0, 0, time.UTC),
			time.Date(2027, 3, 14, 13, 0, 0, 0, time.UTC),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := local(tc.loc, tc.start)
			h := newHarness(t, Schedule{Kind: Daily, At: tc.at}, start, Record{LastRun: start.Add(-12 * time.Hour)})
			h.start()
			h.advanceTo(local(tc.loc, tc.end))
			h.wantRuns(tc.want...)
		})
	}
}

func TestRunnerEveryHourAcrossDST(t *testing.T) {
	london := zone(t, "Europe/London")
	start := local(london, "2027-10-30 12:00")
	h := newHarness(t, Schedule{Kind: Interval, EveryHours: 1}, start, Record{LastRun: start})
	h.start()
	h.advanceTo(start.Add(25 * time.Hour)) // the 25-hour day passes
	runs := h.ran()
	if len(runs) != 25 {
		t.Fatalf("%d backups in 25 hours: %v", len(runs), runs)
	}
	for i := 1; i < len(runs); i++ {
		if d := runs[i].Sub(runs[i-1]); d != time.Hour {
			t.Fatalf("backups %d and %d are %s apart", i-1, i, d)
		}
	}
}

func TestRunnerRetriesAfterAFailure(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-01 14:00"), Record{LastRun: local(london, "2026-11-30 14:30")})
	h.fail = errors.New("the backup drive is not plugged in")
	h.start()
	h.advanceTo(local(london, "2026-12-01 15:29"))
	h.wantRuns(local(london, "2026-12-01 14:30"))
	rec := h.runner.Record()
	if rec.LastError != "the backup drive is not plugged in" || !rec.LastFailure.Equal(local(london, "2026-12-01 14:30")) ||
		!rec.LastRun.Equal(local(london, "2026-11-30 14:30")) || !rec.NextDue.Equal(local(london, "2026-12-01 15:30")) {
		t.Errorf("after a failure: %+v", rec)
	}
	h.mu.Lock()
	h.fail = nil
	h.mu.Unlock()
	h.advanceTo(local(london, "2026-12-01 16:00"))
	h.wantRuns(local(london, "2026-12-01 14:30"), local(london, "2026-12-01 15:30"))
	if rec := h.store.get(); rec.LastError != "" || !rec.LastRun.Equal(local(london, "2026-12-01 15:30")) {
		t.Errorf("after the retry succeeded: %+v", rec)
	}
}

func TestRunnerScheduleChange(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-01 09:00"), Record{LastRun: local(london, "2026-12-01 08:00")})
	h.start()
	h.runner.SetSchedule(Schedule{Kind: Interval, EveryHours: 2})
	h.advanceTo(local(london, "2026-12-01 10:30"))
	h.wantRuns(local(london, "2026-12-01 10:00"))
	h.runner.SetSchedule(Schedule{Kind: Off})
	h.advanceTo(local(london, "2026-12-02 10:30"))
	h.wantRuns(local(london, "2026-12-01 10:00"))
}

// The schedule's backup, a second Trigger (a button) and closing the app all
// at once: one backup runs, the others neither start a second nor fail.
func TestRunnerTwoTriggersAtOnce(t *testing.T) {
	for _, firstFails := range []bool{false, true} {
		london := zone(t, "Europe/London")
		clock := newFakeClock(local(london, "2026-12-01 14:29"))
		store := &memStore{rec: Record{LastRun: local(london, "2026-11-30 14:30")}}
		var (
			mu            sync.Mutex
			calls, active int
			maxActive     int
		)
		started := make(chan struct{}, 2)
		release := make(chan error)
		backup := func(ctx context.Context) error {
			mu.Lock()
			calls++
			active++
			maxActive = max(maxActive, active)
			mu.Unlock()
			started <- struct{}{}
			err := <-release
			mu.Lock()
			active--
			mu.Unlock()
			return err
		}
		r := NewRunner(daily1430, clock, store, backup, nil)
		ctx, cancel := context.WithCancel(context.Background())
		loop := make(chan error)
		go func() { loop <- r.Run(ctx) }()
		clock.waitSleeps(1)

		clock.set(local(london, "2026-12-01 14:30")) // the schedule's backup starts
		<-started
		if err := r.Trigger(ctx); !errors.Is(err, ErrBusy) {
			t.Fatalf("second Trigger: %v, want ErrBusy", err)
		}
		closed := make(chan bool)
		go func() {
			ran, err := r.OnClose(ctx)
			if err != nil && !firstFails {
				t.Errorf("OnClose: %v", err)
			}
			closed <- ran
		}()

		var firstErr error
		if firstFails {
			firstErr = errors.New("disk full")
		}
		release <- firstErr
		if firstFails {
			// The scheduled backup failed, so closing makes its own, after it.
			<-started
			release <- nil
		}
		ran := <-closed
		cancel()
		<-loop

		wantCalls := 1
		if firstFails {
			wantCalls = 2
		}
		if calls != wantCalls || maxActive != 1 || ran != firstFails {
			t.Errorf("first fails %v: %d backups (want %d), %d at once, on-close ran %v",
				firstFails, calls, wantCalls, maxActive, ran)
		}
	}
}

// Closing the app cancels a running backup: that is not a failure to alert
// about, and the backup stays due.
func TestRunnerCancelledBackupStaysDue(t *testing.T) {
	london := zone(t, "Europe/London")
	now := local(london, "2026-12-01 14:30")
	h := newHarness(t, daily1430, now, Record{LastRun: local(london, "2026-11-30 14:30"), NextDue: now})
	ctx, cancel := context.WithCancel(context.Background())
	h.runner.backup = func(ctx context.Context) error { cancel(); return ctx.Err() }
	if err := h.runner.Trigger(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Trigger: %v", err)
	}
	if rec := h.runner.Record(); rec.LastError != "" || !rec.NextDue.Equal(now) {
		t.Errorf("after a cancelled backup: %+v", rec)
	}
}

func TestRunnerOnCloseThrottle(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-01 17:00"), Record{LastRun: local(london, "2026-12-01 16:40")})
	if ran, err := h.runner.OnClose(context.Background()); ran || err != nil {
		t.Fatalf("20 minutes after a backup: ran %v, %v", ran, err)
	}
	h.clock.set(local(london, "2026-12-01 17:10"))
	if ran, err := h.runner.OnClose(context.Background()); !ran || err != nil {
		t.Fatalf("30 minutes after a backup: ran %v, %v", ran, err)
	}
	h.wantRuns(local(london, "2026-12-01 17:10"))
}

// A backup that panics must not leave the Runner believing one is running.
func TestRunnerRecoversFromAPanickingBackup(t *testing.T) {
	london := zone(t, "Europe/London")
	h := newHarness(t, daily1430, local(london, "2026-12-01 14:30"), Record{})
	h.runner.backup = func(context.Context) error { panic("bug in the backup") }
	func() {
		defer func() { _ = recover() }()
		_ = h.runner.Trigger(context.Background())
	}()
	h.runner.backup = h.backup
	if err := h.runner.Trigger(context.Background()); err != nil {
		t.Fatalf("Trigger after a panic: %v", err)
	}
	h.wantRuns(local(london, "2026-12-01 14:30"))
}
