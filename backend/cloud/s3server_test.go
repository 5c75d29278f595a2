package cloud

import (
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// s3Server is a real S3 server for the tests: versitygw with its posix
// backend, on 127.0.0.1 only, on a free port, started and stopped by the test.
// A folder under root is a bucket, so the tests can read what was stored.
type s3Server struct {
	t      *testing.T
	bin    string
	root   string
	addr   string
	cmd    *exec.Cmd
	exited chan error
	access string
	secret string
}

const testBucket = "mahall-test"

func versitygwBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		if p := filepath.Join(home, "go", "bin", "versitygw"); fileExists(p) {
			return p
		}
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		if p := filepath.Join(string(trimNL(out)), "bin", "versitygw"); fileExists(p) {
			return p
		}
	}
	t.Skip("versitygw is not installed (scripts/deps.sh installs it: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

// startS3 starts a server with one empty bucket, testBucket, and stops it at
// the end of the test.
func startS3(t *testing.T) *s3Server {
	t.Helper()
	s := &s3Server{t: t, bin: versitygwBinary(t), root: t.TempDir(), addr: freeAddr(t),
		access: "TESTACCESSKEY", secret: "test-secret-key-made-up"}
	if err := os.Mkdir(filepath.Join(s.root, testBucket), 0o755); err != nil {
		t.Fatal(err)
	}
	s.start()
	t.Cleanup(s.kill)
	return s
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// start (re)starts the server on its address and waits until it accepts
// connections.
func (s *s3Server) start() {
	s.t.Helper()
	log, err := os.OpenFile(filepath.Join(s.t.TempDir(), "versitygw.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command(s.bin, "--access", s.access, "--secret", s.secret, "--port", s.addr, "posix", s.root)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("start versitygw: %v", err)
	}
	s.cmd = cmd
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); log.Close() }()
	// Waiting for readiness, not timing anything: the limit only stops a
	// broken server from hanging the test.
	for deadline := time.Now().Add(60 * time.Second); ; {
		select {
		case err := <-exited:
			s.t.Fatalf("versitygw exited at start: %v (log: %s)", err, log.Name())
		default:
		}
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("versitygw did not start listening on %s", s.addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.exited = exited
}

// kill stops the server at once (SIGKILL), as a crash or a pulled cable would.
func (s *s3Server) kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill() //nolint:errcheck
	<-s.exited
	s.cmd = nil
}

func (s *s3Server) location(prefix string) Location {
	return Location{Endpoint: s.addr, Bucket: testBucket, Prefix: prefix, PlainHTTP: true,
		AccessKey: s.access, SecretKey: s.secret}
}

// stored returns every object the server holds under the bucket folder
// prefix, by name, with its size.
func (s *s3Server) stored(prefix string) map[string]int64 {
	s.t.Helper()
	out := map[string]int64{}
	base := filepath.Join(s.root, testBucket, prefix)
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(base, p)
			out[rel] = info.Size()
		}
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return out
}

func total(objs map[string]int64) (n int64) {
	for _, v := range objs {
		n += v
	}
	return n
}
