package main

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// interrupted is what runSignalled saw.
type interrupted struct {
	result
	signalled bool // the signal was sent (the progress line came)
}

// runSignalled runs the CLI with args and sends sig when a line of its
// stderr first matches at; it returns once the process has exited.
func runSignalled(t *testing.T, at *regexp.Regexp, sig os.Signal, args ...string) interrupted {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = childEnv(t)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	var r interrupted
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if !r.signalled && at.MatchString(sc.Text()) {
			if err := cmd.Process.Signal(sig); err != nil {
				t.Logf("signal: %v", err) // it may have just finished
			}
			r.signalled = true
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	if strings.Contains(r.stderr, "panic: ") || strings.Contains(r.stderr, "DATA RACE") {
		t.Fatalf("%q crashed:\n%s", args, r.stderr)
	}
	return r
}
