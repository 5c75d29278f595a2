package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"mahall/backend/archive"
	"mahall/backend/notice"
)

// mediaFile is one file the backup will hold.
type mediaFile struct {
	name string // entry name, "media/…"
	path string // on disk
	size int64  // when listed
	id   fileID // from the listing's Lstat, to check the file opened is still this one
}

type mediaList struct {
	files    []mediaFile // in walk order: sorted by name within each folder
	bytes    int64
	warnings []notice.Notice
	// unportable are the names kept although Windows cannot hold them.
	unportable []string
	err        error
}

// unportableWarning says, once for all of them, that files with names
// Windows cannot hold are in the backup and get new names in a Windows
// restore.
func (ml mediaList) unportableWarning() []notice.Notice {
	if len(ml.unportable) == 0 {
		return nil
	}
	const shown = 5
	names := strings.Join(ml.unportable[:min(shown, len(ml.unportable))], ", ")
	if len(ml.unportable) > shown {
		names += fmt.Sprintf(" and %d more", len(ml.unportable)-shown)
	}
	return []notice.Notice{notice.Unportable(len(ml.unportable), names, archive.PortableName(ml.unportable[0]))}
}

// walkMedia lists the regular files under dir. A missing or empty media
// folder is a register without photos, not an error. Links and special
// files are skipped with a warning: a backup carries files, and following
// a link could pull in anything on the disk. Names that the archive format
// refuses as unsafe are skipped with a warning too, as is the second of two
// names that differ only in case. Names that are safe but that Windows
// cannot hold (CON, a:b, a trailing dot) are kept: they are the user's
// photos; unportableWarning says a Windows restore renames them.
func walkMedia(ctx context.Context, dir string) (ml mediaList) {
	st, err := os.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return ml
	}
	if err != nil {
		ml.err = fmt.Errorf("read media folder %s: %w", dir, err)
		return ml
	}
	root := dir
	if st.Mode()&fs.ModeSymlink != 0 {
		// The media folder itself may live elsewhere (moved to a bigger
		// disk and linked back): that one link is followed.
		if root, err = filepath.EvalSymlinks(dir); err != nil {
			ml.err = fmt.Errorf("read media folder %s: %w", dir, err)
			return ml
		}
		if st, err = os.Stat(root); err != nil {
			ml.err = fmt.Errorf("read media folder %s: %w", dir, err)
			return ml
		}
	}
	if !st.IsDir() {
		ml.err = fmt.Errorf("media folder %s is not a folder", dir)
		return ml
	}

	seen := make(map[string]string) // folded entry name -> entry name
	ml.err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read media folder: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == root {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return fmt.Errorf("read media folder: %w", err)
		}
		name := archive.MediaPrefix + filepath.ToSlash(rel)
		switch t := d.Type(); {
		case t.IsDir():
			return nil
		case t&fs.ModeSymlink != 0:
			ml.warnings = append(ml.warnings, notice.Symlink(name))
			return nil
		case !t.IsRegular():
			ml.warnings = append(ml.warnings, notice.NotRegular(name))
			return nil
		}
		if _, problem, err := archive.CheckStoredName(name); err != nil {
			ml.warnings = append(ml.warnings, notice.BadName(err))
			return nil
		} else if problem != "" {
			ml.unportable = append(ml.unportable, name)
		}
		key := strings.ToLower(name)
		if prev, ok := seen[key]; ok {
			ml.warnings = append(ml.warnings, notice.CaseTwin(name, prev))
			return nil
		}
		seen[key] = name
		info, err := listInfo(p, d)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed since the folder was read
		}
		if err != nil {
			return fmt.Errorf("read media folder: %w", err)
		}
		ml.files = append(ml.files, mediaFile{name: name, path: p, size: info.Size(), id: idOf(info)})
		ml.bytes += info.Size()
		return nil
	})
	return ml
}
