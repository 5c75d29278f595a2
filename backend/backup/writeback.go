package backup

import "os"

// writeBehindChunk is how much archive data is written before the kernel is
// asked to start putting it on disk.
const writeBehindChunk = 8 << 20

// writeBehind passes writes to the archive file and, every few megabytes,
// starts the disk writing what was just written (and waits for the chunk
// before it). The disk then works while the next files are read and hashed,
// instead of all at once in the final fsync (which is what `cp -r` followed
// by `sync` pays), and the dirty page cache stays a few chunks deep however
// large the backup is. The final fsync remains what makes the file durable;
// these are only hints, so their errors are ignored.
type writeBehind struct {
	f       *os.File
	off     int64 // bytes written so far
	started int64 // start of the chunk not yet handed to the disk
	prev    int64 // start of the chunk handed over last
}

func (w *writeBehind) Write(p []byte) (int, error) {
	n, err := w.f.Write(p)
	w.off += int64(n)
	if w.off-w.started >= writeBehindChunk {
		startWriteback(w.f, w.started, w.off-w.started)
		if w.started > w.prev {
			waitWriteback(w.f, w.prev, w.started-w.prev)
		}
		w.prev, w.started = w.started, w.off
	}
	return n, err
}
