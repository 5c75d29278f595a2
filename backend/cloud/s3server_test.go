package cloud

import (
	"testing"

	"mahall/internal/testkit"
)

// s3Server is testkit's real S3 server with what these tests add: a
// Location for a folder in its bucket.
type s3Server struct{ *testkit.S3Server }

func startS3(t testing.TB) *s3Server { return &s3Server{testkit.StartS3(t)} }

func (s *s3Server) location(prefix string) Location {
	return Location{Endpoint: s.Addr, Bucket: testkit.S3Bucket, Prefix: prefix, PlainHTTP: true,
		AccessKey: s.Access, SecretKey: s.Secret}
}

func total(objs map[string]int64) (n int64) {
	for _, v := range objs {
		n += v
	}
	return n
}
