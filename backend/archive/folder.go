package archive

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// A backup folder is a backup laid out as files instead of ZIP entries:
// db.sqlite3, media/... and manifest.json, the same names and the same
// manifest. Cloud copies store one (package cloud); a restore checks it as
// strictly as a ZIP: every file listed, with its size and SHA-256, and
// nothing else.

// WriteFolderManifest hashes every regular file under dir (db.sqlite3 first,
// then the rest by name) and writes dir/manifest.json from m, filling in
// Format, Version, Files and the database's size and SHA-256. It returns the
// manifest written. Only regular files and folders may be in dir.
func WriteFolderManifest(ctx context.Context, dir string, m Manifest) (Manifest, error) {
	names, err := folderFiles(dir)
	if err != nil {
		return Manifest{}, err
	}
	m.Format, m.Version = FormatName, FormatVersion
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now()
	}
	m.CreatedAt = m.CreatedAt.UTC()
	m.Files = nil
	for _, name := range names {
		info, err := hashFolderFile(ctx, dir, name)
		if err != nil {
			return Manifest{}, err
		}
		m.Files = append(m.Files, info)
		if name == DBName {
			m.Database.Size, m.Database.SHA256 = info.Size, info.SHA256
		}
	}
	if m.Database.SHA256 == "" {
		return Manifest{}, fmt.Errorf("%w (folder %s)", ErrNoDB, dir)
	}
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("encode %s: %w", ManifestName, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), append(body, '\n'), 0o600); err != nil {
		return Manifest{}, fmt.Errorf("write %s: %w", ManifestName, err)
	}
	return m, nil
}

// VerifyFolder checks the backup folder dir against its manifest.json: the
// manifest is ours and valid, every file it lists is there with its size and
// SHA-256, the database agrees with it, and no other file is there. It
// returns the manifest. Errors wrap the same sentinels as a ZIP's checks.
func VerifyFolder(ctx context.Context, dir string) (*Manifest, error) {
	body, err := readBounded(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	m, err := parseManifest(ManifestName, body)
	if err != nil {
		return nil, err
	}
	listed, err := listedFiles(m)
	if err != nil {
		return nil, err
	}
	names, err := folderFiles(dir)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		want, ok := listed[name]
		if !ok {
			return nil, entryErr(name, ErrChecksum, "is in the backup but not in its manifest")
		}
		got, err := hashFolderFile(ctx, dir, name)
		if err != nil {
			return nil, err
		}
		if got.Size != want.Size {
			return nil, entryErr(name, ErrChecksum, fmt.Sprintf("is %d bytes, but the manifest says %d", got.Size, want.Size))
		}
		if got.SHA256 != want.SHA256 {
			return nil, entryErr(name, ErrChecksum, "does not match the SHA-256 in the manifest")
		}
		delete(listed, name)
	}
	for _, f := range m.Files {
		if _, missing := listed[f.Name]; missing {
			return nil, entryErr(f.Name, ErrChecksum, "is listed in the manifest but missing from the backup")
		}
	}
	db, ok := fileInfo(m, DBName)
	if !ok {
		return nil, fmt.Errorf("%w (folder %s)", ErrNoDB, dir)
	}
	if m.Database.SHA256 != db.SHA256 || m.Database.Size != db.Size {
		return nil, entryErr(DBName, ErrChecksum, "the manifest's database size or SHA-256 disagrees with its own file list")
	}
	return m, nil
}

func fileInfo(m *Manifest, name string) (FileInfo, bool) {
	for _, f := range m.Files {
		if f.Name == name {
			return f, true
		}
	}
	return FileInfo{}, false
}

func readBounded(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, entryErr(ManifestName, ErrManifest, "cannot be read: "+err.Error())
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxManifestBytes+1))
	if err != nil {
		return nil, readErr(ManifestName, err)
	}
	if len(body) > maxManifestBytes {
		return nil, entryErr(ManifestName, ErrTooLarge, fmt.Sprintf("is larger than a manifest may be (%d bytes)", maxManifestBytes))
	}
	return body, nil
}

// folderFiles lists the files of the backup folder dir as entry names
// ("/"-separated), db.sqlite3 first, manifest.json left out. Anything but a
// regular file or a folder (a link, a device) is refused, as in a ZIP.
func folderFiles(dir string) ([]string, error) {
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			return nil
		case !d.Type().IsRegular():
			return entryErr(name, ErrUnsafe, "is not a regular file ("+typeName(d.Type())+")")
		case name == ManifestName:
			return nil
		}
		if clean, err := CheckName(name); err != nil || clean != name {
			return entryErr(name, ErrUnsafe, "is not a valid name in a backup")
		}
		names = append(names, name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read backup folder %s: %w", dir, err)
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == DBName) != (names[j] == DBName) {
			return names[i] == DBName
		}
		return strings.Compare(names[i], names[j]) < 0
	})
	return names, nil
}

func hashFolderFile(ctx context.Context, dir, name string) (FileInfo, error) {
	if err := ctx.Err(); err != nil {
		return FileInfo{}, err
	}
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return FileInfo{}, readErr(name, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return FileInfo{}, readErr(name, err)
	}
	return FileInfo{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
