package progress

import (
	"testing"
	"time"
)

func TestThrottleForwardsPhaseChangesAndFlushesTheLast(t *testing.T) {
	var got []Update
	th := NewThrottle(func(u Update) { got = append(got, u) }, time.Hour)

	th.Report(Update{Phase: PhaseArchive, BytesDone: 1})
	for i := int64(2); i <= 100; i++ {
		th.Report(Update{Phase: PhaseArchive, BytesDone: i})
	}
	th.Report(Update{Phase: PhaseSync, BytesDone: 100})
	th.Report(Update{Phase: PhaseSync, BytesDone: 200})
	th.Flush()
	th.Flush() // nothing left: must not repeat

	want := []Update{
		{Phase: PhaseArchive, BytesDone: 1},
		{Phase: PhaseSync, BytesDone: 100},
		{Phase: PhaseSync, BytesDone: 200},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d updates %+v, want %+v", len(got), got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("update %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestThrottleForwardsAfterTheInterval(t *testing.T) {
	var n int
	th := NewThrottle(func(Update) { n++ }, time.Nanosecond)
	for i := 0; i < 3; i++ {
		time.Sleep(time.Millisecond)
		th.Report(Update{Phase: PhaseExtract, FilesDone: i})
	}
	if n != 3 {
		t.Fatalf("forwarded %d of 3 updates spaced beyond the interval", n)
	}
}

func TestOrNop(t *testing.T) {
	OrNop(nil)(Update{}) // must not panic
	called := false
	OrNop(func(Update) { called = true })(Update{})
	if !called {
		t.Fatal("OrNop replaced a non-nil func")
	}
}
