package cloud

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/kopia/kopia/repo/blob"
)

// Timeouts bound how long a cloud copy waits on a network that has gone
// silent: the server stops answering but the connection stays open, so no
// error ever arrives and only a clock can tell. A zero field takes its
// default (DefaultTimeouts). They are kept with the connection, so every
// later run uses the same ones.
type Timeouts struct {
	Dial           time.Duration `json:"dial,omitempty"`           // opening a connection
	TLSHandshake   time.Duration `json:"tlsHandshake,omitempty"`   // agreeing on encryption
	ResponseHeader time.Duration `json:"responseHeader,omitempty"` // the server's answer to a request sent in full
	IdleConn       time.Duration `json:"idleConn,omitempty"`       // an unused kept-open connection is closed
	// Stall: a storage call during which nothing arrives or leaves for this
	// long is given up, with kopia's retries. It ends a copy on a silent
	// network while a slow but working one (a village connection sending a
	// 20 MB piece for minutes) goes on.
	Stall time.Duration `json:"stall,omitempty"`
	// Operation bounds one storage call in all, however it moves.
	Operation time.Duration `json:"operation,omitempty"`
}

// DefaultTimeouts: a silent network ends a cloud copy in about a minute
// and a half (the stall, then the error through kopia), and a working one
// is never cut off by them.
var DefaultTimeouts = Timeouts{
	Dial:           30 * time.Second,
	TLSHandshake:   20 * time.Second,
	ResponseHeader: 60 * time.Second,
	IdleConn:       90 * time.Second,
	Stall:          90 * time.Second,
	Operation:      30 * time.Minute,
}

func (t Timeouts) withDefaults() Timeouts {
	d := DefaultTimeouts
	for _, f := range []struct{ v, def *time.Duration }{
		{&t.Dial, &d.Dial}, {&t.TLSHandshake, &d.TLSHandshake}, {&t.ResponseHeader, &d.ResponseHeader},
		{&t.IdleConn, &d.IdleConn}, {&t.Stall, &d.Stall}, {&t.Operation, &d.Operation},
	} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	return t
}

// transport is the HTTP transport of the S3 client we make ourselves (the
// first contact, probe). kopia's S3 storage makes its own client from
// http.DefaultTransport and takes no transport, so its calls are bounded
// by boundedStorage instead.
func (t Timeouts) transport() *http.Transport {
	t = t.withDefaults()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	d := &net.Dialer{Timeout: t.Dial, KeepAlive: 30 * time.Second}
	tr.DialContext = d.DialContext
	tr.TLSHandshakeTimeout = t.TLSHandshake
	tr.ResponseHeaderTimeout = t.ResponseHeader
	tr.IdleConnTimeout = t.IdleConn
	return tr
}

// errStalled is the cause of a storage call given up by the stall bound.
var errStalled = errors.New("nothing moved")

// watch runs call with a context that ends when touch has not been called
// for t.Stall, or after t.Operation. A call given up that way (and not by
// the caller's own ctx) is ErrUnreachable, in plain words first.
func (t Timeouts) watch(ctx context.Context, doing, where string, call func(ctx context.Context, touch func()) error) error {
	t = t.withDefaults()
	ctx, cancelOp := context.WithTimeoutCause(ctx, t.Operation, fmt.Errorf("no end after %v", t.Operation))
	defer cancelOp()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var mu sync.Mutex
	timer := time.AfterFunc(t.Stall, func() { cancel(fmt.Errorf("%w for %v", errStalled, t.Stall)) })
	defer timer.Stop()
	touch := func() {
		mu.Lock()
		timer.Reset(t.Stall)
		mu.Unlock()
	}
	err := call(ctx, touch)
	if err != nil && ctx.Err() != nil {
		cause := context.Cause(ctx)
		if !errors.Is(cause, context.Canceled) && !errors.Is(cause, context.DeadlineExceeded) {
			// Our bound, not the caller's cancel or deadline.
			return fmt.Errorf("%w (%s: no answer from %s: %v: %w)", ErrUnreachable, doing, where, cause, err)
		}
	}
	return err
}

// boundedStorage is kopia's S3 storage (which retries each call itself)
// under Timeouts' stall and operation bounds; bytes moving in or out, and
// each listed entry, count as progress.
type boundedStorage struct {
	blob.Storage
	t     Timeouts
	where string
}

func (s boundedStorage) GetBlob(ctx context.Context, id blob.ID, offset, length int64, output blob.OutputBuffer) error {
	return s.t.watch(ctx, "read "+string(id), s.where, func(ctx context.Context, touch func()) error {
		return s.Storage.GetBlob(ctx, id, offset, length, touchingOutput{output, touch})
	})
}

func (s boundedStorage) GetMetadata(ctx context.Context, id blob.ID) (m blob.Metadata, err error) {
	err = s.t.watch(ctx, "look up "+string(id), s.where, func(ctx context.Context, _ func()) error {
		m, err = s.Storage.GetMetadata(ctx, id)
		return err
	})
	return m, err
}

func (s boundedStorage) PutBlob(ctx context.Context, id blob.ID, data blob.Bytes, opts blob.PutOptions) error {
	return s.t.watch(ctx, "send "+string(id), s.where, func(ctx context.Context, touch func()) error {
		return s.Storage.PutBlob(ctx, id, touchingBytes{data, touch}, opts)
	})
}

func (s boundedStorage) DeleteBlob(ctx context.Context, id blob.ID) error {
	return s.t.watch(ctx, "delete "+string(id), s.where, func(ctx context.Context, _ func()) error {
		return s.Storage.DeleteBlob(ctx, id)
	})
}

func (s boundedStorage) ListBlobs(ctx context.Context, prefix blob.ID, cb func(blob.Metadata) error) error {
	return s.t.watch(ctx, "list "+string(prefix)+"*", s.where, func(ctx context.Context, touch func()) error {
		return s.Storage.ListBlobs(ctx, prefix, func(m blob.Metadata) error {
			touch()
			return cb(m)
		})
	})
}

type touchingOutput struct {
	blob.OutputBuffer
	touch func()
}

func (o touchingOutput) Write(p []byte) (int, error) {
	o.touch()
	return o.OutputBuffer.Write(p)
}

type touchingBytes struct {
	blob.Bytes
	touch func()
}

func (b touchingBytes) WriteTo(w io.Writer) (int64, error) {
	return b.Bytes.WriteTo(touchingWriter{w, b.touch})
}

func (b touchingBytes) Reader() io.ReadSeekCloser {
	return touchingReader{b.Bytes.Reader(), b.touch}
}

type touchingWriter struct {
	w     io.Writer
	touch func()
}

func (w touchingWriter) Write(p []byte) (int, error) {
	w.touch()
	return w.w.Write(p)
}

type touchingReader struct {
	io.ReadSeekCloser
	touch func()
}

func (r touchingReader) Read(p []byte) (int, error) {
	r.touch()
	return r.ReadSeekCloser.Read(p)
}
