package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestMedianOddAndEven(t *testing.T) {
	s := func(secs ...int) []sample {
		var out []sample
		for _, x := range secs {
			out = append(out, sample{Wall: time.Duration(x) * time.Second})
		}
		return out
	}
	wall := func(x sample) time.Duration { return x.Wall }
	if got := medianDur(s(5, 1, 3), wall); got != 3*time.Second {
		t.Errorf("median of 5,1,3 = %v, want 3s", got)
	}
	if got := medianDur(s(4, 1, 3, 10), wall); got != 3500*time.Millisecond {
		t.Errorf("median of 4,1,3,10 = %v, want 3.5s", got)
	}
}

// The baselines run under sh -c: their children's CPU, memory and writes
// must be counted, or cp and zip would look free.
func TestMeasureCountsGrandchildren(t *testing.T) {
	out := t.TempDir() + "/f"
	s, err := measure(context.Background(), []string{"sh", "-c",
		`head -c 64000000 /dev/urandom | sha256sum >/dev/null && dd if=/dev/zero of="$1" bs=1M count=8 conv=fsync status=none`, "sh", out})
	if err != nil {
		t.Fatal(err)
	}
	if s.CPU < 50*time.Millisecond {
		t.Errorf("CPU %v: the children's work was not counted", s.CPU)
	}
	if s.MaxRSS < 1<<20 {
		t.Errorf("peak RSS %d bytes: implausibly small", s.MaxRSS)
	}
	if s.Written < 8<<20 {
		t.Errorf("written %d bytes, want at least the 8 MiB dd synced", s.Written)
	}
	if s.Wall <= 0 {
		t.Errorf("wall %v", s.Wall)
	}
}

func TestMeasureReportsFailure(t *testing.T) {
	_, err := measure(context.Background(), []string{"sh", "-c", "echo broken >&2; exit 3"})
	if err == nil {
		t.Fatal("a failing command gave no error")
	}
	if got := err.Error(); !strings.Contains(got, "broken") {
		t.Errorf("error %q does not carry the command's stderr", got)
	}
}
