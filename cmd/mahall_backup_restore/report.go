package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"mahall/backend/progress"
	"mahall/backend/size"
)

// reporter shows a long operation's progress.Updates on stderr.
type reporter interface {
	Report(progress.Update)
	// Done removes whatever is still drawn, before the result is printed.
	Done()
}

// newReporter draws a bar when stderr is a terminal, and otherwise (a log
// file, a pipe, a test) writes one plain line per phase.
func newReporter(stderr io.Writer) reporter {
	if isTerminal(stderr) {
		r := newBarReporter(stderr)
		if w, _, err := term.GetSize(int(stderr.(*os.File).Fd())); err == nil {
			r.width = w
		}
		return r
	}
	return &lineReporter{w: stderr}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	return term.IsTerminal(int(f.Fd()))
}

// lineReporter writes a line when a phase begins, with the totals the phase
// starts with where the backend knows them. Each phase gets one line, even
// if updates of two phases running side by side interleave.
type lineReporter struct {
	w    io.Writer
	mu   sync.Mutex
	seen map[string]bool
}

func (r *lineReporter) Report(u progress.Update) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[u.Phase] || u.Phase == progress.PhaseDone {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[u.Phase] = true
	fmt.Fprintln(r.w, phaseLine(u))
}

func (r *lineReporter) Done() {}

// phaseLine is "archive: 120 files, 95.0 MB", or "snapshot…" when the
// phase has no totals yet.
func phaseLine(u progress.Update) string {
	var parts []string
	if u.FilesTotal > 0 {
		parts = append(parts, plural(u.FilesTotal, "file", "files"))
	}
	if u.BytesTotal > 0 {
		parts = append(parts, size.Format(u.BytesTotal))
	}
	if len(parts) == 0 {
		return u.Phase + "…"
	}
	return u.Phase + ": " + strings.Join(parts, ", ")
}

// barReporter draws one progress bar per phase, in bytes, with the phase
// and the current item as its description.
type barReporter struct {
	w        io.Writer
	width    int // of the terminal, so the bar never wraps
	throttle *progress.Throttle

	mu    sync.Mutex
	bar   *progressbar.ProgressBar
	phase string
	desc  string
}

func newBarReporter(w io.Writer) *barReporter {
	r := &barReporter{w: w, width: 80}
	// Backends report per buffer; a terminal needs a few redraws a second.
	r.throttle = progress.NewThrottle(r.draw, 100*time.Millisecond)
	return r
}

func (r *barReporter) Report(u progress.Update) { r.throttle.Report(u) }

func (r *barReporter) draw(u progress.Update) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if u.Phase == progress.PhaseDone {
		r.clear()
		return
	}
	if u.Phase != r.phase || r.bar == nil {
		r.clear()
		r.phase = u.Phase
		r.desc = ""
		max := u.BytesTotal
		if max <= 0 {
			max = -1 // a spinner: the phase does not know its size
		}
		r.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(r.w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(barWidth),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSpinnerType(14),
			// No timer goroutine: it would redraw a spinner after Done.
			progressbar.OptionSetSpinnerChangeInterval(0),
		)
	} else if u.BytesTotal > 0 && u.BytesTotal != r.bar.GetMax64() {
		r.bar.ChangeMax64(u.BytesTotal)
	}
	if d := barDescription(u, r.width-barWidth-barStats); d != r.desc {
		r.desc = d
		r.bar.Describe(d)
	}
	if u.BytesTotal > 0 {
		r.bar.Set64(min(u.BytesDone, u.BytesTotal))
	} else {
		r.bar.Add64(1) // keep the spinner turning
	}
}

// clear wipes the bar's line itself: progressbar's Clear writes only "\r" on Windows, so the
// next line printed (the result) would end with the rest of the bar. One column short of the
// width, since a Windows console moves to the next line after writing its last column.
func (r *barReporter) clear() {
	if r.bar != nil {
		r.bar.Exit()
		fmt.Fprintf(r.w, "\r%s\r", strings.Repeat(" ", r.width-1))
		r.bar = nil
	}
}

func (r *barReporter) Done() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clear()
}

// Room the bar takes on a line: the bar itself, and the percentage, rate
// and times the library draws around it.
const (
	barWidth = 20
	barStats = 30
)

// barDescription is "archive 12/120 …/photos/x.jpg", at most width runes so
// that the whole line fits the terminal (a wrapped line cannot be redrawn).
func barDescription(u progress.Update, width int) string {
	d := fmt.Sprintf("%-8s", u.Phase)
	if u.FilesTotal > 0 {
		d += fmt.Sprintf(" %d/%d", u.FilesDone, u.FilesTotal)
	}
	if room := width - len([]rune(d)) - 1; u.Current != "" && room >= 8 {
		d += " " + shorten(u.Current, room)
	}
	return d
}

// shorten keeps the end of s, where a file's name is.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
