// Package catalog finds the backups in a folder: which files are Mahall
// backups (and which are safety backups), when each was made and what it
// holds, read from its manifest without extracting anything. The history
// list, the CLI's list and prune, and retention's input come from here.
package catalog

import (
	"cmp"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"mahall/backend/archive"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/retention"
)

// Backup is one file found in a backups folder.
type Backup struct {
	Path string         `json:"path"`
	Size int64          `json:"size"`
	Time time.Time      `json:"time"` // the manifest's created_at, else the file's modification time
	Kind retention.Kind `json:"-"`
	// Safety is true for a restore's safety backup (pre-restore-*).
	Safety bool `json:"safety"`
	// Format is "mahall-backup/1" or a legacy layout ("A", "B", "C").
	Format string `json:"format"`
	// Members is the member count from the manifest; -1 when unknown (a
	// legacy backup has no manifest, and counting would mean extracting).
	Members int64 `json:"members"`
	Photos  int   `json:"photos"`
	// Verified is filled in by the caller from the history.
	Verified bool `json:"verified"`
	// Encrypted: a password-protected backup (backend/crypt). Its time comes
	// from its readable description; members and photos are inside the
	// encrypted part, so both are -1 (unknown) until it is opened.
	Encrypted bool `json:"encrypted"`
}

// Scan lists the files in dir that look like backups (*.zip, not hidden: a
// hidden .zip is a backup being written), newest first. A .zip that is not
// a readable Mahall backup is listed with Kind retention.Other, so that
// retention keeps it and the user sees it. A missing dir is an error that
// matches fs.ErrNotExist.
func Scan(dir string) ([]Backup, error) {
	es, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("look for backups in %s: %w", dir, err)
	}
	var out []Backup
	for _, e := range es {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.EqualFold(filepath.Ext(name), ".zip") || !e.Type().IsRegular() {
			continue
		}
		out = append(out, Read(filepath.Join(dir, name)))
	}
	Sort(out)
	return out, nil
}

// Read describes the one file at path. It never fails: what cannot be read
// is a file of Kind Other with its modification time.
//
// A backup is written once under its final name and never changed, so what
// was read of a file is kept while its size and modification time stay the
// same: the history list is asked for often (after every backup, on every
// visit), and reading a 16,000-photo backup's central directory again took
// 1.5 s of the app's answer while a backup of M ran (make bench, issue 12's
// click goal).
func Read(path string) Backup {
	st, err := os.Stat(path)
	if err != nil {
		return Backup{Path: path, Members: -1, Kind: retention.Other}
	}
	if b, ok := seen.get(path, st); ok {
		return b
	}
	b := read(path, st)
	seen.put(path, st, b)
	return b
}

func read(path string, st os.FileInfo) Backup {
	b := Backup{Path: path, Members: -1, Kind: retention.Other}
	b.Size, b.Time = st.Size(), st.ModTime()
	a, err := archive.Open(path, archive.DefaultLimits)
	if err != nil {
		if h, herr := crypt.ReadHeader(path); herr == nil {
			return encrypted(b, h.Description.Created)
		}
		return b
	}
	defer a.Close()
	b.Kind, b.Format, b.Photos = retention.Regular, string(a.Layout), len(a.Media)
	if folder.IsSafetyBackup(filepath.Base(path)) {
		b.Kind, b.Safety = retention.Safety, true
	}
	if m := a.Manifest; m != nil {
		if !m.CreatedAt.IsZero() {
			b.Time = m.CreatedAt
		}
		if n, ok := m.Database.Tables["society_member"]; ok {
			b.Members = n
		}
	}
	b.Time = b.Time.Local()
	return b
}

// encrypted is b, a password-protected backup made at created.
func encrypted(b Backup, created time.Time) Backup {
	b.Kind, b.Format, b.Encrypted, b.Members, b.Photos = retention.Regular, crypt.Format, true, -1, -1
	if folder.IsSafetyBackup(filepath.Base(b.Path)) {
		b.Kind, b.Safety = retention.Safety, true
	}
	if !created.IsZero() {
		b.Time = created
	}
	b.Time = b.Time.Local()
	return b
}

// Made is what Read will say of a backup this program has just written
// and checked at path: the same description, from what the writer knew,
// remembered so that the first look at the history after a backup does not
// read the new file's whole central directory again (during a background
// backup of L that look took 1.6 s, make bench's click goal).
type Made struct {
	CreatedAt time.Time
	Members   int64 // -1 when unknown
	Photos    int
	Encrypted bool
}

// Remember records m as what Read says of the file at path, as it is on
// disk now.
func Remember(path string, m Made) {
	st, err := os.Stat(path)
	if err != nil {
		return
	}
	b := Backup{Path: path, Size: st.Size(), Time: st.ModTime(), Members: -1, Kind: retention.Other}
	if m.Encrypted {
		seen.put(path, st, encrypted(b, m.CreatedAt.UTC().Truncate(time.Second)))
		return
	}
	b.Kind, b.Format, b.Photos, b.Members, b.Time = retention.Regular, string(archive.LayoutV1), m.Photos, m.Members, m.CreatedAt.Local()
	if folder.IsSafetyBackup(filepath.Base(path)) {
		b.Kind, b.Safety = retention.Safety, true
	}
	seen.put(path, st, b)
}

// seen is Read's memory of the files it has read, by path.
var seen = &readCache{m: map[string]cached{}}

// cacheMax bounds what Read keeps: far more backups than any folder holds
// (retention keeps a few dozen), so the bound only guards a folder of
// thousands of unrelated .zip files.
const cacheMax = 4096

type cached struct {
	size    int64
	modTime time.Time
	b       Backup
}

type readCache struct {
	mu sync.Mutex
	m  map[string]cached
}

func (c *readCache) get(path string, st os.FileInfo) (Backup, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[path]
	if !ok || e.size != st.Size() || !e.modTime.Equal(st.ModTime()) {
		return Backup{}, false
	}
	return e.b, true
}

func (c *readCache) put(path string, st os.FileInfo, b Backup) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= cacheMax {
		clear(c.m)
	}
	c.m[path] = cached{size: st.Size(), modTime: st.ModTime(), b: b}
}

// Sort orders backups newest first (path breaks ties, so the order is stable).
func Sort(bs []Backup) {
	slices.SortStableFunc(bs, func(a, b Backup) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
}

// ForRetention is bs as retention's input.
func ForRetention(bs []Backup) []retention.Backup {
	out := make([]retention.Backup, len(bs))
	for i, b := range bs {
		out[i] = retention.Backup{ID: b.Path, Time: b.Time, Kind: b.Kind, Verified: b.Verified}
	}
	return out
}
