package cloud

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"syscall"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/blob"
	"github.com/minio/minio-go/v7"
)

// Sentinels callers branch on (errors.Is). Their text is what a volunteer
// reads first, so it says what is wrong, what it means and what to do; the
// technical cause follows it in the wrapped error.
var (
	ErrWrongPassword = errors.New("the backup password is not the one this cloud copy was made with. " +
		"Nothing was changed; type the password again (it is case-sensitive)")
	ErrWrongCredentials = errors.New("the cloud storage refused the access key or secret key. " +
		"Nothing was sent; check both keys in the cloud copy settings")
	ErrNoBucket = errors.New("the bucket named in the cloud copy settings does not exist. " +
		"Nothing was sent; create the bucket in your cloud account or correct its name")
	ErrUnreachable = errors.New("cannot reach the cloud storage server. " +
		"Your data here is not affected and the cloud copy will be tried again next time; " +
		"check the internet connection and the server address")
	ErrNotInitialized = errors.New("there is no cloud copy at this place yet. " +
		"Check the bucket and folder names, or set up a new cloud copy")
	ErrAlreadyInitialized = errors.New("there is already a cloud copy at this place. " +
		"Connect to it with its password instead of setting up a new one")
	ErrNotConnected = errors.New("this computer is not connected to a cloud copy yet. " +
		"Set up the cloud copy in the settings first")
)

// classify puts the right sentinel in front of err, with what was being done
// (doing) and the technical cause last. Errors it cannot place keep their
// text behind doing.
func classify(doing string, err error) error {
	if err == nil {
		return nil
	}
	if kind := kindOf(err); kind != nil {
		if errors.Is(err, kind) {
			// Already classified further down; do not say it twice.
			if strings.HasPrefix(err.Error(), kind.Error()) {
				return err
			}
			// kopia wrapped it in its own words: the plain ones go first.
			return plainFirst{kind: kind, doing: doing, err: err}
		}
		return fmt.Errorf("%w (%s: %w)", kind, doing, err)
	}
	return fmt.Errorf("%s: %w", doing, err)
}

// plainFirst is err, which holds kind somewhere inside it, with kind's
// plain words moved to the front and said once.
type plainFirst struct {
	kind  error
	doing string
	err   error
}

func (e plainFirst) Error() string {
	detail := strings.Replace(e.err.Error(), e.kind.Error()+" ", "", 1)
	return e.kind.Error() + " (" + e.doing + ": " + detail + ")"
}

func (e plainFirst) Unwrap() []error { return []error{e.kind, e.err} }

func kindOf(err error) error {
	for _, k := range []error{ErrWrongPassword, ErrWrongCredentials, ErrNoBucket, ErrUnreachable,
		ErrNotInitialized, ErrAlreadyInitialized, ErrNotConnected} {
		if errors.Is(err, k) {
			return k
		}
	}
	var resp minio.ErrorResponse
	switch {
	case errors.Is(err, repo.ErrInvalidPassword):
		return ErrWrongPassword
	case errors.Is(err, repo.ErrRepositoryNotInitialized):
		return ErrNotInitialized
	case errors.Is(err, repo.ErrAlreadyInitialized):
		return ErrAlreadyInitialized
	case errors.Is(err, blob.ErrInvalidCredentials):
		return ErrWrongCredentials
	case errors.As(err, &resp):
		switch resp.Code {
		case "NoSuchBucket":
			return ErrNoBucket
		case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken":
			return ErrWrongCredentials
		}
	case unreachable(err):
		return ErrUnreachable
	}
	// kopia sometimes flattens the S3 answer into text.
	msg := err.Error()
	switch {
	case strings.Contains(msg, "NoSuchBucket"), strings.Contains(msg, "bucket does not exist"):
		return ErrNoBucket
	case strings.Contains(msg, "InvalidAccessKeyId"), strings.Contains(msg, "SignatureDoesNotMatch"):
		return ErrWrongCredentials
	}
	return nil
}

// unreachable reports network failures: refused or reset connections, DNS
// failures, timeouts, including our own deadline for the first contact.
func unreachable(err error) bool {
	var (
		opErr  *net.OpError
		dnsErr *net.DNSError
		urlErr *url.Error
	)
	return errors.As(err, &opErr) || errors.As(err, &dnsErr) || errors.As(err, &urlErr) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, context.DeadlineExceeded)
}
