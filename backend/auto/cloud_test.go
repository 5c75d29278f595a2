package auto

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"mahall/backend/cloud"
	"mahall/backend/history"
	"mahall/backend/retention"
	"mahall/internal/testkit"
)

// TestRunCloud: with a cloud connection the automatic run sends a snapshot
// after the local backups, under the settings' keep rules, and tidies the
// cloud copy once a day; with the server killed the local backup is still
// made and the run says the cloud copy is tried again.
func TestRunCloud(t *testing.T) {
	ctx := context.Background()
	srv := testkit.StartS3(t)
	f := newData(t)
	loc := cloud.Location{Endpoint: srv.Addr, Bucket: testkit.S3Bucket, Prefix: "auto", PlainHTTP: true,
		AccessKey: srv.Access, SecretKey: srv.Secret}
	r, err := cloud.Init(ctx, f.Layout.Cloud(), loc, "made-up cloud password 3")
	if err != nil {
		t.Fatal(err)
	}
	r.Close(ctx)
	if got, err := cloud.Where(f.Layout.Cloud()); err != nil || got.Endpoint != srv.Addr || got.Bucket != testkit.S3Bucket ||
		got.Prefix != "auto" || got.SecretKey != "" || got.AccessKey != "" {
		t.Errorf("cloud.Where = %+v, %v; want the endpoint, bucket and prefix, no keys", got, err)
	}
	dest := mkdirs(t, 1)
	opt := Options{Destinations: dest, Policy: retention.Policy{Last: 2}, Force: true}

	for i := range 3 {
		rep, err := Run(ctx, f, opt)
		if err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if rep.Cloud == nil || rep.Cloud.Result != history.OK || rep.Cloud.Snapshot == "" || rep.Cloud.Warning != nil {
			t.Fatalf("run %d: cloud outcome %+v", i, rep.Cloud)
		}
	}
	h, err := history.Load(f.Layout.History())
	if err != nil || h.CloudMaintained.IsZero() {
		t.Errorf("the cloud copy's maintenance was not recorded (%v, %v)", h.CloudMaintained, err)
	}
	first := h.CloudMaintained
	r, err = cloud.Open(ctx, f.Layout.Cloud())
	if err != nil {
		t.Fatal(err)
	}
	snaps, err := r.List(ctx)
	r.Close(ctx)
	if err != nil || len(snaps) != 2 {
		t.Fatalf("after three runs keeping the last 2 the cloud copy lists %d snapshots (%v); want 2", len(snaps), err)
	}
	if h, _ := history.Load(f.Layout.History()); !h.CloudMaintained.Equal(first) {
		t.Errorf("maintenance ran again within a day: %v then %v", first, h.CloudMaintained)
	}

	srv.Kill()
	rep, err := Run(ctx, f, opt)
	if err != nil {
		t.Fatalf("with the server gone the local backup failed: %v", err)
	}
	if o := rep.Outcomes[0]; o.Result != history.OK || !exists(o.File) {
		t.Errorf("with the server gone no local backup was made: %+v", o)
	}
	if rep.Cloud == nil || rep.Cloud.Result != history.Failed || rep.Cloud.Err() == nil ||
		!strings.Contains(rep.Cloud.Message, "tried again at the next run") || rep.Cloud.Reason != rep.Cloud.Err().Error() {
		t.Errorf("with the server gone the cloud outcome is %+v", rep.Cloud)
	}
}

// TestRunCloudSilentNetwork: the network goes silent (the server stops
// answering, the connection stays open) after the cloud copy was set up.
// The local backup is still made, and the cloud copy ends, bounded by the
// connection's stall timeout, with the plain "tried again" message.
func TestRunCloudSilentNetwork(t *testing.T) {
	ctx := context.Background()
	srv := testkit.StartS3(t)
	p := testkit.StartSilentProxy(t, srv.Addr)
	f := newData(t)
	loc := cloud.Location{Endpoint: p.Addr, Bucket: testkit.S3Bucket, Prefix: "auto-silent", PlainHTTP: true,
		AccessKey: srv.Access, SecretKey: srv.Secret, Timeouts: cloud.Timeouts{Stall: 2 * time.Second, ResponseHeader: 2 * time.Second}}
	r, err := cloud.Init(ctx, f.Layout.Cloud(), loc, "made-up cloud password 4")
	if err != nil {
		t.Fatal(err)
	}
	r.Close(ctx)
	opt := Options{Destinations: mkdirs(t, 1), Force: true}

	p.Silence()
	rep, err := Run(ctx, f, opt)
	if err != nil {
		t.Fatalf("with the network silent the local backup failed: %v", err)
	}
	if o := rep.Outcomes[0]; o.Result != history.OK || !exists(o.File) {
		t.Errorf("with the network silent no local backup was made: %+v", o)
	}
	if rep.Cloud == nil || rep.Cloud.Result != history.Failed || !errors.Is(rep.Cloud.Err(), cloud.ErrUnreachable) ||
		!strings.Contains(rep.Cloud.Message, "tried again at the next run") {
		t.Fatalf("with the network silent the cloud outcome is %+v", rep.Cloud)
	}
	t.Logf("what the user reads: %s", rep.Cloud.Message)
}
