package testkit

import (
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// S3Server is a real S3 server for the tests (package cloud's and the
// CLI's): versitygw with its posix backend, on 127.0.0.1 only, on a free
// port, started and stopped by the test. A folder under Root is a bucket, so
// the tests can read what was stored.
type S3Server struct {
	Root   string
	Addr   string // host:port
	Access string
	Secret string

	t      testing.TB
	bin    string
	cmd    *exec.Cmd
	exited chan error
}

// S3Bucket is the one bucket StartS3 makes.
const S3Bucket = "mahall-test"

func versitygwBinary(t testing.TB) string {
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

// StartS3 starts a server with one empty bucket, S3Bucket, and stops it at
// the end of the test. It skips the test where versitygw is not installed.
func StartS3(t testing.TB) *S3Server {
	t.Helper()
	s := &S3Server{t: t, bin: versitygwBinary(t), Root: t.TempDir(), Addr: FreeAddr(t),
		Access: "TESTACCESSKEY", Secret: "test-secret-key-made-up"}
	if err := os.Mkdir(filepath.Join(s.Root, S3Bucket), 0o755); err != nil {
		t.Fatal(err)
	}
	s.Start()
	t.Cleanup(s.Kill)
	return s
}

// FreeAddr is a 127.0.0.1 address with a free port: where nothing listens,
// until something takes it.
func FreeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Start (re)starts the server on its address and waits until it accepts
// connections.
func (s *S3Server) Start() {
	s.t.Helper()
	log, err := os.OpenFile(filepath.Join(s.t.TempDir(), "versitygw.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		s.t.Fatal(err)
	}
	cmd := exec.Command(s.bin, "--access", s.Access, "--secret", s.Secret, "--port", s.Addr, "posix", s.Root)
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
		if c, err := net.Dial("tcp", s.Addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("versitygw did not start listening on %s", s.Addr)
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.exited = exited
}

// Kill stops the server at once (SIGKILL), as a crash or a pulled cable would.
func (s *S3Server) Kill() {
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill() //nolint:errcheck
	<-s.exited
	s.cmd = nil
}

// Stored returns every object the server holds under the bucket folder
// prefix, by name, with its size.
func (s *S3Server) Stored(prefix string) map[string]int64 {
	s.t.Helper()
	out := map[string]int64{}
	base := filepath.Join(s.Root, S3Bucket, prefix)
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
