package testkit

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"testing"
)

// SilentProxy is a real TCP proxy (to an S3 server, say) that can go
// silent: from then on it forwards nothing in either direction and
// answers no new connection, but keeps every connection open, as a network
// that has gone away without a reset does.
type SilentProxy struct {
	Addr   string
	ln     net.Listener
	silent atomic.Bool
	done   chan struct{}
	mu     sync.Mutex
	conns  []net.Conn
	closed bool
}

// StartSilentProxy listens on 127.0.0.1 and forwards every connection to
// upstream until Silence; the test's end closes it.
func StartSilentProxy(t testing.TB, upstream string) *SilentProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &SilentProxy{Addr: ln.Addr().String(), ln: ln, done: make(chan struct{})}
	t.Cleanup(p.close)
	go p.serve(upstream)
	return p
}

// Silence makes the proxy go silent, for good.
func (p *SilentProxy) Silence() { p.silent.Store(true) }

func (p *SilentProxy) keep(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		c.Close()
		return
	}
	p.conns = append(p.conns, c)
}

func (p *SilentProxy) serve(upstream string) {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.keep(c)
		if p.silent.Load() {
			continue // accepted, never answered
		}
		u, err := net.Dial("tcp", upstream)
		if err != nil {
			c.Close()
			continue
		}
		p.keep(u)
		go p.pipe(u, c)
		go p.pipe(c, u)
	}
}

// pipe forwards from src to dst until the proxy goes silent; then it holds
// what it read and waits, the connection still open.
func (p *SilentProxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if p.silent.Load() {
			<-p.done
			return
		}
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				if tc, ok := dst.(*net.TCPConn); ok {
					tc.CloseWrite()
				}
			}
			return
		}
	}
}

func (p *SilentProxy) close() {
	p.ln.Close()
	close(p.done)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, c := range p.conns {
		c.Close()
	}
}
