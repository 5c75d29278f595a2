package main

import (
	"bytes"
	"flag"
	"slices"
	"strings"
	"testing"

	"mahall/backend/progress"
)

func TestParseArgsAnywhere(t *testing.T) {
	for _, c := range []struct {
		args []string
		pos  []string
		json bool
	}{
		{[]string{"x.zip"}, []string{"x.zip"}, false},
		{[]string{"--json", "x.zip"}, []string{"x.zip"}, true},
		{[]string{"x.zip", "--json"}, []string{"x.zip"}, true},
		{[]string{"x.zip", "-json", "y"}, []string{"x.zip", "y"}, true},
		{[]string{"--", "--json"}, []string{"--json"}, false},
		{[]string{"a", "--", "-b", "--json"}, []string{"a", "-b", "--json"}, false},
		{nil, nil, false},
	} {
		fs := newFlagSet("t")
		j := fs.Bool("json", false, "")
		pos, err := parseArgs(fs, c.args)
		if err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if !slices.Equal(pos, c.pos) || *j != c.json {
			t.Errorf("%q: positionals %q json %v, want %q %v", c.args, pos, *j, c.pos, c.json)
		}
	}
	fs := newFlagSet("t")
	if _, err := parseArgs(fs, []string{"x", "-h"}); err != flag.ErrHelp {
		t.Errorf("-h after a positional gave %v, want flag.ErrHelp", err)
	}
}

func TestLineReporter(t *testing.T) {
	var b bytes.Buffer
	r := newReporter(&b)
	r.Report(progress.Update{Phase: progress.PhaseSnapshot, BytesDone: 0})
	r.Report(progress.Update{Phase: progress.PhaseSnapshot, BytesDone: 10})
	r.Report(progress.Update{Phase: progress.PhaseArchive, FilesTotal: 120, BytesTotal: 95 << 20})
	r.Report(progress.Update{Phase: progress.PhaseArchive, FilesDone: 3, FilesTotal: 120, BytesTotal: 95 << 20})
	r.Report(progress.Update{Phase: progress.PhaseDone})
	r.Done()
	want := "snapshot…\narchive: 120 files, 95.0 MB\n"
	if b.String() != want {
		t.Errorf("lines %q, want %q", b.String(), want)
	}
}

func TestBarReporterClears(t *testing.T) {
	var b bytes.Buffer
	r := newBarReporter(&b)
	r.Report(progress.Update{Phase: progress.PhaseArchive, BytesTotal: 1000, FilesTotal: 2, Current: "media/members/photos/a-very-long-file-name-indeed.jpg"})
	r.Report(progress.Update{Phase: progress.PhaseSync})
	r.Report(progress.Update{Phase: progress.PhaseVerify, BytesDone: 500, BytesTotal: 1000})
	r.Done()
	out := b.String()
	if !strings.Contains(out, "archive") || !strings.Contains(out, "verify") {
		t.Errorf("bar output lacks the phases: %q", out)
	}
	// The last thing written wipes the bar: spaces, then back to column 0.
	if !strings.HasSuffix(out, " \r") {
		t.Errorf("bar not cleared at the end: %q", out)
	}
}
