package cloud

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mahall/internal/testkit"
)

// shortTimeouts make a silent network show in a second or two instead of
// the defaults' minute and a half.
var shortTimeouts = Timeouts{Stall: 2 * time.Second, ResponseHeader: 2 * time.Second}

// TestSilentServerAtFirstContact: a server that accepts the connection and
// never answers is reported as unreachable, in plain words, by the stall
// bound set in the options, and nothing is kept.
func TestSilentServerAtFirstContact(t *testing.T) {
	ctx := t.Context()
	srv := startS3(t)
	p := testkit.StartSilentProxy(t, srv.Addr)
	p.Silence()
	loc := srv.location("silent")
	loc.Endpoint, loc.Timeouts = p.Addr, shortTimeouts
	dir := t.TempDir()
	_, err := Init(ctx, dir, loc, testPassword)
	if !errors.Is(err, ErrUnreachable) || !strings.HasPrefix(err.Error(), ErrUnreachable.Error()) {
		t.Fatalf("Init against a silent server = %v, want ErrUnreachable in plain words first", err)
	}
	if !strings.Contains(err.Error(), p.Addr) {
		t.Errorf("the message does not say which server did not answer: %q", err)
	}
	if _, err := Open(ctx, dir); !errors.Is(err, ErrNotConnected) {
		t.Errorf("a failed Init left a connection behind: Open = %v", err)
	}
}

// TestNetworkGoesSilentMidRun: the network goes silent after the cloud copy
// was set up and one snapshot sent (the server stops answering, the
// connections stay open). The next snapshot ends with ErrUnreachable
// through the stall bound instead of waiting on kopia's retries, and no
// broken snapshot is listed once the network is back.
func TestNetworkGoesSilentMidRun(t *testing.T) {
	ctx := t.Context()
	srv := startS3(t)
	p := testkit.StartSilentProxy(t, srv.Addr)
	loc := srv.location("silent-mid-run")
	loc.Endpoint, loc.Timeouts = p.Addr, shortTimeouts
	src := t.TempDir()
	makeRegister(t, src, 20)
	dir := t.TempDir()
	r, err := Init(ctx, dir, loc, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.Snapshot(ctx, src, testMeta, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Close(ctx)

	// Reopened from what the connection keeps: the timeouts are kept too.
	r, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	changeRegister(t, src, 5, 7)
	p.Silence()
	_, err = r.Snapshot(ctx, src, testMeta, nil)
	if !errors.Is(err, ErrUnreachable) || !strings.HasPrefix(err.Error(), ErrUnreachable.Error()) {
		t.Fatalf("Snapshot on a silent network = %v, want ErrUnreachable in plain words first", err)
	}
	// The stall bound that ended it is the one kept with the connection.
	if !strings.Contains(err.Error(), "nothing moved for 2s") {
		t.Errorf("the silent run did not end by the kept 2s stall bound: %q", err)
	}
	t.Logf("what the user reads: %v", err)
	r.Close(ctx)

	// The network is back (a new path to the same server).
	loc.Endpoint = srv.Addr
	r2, err := Connect(ctx, t.TempDir(), loc, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close(ctx)
	list, err := r2.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != first.ID {
		t.Fatalf("after the silent run List = %+v, want only the first snapshot %s", list, first.ID)
	}
}
