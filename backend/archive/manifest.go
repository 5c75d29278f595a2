package archive

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mahall/backend/notice"
	"sort"
	"strings"
)

// readManifest reads manifest.json to its end, so its CRC-32 is checked:
// the manifest is what every other entry is checked against.
func readManifest(zf *zip.File) (*Manifest, error) {
	if zf.UncompressedSize64 > maxManifestBytes {
		return nil, entryErr(zf.Name, ErrTooLarge, fmt.Sprintf("declares %d bytes, more than a manifest may hold (%d)", zf.UncompressedSize64, maxManifestBytes))
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, readErr(zf.Name, err)
	}
	defer rc.Close()
	body, err := io.ReadAll(io.LimitReader(rc, int64(zf.UncompressedSize64)+1))
	if err != nil {
		return nil, readErr(zf.Name, err)
	}
	if int64(len(body)) != int64(zf.UncompressedSize64) {
		return nil, entryErr(zf.Name, ErrChecksum, fmt.Sprintf("holds %d bytes, but its header declares %d", len(body), zf.UncompressedSize64))
	}
	return parseManifest(zf.Name, body)
}

// parseManifest decodes a manifest read from name and checks its format and
// version.
func parseManifest(name string, body []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, entryErr(name, ErrManifest, "not valid JSON: "+err.Error())
	}
	if m.Format != FormatName {
		return nil, entryErr(name, ErrManifest, fmt.Sprintf("format is %q, not %q", m.Format, FormatName))
	}
	if m.Version > FormatVersion {
		return nil, entryErr(name, ErrUnsupported, fmt.Sprintf(
			"the backup is format version %d, made by a newer program; this program reads version %d: update it to restore this backup",
			m.Version, FormatVersion))
	}
	if m.Version < 1 {
		return nil, entryErr(name, ErrManifest, fmt.Sprintf("format version %d is not valid", m.Version))
	}
	return &m, nil
}

// applyManifest checks that the manifest and the archive describe the same
// files, with the same sizes, and attaches each file's SHA-256 to its entry.
func (a *Archive) applyManifest(m *Manifest) error {
	listed, err := listedFiles(m)
	if err != nil {
		return err
	}
	for i := range a.entries {
		e := &a.entries[i]
		f, ok := listed[e.Target] // in this layout the normalised name
		if !ok {
			return entryErr(e.Name, ErrChecksum, "is in the archive but not in its manifest")
		}
		if f.Size != e.Size {
			return entryErr(e.Name, ErrChecksum, fmt.Sprintf("is %d bytes in the archive, but the manifest says %d", e.Size, f.Size))
		}
		e.SHA256 = f.SHA256
		delete(listed, e.Target)
	}
	for i := range a.DBSidecars {
		e := &a.DBSidecars[i]
		f, ok := listed[e.Target]
		if !ok || m.Damaged == nil {
			return entryErr(e.Name, ErrUnsafe, "unexpected entry: a "+string(LayoutV1)+" backup holds it only beside a database marked damaged")
		}
		if f.Size != e.Size {
			return entryErr(e.Name, ErrChecksum, fmt.Sprintf("is %d bytes in the archive, but the manifest says %d", e.Size, f.Size))
		}
		e.SHA256 = f.SHA256
		delete(listed, e.Target)
	}
	for _, f := range m.Files { // in manifest order, so the message is stable
		if _, missing := listed[f.Name]; missing {
			return entryErr(f.Name, ErrChecksum, "is listed in the manifest but missing from the archive")
		}
	}
	db := a.entries[a.dbIndex()]
	if m.Database.SHA256 != db.SHA256 || m.Database.Size != db.Size {
		return entryErr(DBName, ErrChecksum, "the manifest's database size or SHA-256 disagrees with its own file list")
	}
	if a.hasReadme && m.Damaged == nil {
		return entryErr(DamagedReadme, ErrUnsafe, "unexpected entry: the manifest does not say the database is damaged")
	}
	if m.Damaged != nil {
		a.Warnings = append(a.Warnings, notice.Damaged(m.Damaged.Reason))
	}
	a.Manifest = m
	return nil
}

// listedFiles checks every file the manifest lists (a valid, unique name, a
// size, a SHA-256) and returns them by name.
func listedFiles(m *Manifest) (map[string]FileInfo, error) {
	listed := make(map[string]FileInfo, len(m.Files))
	folded := make(map[string]string, len(m.Files))
	for _, f := range m.Files {
		bad := func(reason string) error {
			return entryErr(ManifestName, ErrManifest, fmt.Sprintf("file %s: %s", printable(f.Name), reason))
		}
		if f.Name == ManifestName {
			return nil, bad("the manifest must not list itself")
		}
		if clean, _, err := CheckStoredName(f.Name); err != nil || clean != f.Name || strings.HasSuffix(clean, "/") {
			return nil, bad("not a valid entry name")
		}
		if f.Size < 0 {
			return nil, bad("negative size")
		}
		if !isSHA256Hex(f.SHA256) {
			return nil, bad("sha256 is not 64 lower-case hex digits")
		}
		if _, dup := folded[foldKey(f.Name)]; dup {
			return nil, bad("listed twice")
		}
		folded[foldKey(f.Name)] = f.Name
		listed[f.Name] = f
	}
	return listed, nil
}

// Damaged reports whether the backup's database is a raw copy of a damaged
// register (see Manifest.Damaged).
func (a *Archive) Damaged() bool { return a.Manifest != nil && a.Manifest.Damaged != nil }

func (a *Archive) dbIndex() int {
	for i, e := range a.entries {
		if e.Target == DBName {
			return i
		}
	}
	panic("archive: no database entry") // check guarantees one
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := range len(s) {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// MissingPhotos returns those of photos (society_member.photo values as the
// database holds them) for which held reports no entry, sorted: the members
// left without a photo by a restore of the backup. held is asked for an
// entry's Target ("media/…"). The backup records them in its manifest with
// this rule, and a preview of an older backup applies it to the database.
func MissingPhotos(photos []string, held func(target string) bool) []string {
	var missing []string
	for _, ph := range photos {
		if !held(MediaPrefix + strings.TrimPrefix(ph, "/")) {
			missing = append(missing, ph)
		}
	}
	sort.Strings(missing)
	return missing
}

// filesNull is how the manifest without its file list encodes that list.
var filesNull = []byte("\n  \"files\": null")

// writeManifest writes m to dst as json.MarshalIndent(m, "", "  ") and a
// newline would, but one file at a time: on L (64,000 photos) encoding it
// whole took about 30 MB at once (the compact encoding, its indented copy and
// their buffers), which was the peak of the backup's live heap (49 MB before
// it, 78 MB during it, GODEBUG=gctrace=1).
func writeManifest(dst io.Writer, m Manifest) error {
	files := m.Files
	m.Files = nil
	head, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	// Strings in JSON hold no raw newline, so this is the key itself.
	at := bytes.Index(head, filesNull)
	if at < 0 {
		return fmt.Errorf("encode %s: no file list", ManifestName)
	}
	bw := bufio.NewWriterSize(dst, 64<<10)
	bw.Write(head[:at+len(filesNull)-len("null")])
	switch {
	case files == nil:
		bw.WriteString("null")
	case len(files) == 0:
		bw.WriteString("[]")
	default:
		bw.WriteByte('[')
		for i, f := range files {
			if i > 0 {
				bw.WriteByte(',')
			}
			b, err := json.MarshalIndent(f, "    ", "  ")
			if err != nil {
				return err
			}
			bw.WriteString("\n    ")
			bw.Write(b)
		}
		bw.WriteString("\n  ]")
	}
	bw.Write(head[at+len(filesNull):])
	bw.WriteByte('\n')
	return bw.Flush()
}
