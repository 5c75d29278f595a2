// Package cloud keeps off-site copies of the register in a kopia repository on
// S3-compatible storage (or in a folder): incremental (only changed data is
// sent), deduplicated, compressed and encrypted with the backup password.
//
// A cloud snapshot holds a folder laid out as a restore expects (db.sqlite3,
// media/..., manifest.json); Restore writes one back into a staging folder and
// the caller checks and swaps it in as for any backup. Since these are plain
// kopia snapshots, kopia's own CLI and KopiaUI can list and restore them too.
//
// What this computer needs to reconnect lives in one folder the caller
// chooses (Connect's dir, outside what backups copy): kopia's config file and
// cache, and the keys and password, protected at rest by package secret.
package cloud

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/kopia/kopia/repo"
	"github.com/kopia/kopia/repo/content"
	"github.com/kopia/kopia/repo/maintenance"
	"github.com/kopia/kopia/snapshot/policy"

	"mahall/backend/secret"
)

// Every computer connects under one kopia identity, so snapshots made on an
// old computer and a new one form a single history (incremental across
// them), and maintenance, which kopia lets only its owner run, stays ours.
const (
	kopiaHost = "mahall"
	kopiaUser = "register"
)

const (
	configName      = "repository.config"
	credentialsName = "credentials"
	cacheName       = "cache"
)

// Repository is an open connection to a cloud copy. Close it when done.
type Repository struct {
	rep repo.DirectRepository
}

// credentials is what secret protects: the keys and the repository password.
type credentials struct {
	AccessKey string `json:"accessKey,omitempty"`
	SecretKey string `json:"secretKey,omitempty"`
	Password  string `json:"password"`
}

func loadCredentials(path string) (credentials, error) {
	var c credentials
	data, err := secret.Load(path)
	if errors.Is(err, secret.ErrNotFound) {
		return c, fmt.Errorf("%w (%w)", ErrNotConnected, err)
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("read cloud credentials %s: %w", path, err)
	}
	return c, nil
}

func saveCredentials(path string, c credentials) error {
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return secret.Save(path, data)
}

// Init creates a new, empty cloud copy at loc, encrypted with password, and
// connects this computer to it (see Connect). It fails with
// ErrAlreadyInitialized when loc already holds one.
func Init(ctx context.Context, dir string, loc Location, password string) (*Repository, error) {
	if password == "" {
		return nil, errors.New("a cloud copy needs a backup password")
	}
	st, err := openStorage(ctx, loc, filepath.Join(dir, credentialsName), true)
	if err != nil {
		return nil, err
	}
	err = repo.Initialize(ctx, st, &repo.NewRepositoryOptions{}, password)
	st.Close(ctx) //nolint:errcheck // nothing was written through it after Initialize
	if err != nil {
		return nil, classify("set up the cloud copy in "+loc.String(), err)
	}
	r, err := Connect(ctx, dir, loc, password)
	if err != nil {
		return nil, err
	}
	if err := r.setDefaults(ctx); err != nil {
		r.Close(ctx)
		return nil, err
	}
	return r, nil
}

// Connect connects this computer to the existing cloud copy at loc: it checks
// the password, then keeps in dir what Open needs (kopia's config and cache,
// and the keys and password through package secret). dir must not be inside
// the data a backup copies. An earlier connection in dir is replaced.
func Connect(ctx context.Context, dir string, loc Location, password string) (*Repository, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create the cloud copy folder: %w", err)
	}
	credPath := filepath.Join(dir, credentialsName)
	st, err := openStorage(ctx, loc, credPath, false)
	if err != nil {
		return nil, err
	}
	defer st.Close(ctx) //nolint:errcheck

	configFile := filepath.Join(dir, configName)
	if _, err := os.Stat(configFile); err == nil {
		if err := repo.Disconnect(ctx, configFile); err != nil {
			return nil, fmt.Errorf("replace the earlier cloud copy connection: %w", err)
		}
	}
	// Open, inside repo.Connect, reads the keys back through our storage type.
	if err := saveCredentials(credPath, credentials{AccessKey: loc.AccessKey, SecretKey: loc.SecretKey, Password: password}); err != nil {
		return nil, err
	}
	err = repo.Connect(ctx, configFile, st, password, &repo.ConnectOptions{
		ClientOptions: repo.ClientOptions{
			Hostname:    kopiaHost,
			Username:    kopiaUser,
			Description: "Mahall Software cloud copy",
		},
		CachingOptions: content.CachingOptions{
			CacheDirectory:         filepath.Join(dir, cacheName),
			ContentCacheSizeBytes:  64 << 20,
			MetadataCacheSizeBytes: 64 << 20,
		},
	})
	if err != nil {
		secret.Delete(credPath) //nolint:errcheck // best effort: the connection failed anyway
		return nil, classify("connect to the cloud copy in "+loc.String(), err)
	}
	return Open(ctx, dir)
}

// Open reopens the connection Connect kept in dir, with no questions asked.
// It fails with ErrNotConnected when there is none.
func Open(ctx context.Context, dir string) (*Repository, error) {
	configFile := filepath.Join(dir, configName)
	if _, err := os.Stat(configFile); err != nil {
		return nil, fmt.Errorf("%w (%w)", ErrNotConnected, err)
	}
	cr, err := loadCredentials(filepath.Join(dir, credentialsName))
	if err != nil {
		return nil, err
	}
	r, err := repo.Open(ctx, configFile, cr.Password, &repo.Options{
		// kopia's default is os.Exit(1): a background backup must never end the app.
		OnFatalError: func(err error) { slog.Error("cloud copy: fatal repository error", "err", err) },
		// kopia would otherwise store its own diagnostic log in the bucket on
		// every run: bytes a slow connection does not need to send.
		DisableInternalLog: true,
	})
	if err != nil {
		return nil, classify("open the cloud copy", err)
	}
	dr, ok := r.(repo.DirectRepository)
	if !ok {
		r.Close(ctx) //nolint:errcheck
		return nil, errors.New("open the cloud copy: not a direct repository connection")
	}
	return &Repository{rep: dr}, nil
}

// Disconnect forgets the connection kept in dir (config, cache and
// credentials); the cloud copy itself is untouched.
func Disconnect(ctx context.Context, dir string) error {
	configFile := filepath.Join(dir, configName)
	if _, err := os.Stat(configFile); err == nil {
		if err := repo.Disconnect(ctx, configFile); err != nil {
			return fmt.Errorf("disconnect the cloud copy: %w", err)
		}
	}
	return secret.Delete(filepath.Join(dir, credentialsName))
}

// Close releases the connection.
func (r *Repository) Close(ctx context.Context) error {
	if err := r.rep.Close(ctx); err != nil {
		return fmt.Errorf("close the cloud copy: %w", err)
	}
	return nil
}

// setDefaults runs once on a new repository: our source's policy
// (compression, default retention) and maintenance owned by our identity.
func (r *Repository) setDefaults(ctx context.Context) error {
	err := repo.WriteSession(ctx, r.rep, repo.WriteSessionOptions{Purpose: "mahall-init"}, func(ctx context.Context, w repo.RepositoryWriter) error {
		if err := policy.SetPolicy(ctx, w, policy.GlobalPolicySourceInfo, policy.DefaultPolicy); err != nil {
			return err
		}
		if err := policy.SetPolicy(ctx, w, source, sourcePolicy(DefaultRetention)); err != nil {
			return err
		}
		p := maintenance.DefaultParams()
		p.Owner = w.ClientOptions().UsernameAtHost()
		return maintenance.SetParams(ctx, w, &p)
	})
	return classify("set up the cloud copy's policy", err)
}

// ConnectTemporary connects to the cloud copy at loc in a new temporary
// folder, for a look (list, check, a test of the settings) or a restore
// that must not touch a connection kept elsewhere. release closes the
// connection and removes the folder.
func ConnectTemporary(ctx context.Context, loc Location, password string) (r *Repository, release func(), err error) {
	dir, err := os.MkdirTemp("", "mahall-cloud-*")
	if err != nil {
		return nil, nil, fmt.Errorf("create a temporary folder: %w", err)
	}
	r, err = Connect(ctx, dir, loc, password)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return r, func() { r.Close(ctx); os.RemoveAll(dir) }, nil //nolint:errcheck // only read through it
}

// Connected reports whether dir holds a connection Open can reopen.
func Connected(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, configName))
	return err == nil
}
