package backup

import (
	"errors"
	"fmt"
	"os"
)

// errReplaced: a media file is no longer the regular file the listing saw
// (swapped for a symbolic link, a FIFO or another file). Following it could
// put anything on the disk into the backup under the photo's name.
var errReplaced = errors.New("replaced since the media folder was listed")

func changedErr(m mediaFile) error {
	return fmt.Errorf("%s: %w", m.path, errReplaced)
}

// openListed opens the media file m for streaming without following a
// symbolic link and without blocking on a FIFO, and checks it is still the
// regular file that was listed (errReplaced otherwise).
func openListed(m mediaFile) (*os.File, error) {
	f, err := openNoFollow(m.path)
	if err != nil {
		if isLoop(err) {
			return nil, changedErr(m)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("stat %s: %w", m.path, err)
	}
	if !st.Mode().IsRegular() || !m.id.is(st) {
		f.Close()
		return nil, changedErr(m)
	}
	return f, nil
}
