package cloud

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/kopia/kopia/repo/blob"
	"github.com/kopia/kopia/repo/blob/filesystem"
	"github.com/kopia/kopia/repo/blob/s3"
	"github.com/minio/minio-go/v7"
	miniocreds "github.com/minio/minio-go/v7/pkg/credentials"
)

// Location says where a cloud copy lives: an S3-compatible bucket (AWS,
// Backblaze B2, Wasabi, Cloudflare R2, MinIO, ...), or a folder (Path) for a
// repository on a disk or a synced drive.
type Location struct {
	Endpoint  string // host[:port], no scheme: "s3.eu-central-003.backblazeb2.com"
	Bucket    string
	Prefix    string // optional folder inside the bucket
	PlainHTTP bool   // http instead of https: only for a server on this machine or network
	Region    string // optional; most providers infer it from the endpoint
	AccessKey string
	SecretKey string
	// Timeouts: how long to wait on a silent network (zero: the defaults).
	Timeouts Timeouts

	Path string // a folder instead of a bucket; the S3 fields are then ignored
}

func (l Location) isS3() bool { return l.Path == "" }

// String names the place for messages; it never shows a key.
func (l Location) String() string {
	if !l.isS3() {
		return "folder " + l.Path
	}
	scheme := "https"
	if l.PlainHTTP {
		scheme = "http"
	}
	return fmt.Sprintf("bucket %q at %s://%s/%s", l.Bucket, scheme, l.Endpoint, l.prefix())
}

// prefix is the folder inside the bucket with the one trailing slash kopia
// needs to make it a folder (kopia prepends it to object names as it is).
func (l Location) prefix() string {
	p := strings.Trim(l.Prefix, "/")
	if p == "" {
		return ""
	}
	return p + "/"
}

func (l Location) validate() error {
	if !l.isS3() {
		if !filepath.IsAbs(l.Path) {
			return fmt.Errorf("the cloud copy folder must be a full path, not %q", l.Path)
		}
		return nil
	}
	var missing []string
	for _, f := range []struct{ name, v string }{{"server address", l.Endpoint}, {"bucket", l.Bucket},
		{"access key", l.AccessKey}, {"secret key", l.SecretKey}} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("the cloud copy settings are missing the %s", strings.Join(missing, ", "))
	}
	if strings.Contains(l.Endpoint, "://") {
		return fmt.Errorf("the server address %q should not start with http:// or https:// (choose plain http separately)", l.Endpoint)
	}
	return nil
}

// probeTimeout bounds the first contact with a server.
const probeTimeout = 20 * time.Second

func init() {
	// kopia retries every storage call itself (10 attempts with backoff); the
	// minio client's own 10 retries under each of those would turn a server
	// that went away into many minutes of waiting.
	minio.MaxRetry = 2

	blob.AddSupportedStorage(s3Type, s3Config{}, func(ctx context.Context, c *s3Config, _ bool) (blob.Storage, error) {
		cr, err := loadCredentials(c.Credentials)
		if err != nil {
			return nil, err
		}
		loc := Location{Endpoint: c.Endpoint, Bucket: c.Bucket, Prefix: c.Prefix, PlainHTTP: c.PlainHTTP,
			Region: c.Region, AccessKey: cr.AccessKey, SecretKey: cr.SecretKey, Timeouts: c.Timeouts}
		return openS3(ctx, loc, c.Credentials)
	})
}

// s3Type is the storage type our kopia config file names. It differs from
// kopia's own "s3" so the file can record where the bucket is without the
// keys: those stay in the protected credentials file it points to.
const s3Type = "mahall-s3"

type s3Config struct {
	Endpoint    string   `json:"endpoint"`
	Bucket      string   `json:"bucket"`
	Prefix      string   `json:"prefix,omitempty"`
	PlainHTTP   bool     `json:"plainHTTP,omitempty"`
	Region      string   `json:"region,omitempty"`
	Credentials string   `json:"credentials"` // path of the secret.Save file
	Timeouts    Timeouts `json:"timeouts"`
}

// openStorage opens the blob storage at loc, first checking that the server
// answers, the keys are accepted and the bucket exists, each with its own
// sentinel. credPath is where the keys are (or will be) kept.
func openStorage(ctx context.Context, loc Location, credPath string, create bool) (blob.Storage, error) {
	if err := loc.validate(); err != nil {
		return nil, err
	}
	if !loc.isS3() {
		st, err := filesystem.New(ctx, &filesystem.Options{Path: loc.Path}, create)
		if err != nil {
			return nil, fmt.Errorf("open the cloud copy %s: %w", loc, err)
		}
		return st, nil
	}
	return openS3(ctx, loc, credPath)
}

func openS3(ctx context.Context, loc Location, credPath string) (blob.Storage, error) {
	if err := probe(ctx, loc); err != nil {
		return nil, err
	}
	// s3.New reads the bucket's storage settings: bounded like every later call.
	var st blob.Storage
	err := loc.Timeouts.watch(ctx, "open the storage", loc.Endpoint, func(ctx context.Context, _ func()) (err error) {
		st, err = s3.New(ctx, &s3.Options{
			BucketName:      loc.Bucket,
			Prefix:          loc.prefix(),
			Endpoint:        loc.Endpoint,
			DoNotUseTLS:     loc.PlainHTTP,
			Region:          loc.Region,
			AccessKeyID:     loc.AccessKey,
			SecretAccessKey: loc.SecretKey,
		}, false)
		return err
	})
	if err != nil {
		return nil, classify("open "+loc.String(), err)
	}
	return keylessStorage{Storage: boundedStorage{Storage: st, t: loc.Timeouts, where: loc.Endpoint},
		cfg: s3Config{Endpoint: loc.Endpoint, Bucket: loc.Bucket, Prefix: loc.Prefix, PlainHTTP: loc.PlainHTTP,
			Region: loc.Region, Credentials: credPath, Timeouts: loc.Timeouts}}, nil
}

// keylessStorage is kopia's S3 storage that describes itself (for the config
// file kopia writes on Connect) by our keyless s3Config.
type keylessStorage struct {
	blob.Storage
	cfg s3Config
}

func (s keylessStorage) ConnectionInfo() blob.ConnectionInfo {
	cfg := s.cfg
	return blob.ConnectionInfo{Type: s3Type, Config: &cfg}
}

// probe asks the server whether the bucket exists: one small request that
// tells apart a dead network, refused keys and a missing bucket, which
// kopia's storage would report alike as "not found" or after long retries.
func probe(ctx context.Context, loc Location) error {
	cli, err := minio.New(loc.Endpoint, &minio.Options{
		Creds:     miniocreds.NewStaticV4(loc.AccessKey, loc.SecretKey, ""),
		Secure:    !loc.PlainHTTP,
		Region:    loc.Region,
		Transport: loc.Timeouts.transport(),
	})
	if err != nil {
		return fmt.Errorf("the server address %q is not valid: %w", loc.Endpoint, err)
	}
	// One small request, bounded as a whole by probeTimeout (or a shorter
	// stall), so a dead network gives a clear answer in seconds instead of
	// minio's retries stacking up.
	bound := loc.Timeouts.withDefaults()
	bound.Stall = min(bound.Stall, probeTimeout)
	var ok bool
	err = bound.watch(ctx, "contact the server", loc.Endpoint, func(ctx context.Context, _ func()) (err error) {
		ok, err = cli.BucketExists(ctx, loc.Bucket)
		return err
	})
	if err != nil {
		return classify("contact "+loc.String(), err)
	}
	if !ok {
		return fmt.Errorf("%w (%s)", ErrNoBucket, loc)
	}
	return nil
}

// ParseRepo reads a cloud copy's place as restic writes it:
// "s3:http[s]://HOST[:PORT]/BUCKET[/PREFIX]" for S3-compatible storage, or a
// folder path. The keys are not part of it: the caller adds them.
func ParseRepo(repo string) (Location, error) {
	rest, ok := strings.CutPrefix(repo, "s3:")
	if !ok {
		if repo == "" {
			return Location{}, errors.New("no cloud copy given: use s3:https://HOST/BUCKET[/PREFIX] or a folder")
		}
		p, err := filepath.Abs(repo)
		if err != nil {
			return Location{}, fmt.Errorf("the cloud copy folder %q: %w", repo, err)
		}
		return Location{Path: p}, nil
	}
	var loc Location
	switch {
	case strings.HasPrefix(rest, "https://"):
		rest = strings.TrimPrefix(rest, "https://")
	case strings.HasPrefix(rest, "http://"):
		rest, loc.PlainHTTP = strings.TrimPrefix(rest, "http://"), true
	default:
		return Location{}, fmt.Errorf("the cloud copy %q must start with s3:https:// (or s3:http:// for a server on this network)", repo)
	}
	host, path, _ := strings.Cut(rest, "/")
	bucket, prefix, _ := strings.Cut(strings.Trim(path, "/"), "/")
	if host == "" || bucket == "" {
		return Location{}, fmt.Errorf("the cloud copy %q needs a server and a bucket: s3:https://HOST[:PORT]/BUCKET[/PREFIX]", repo)
	}
	loc.Endpoint, loc.Bucket, loc.Prefix = host, bucket, prefix
	return loc, nil
}
