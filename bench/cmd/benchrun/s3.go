package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// s3Server is a versitygw on 127.0.0.1 with its posix backend: every bucket
// a folder under root, every object a file, so what a backup uploaded is
// what grew on disk under its prefix.
type s3Server struct {
	root, addr, bucket string
	access, secret     string
	cmd                *exec.Cmd
	exited             chan error
}

// versitygw finds the server scripts/deps.sh installs with go install.
func versitygw() (string, error) {
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p, nil
	}
	var dirs []string
	if out, err := exec.Command(goTool(), "env", "GOPATH").Output(); err == nil {
		dirs = append(dirs, filepath.Join(strings.TrimSpace(string(out)), "bin"))
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		if p := filepath.Join(d, "versitygw"); fileExists(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("versitygw is needed for the cloud copy's benchmark and is not installed (scripts/deps.sh installs it: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)")
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// startS3 starts the server on a free port with one empty bucket and waits
// until it accepts connections.
func startS3(ctx context.Context, root string) (*s3Server, error) {
	bin, err := versitygw()
	if err != nil {
		return nil, err
	}
	s := &s3Server{root: root, bucket: "mahall-bench", access: "BENCHACCESSKEY", secret: "bench-secret-key-made-up"}
	if err := os.RemoveAll(root); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(root, s.bucket), 0o755); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.addr = l.Addr().String()
	l.Close()
	log, err := os.Create(root + ".log")
	if err != nil {
		return nil, err
	}
	s.cmd = exec.CommandContext(ctx, bin, "--access", s.access, "--secret", s.secret, "--port", s.addr, "posix", root)
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		log.Close()
		return nil, fmt.Errorf("start versitygw: %w", err)
	}
	s.exited = make(chan error, 1)
	go func() { s.exited <- s.cmd.Wait(); log.Close() }()
	// Waiting for readiness, not timing anything: the limit only stops a
	// broken server from hanging the run.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-s.exited:
			return nil, fmt.Errorf("versitygw exited at start: %v (log: %s)", err, log.Name())
		default:
		}
		if c, err := net.Dial("tcp", s.addr); err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("versitygw did not listen on %s within a minute (log: %s)", s.addr, log.Name())
		}
	}
	os.Setenv("AWS_ACCESS_KEY_ID", s.access)
	os.Setenv("AWS_SECRET_ACCESS_KEY", s.secret)
	return s, nil
}

// url is the S3 address of a prefix of the bucket, as ours and restic
// spell a repository.
func (s *s3Server) url(prefix string) string {
	return fmt.Sprintf("s3:http://%s/%s/%s", s.addr, s.bucket, prefix)
}

// dir is where the objects under a prefix are on disk.
func (s *s3Server) dir(prefix string) string { return filepath.Join(s.root, s.bucket, prefix) }

func (s *s3Server) stop() {
	if s == nil || s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}
