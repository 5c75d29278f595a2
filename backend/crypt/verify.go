package crypt

import (
	"context"
	"io"

	"mahall/backend/progress"
)

// verifyBlock is how much is decrypted between two looks at the context: a
// whole number of age's 64 KiB chunks, so each is decrypted once.
const verifyBlock = 16 * 64 << 10

// Verify decrypts the whole inner ZIP once and discards it, so that every
// chunk has been authenticated: a flipped byte anywhere in the payload is an
// error wrapping ErrDamaged, before any of the backup's data has been used.
func (o *Opened) Verify(ctx context.Context, report progress.Func) error {
	report = progress.OrNop(report)
	buf := make([]byte, verifyBlock)
	for off := int64(0); off < o.size; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := o.ReadAt(buf, off)
		off += int64(n)
		if err != nil && (err != io.EOF || off != o.size) {
			return err
		}
		report(progress.Update{Phase: progress.PhaseValidate, BytesDone: off, BytesTotal: o.size, Current: EntryPayload})
	}
	return nil
}

// OpenVerified is Open followed by Verify: the way to open a backup whose
// data is going to be restored.
func OpenVerified(ctx context.Context, path string, key Key, report progress.Func) (*Opened, error) {
	o, err := Open(path, key)
	if err != nil {
		return nil, err
	}
	if err := o.Verify(ctx, report); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}
