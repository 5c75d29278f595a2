package auto

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"mahall/backend/folder"
)

// Fingerprint sums up the register's content cheaply, so that an automatic
// backup can be skipped when nothing changed since the last one: the
// database file's size, modification time and SQLite's file change counter
// (header bytes 24-27, bumped by every write transaction in rollback mode),
// the -wal file's size and time (WAL mode writes there until a checkpoint),
// and every media file's name, size and modification time. It reads one
// 100-byte header and stats files, so thousands of photos take a fraction
// of a second. A change it sees that is not a change of content (a
// checkpoint) only costs one more backup; a change of content always moves
// one of these.
func Fingerprint(ctx context.Context, l folder.Layout) (string, error) {
	h := sha256.New()
	num := func(v int64) { binary.Write(h, binary.LittleEndian, v) }
	str := func(s string) { num(int64(len(s))); io.WriteString(h, s) }

	db := l.DB()
	st, err := os.Stat(db)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", db, err)
	}
	num(st.Size())
	num(st.ModTime().UnixNano())
	hdr := make([]byte, 100)
	f, err := os.Open(db)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", db, err)
	}
	n, _ := io.ReadFull(f, hdr)
	f.Close()
	h.Write(hdr[:n])
	for _, side := range []string{"-wal", "-journal"} {
		if st, err := os.Stat(db + side); err == nil {
			str(side)
			num(st.Size())
			num(st.ModTime().UnixNano())
		}
	}

	media := l.Media()
	err = filepath.WalkDir(media, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == media && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(media, p)
		str(filepath.ToSlash(rel))
		num(info.Size())
		num(info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("look at the media folder %s: %w", media, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
