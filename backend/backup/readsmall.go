package backup

import (
	"errors"
	"fmt"
	"io"
)

// readSmallPortable is readSmall through package os: what every system but
// Linux uses, and what Options.NoRawRead measures Linux's raw reads against.
func readSmallPortable(m mediaFile, buf []byte) fetched {
	it := fetched{m: m, buf: buf}
	f, err := openListed(m)
	if err != nil {
		it.err = err
		return it
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		it.err = fmt.Errorf("stat %s: %w", m.path, err)
		return it
	}
	if st.Size() > smallFileMax {
		it.stream = true
		return it
	}
	// One byte more than the size, so a file that grew since the stat
	// fills the buffer and is streamed instead of being cut short.
	if need := int(st.Size()) + 1; cap(it.buf) < need {
		it.buf = make([]byte, max(need, minPrefetchBuf))
	}
	n, err := io.ReadFull(f, it.buf[:cap(it.buf)])
	switch {
	case err == nil:
		it.stream = true
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		it.data = it.buf[:n]
		it.modTime = st.ModTime()
	default:
		it.err = fmt.Errorf("read %s: %w", m.path, err)
	}
	return it
}
