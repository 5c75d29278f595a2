package crypt

import (
	"context"
	"errors"
	"fmt"
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

// CheckStored checks an encrypted backup as far as is possible without its
// key, for automatic backups, which have none: the container's structure,
// its description and wrapped key, and every byte of the payload read to its
// end against the ZIP's CRC-32, so a truncated file or a byte changed on the
// way to the disk is found. It cannot tell a payload that was crafted to
// match its CRC; only Verify with the key authenticates that.
func CheckStored(ctx context.Context, path string, report progress.Func) error {
	report = progress.OrNop(report)
	f, zr, err := openZip(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := readHeader(path, zr); err != nil {
		return err
	}
	zf := find(zr, EntryPayload)
	if zf == nil {
		return damaged(path, EntryPayload, errors.New("missing, or there twice"))
	}
	rc, err := zf.Open()
	if err != nil {
		return damaged(path, EntryPayload, err)
	}
	defer rc.Close()
	total := int64(zf.UncompressedSize64)
	buf := make([]byte, verifyBlock)
	var done int64
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := rc.Read(buf)
		done += int64(n)
		if err == io.EOF {
			break
		}
		if err != nil {
			return damaged(path, EntryPayload, err)
		}
		report(progress.Update{Phase: progress.PhaseVerify, BytesDone: done, BytesTotal: total, Current: EntryPayload})
	}
	if done != total {
		return damaged(path, EntryPayload, fmt.Errorf("%d bytes, its header says %d", done, total))
	}
	return nil
}
