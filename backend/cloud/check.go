package cloud

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kopia/kopia/repo/blob"
	"github.com/kopia/kopia/snapshot/snapshotfs"
)

// ErrDamaged means the cloud copy is missing or has corrupt pieces.
var ErrDamaged = errors.New("the cloud copy is damaged: some of its data is missing or unreadable. " +
	"Your data here is not affected; make a new cloud snapshot and run the check again")

// Check verifies that every piece of every complete snapshot is present in
// the storage, and returns how many snapshots it checked. readPercent (0 to
// 100) of the files are also downloaded, decrypted and checked in full; 0
// reads only kopia's index and one listing of the storage, which is cheap.
func (r *Repository) Check(ctx context.Context, readPercent float64) (checked int, err error) {
	snaps, err := r.List(ctx)
	if err != nil {
		return 0, err
	}
	// One listing of the storage lets the index check also see packs that
	// are gone from the bucket, without downloading them.
	blobs, err := blob.ReadBlobMap(ctx, r.rep.BlobReader())
	if err != nil {
		return 0, classify("list the cloud copy's storage", err)
	}
	v := snapshotfs.NewVerifier(ctx, r.rep, snapshotfs.VerifierOptions{VerifyFilesPercent: readPercent, MaxErrors: 20, BlobMap: blobs})
	res, err := v.InParallel(ctx, func(tw *snapshotfs.TreeWalker) error {
		for _, s := range snaps {
			man, err := loadManifest(ctx, r, s.ID)
			if err != nil {
				return err
			}
			root, err := snapshotfs.SnapshotRoot(r.rep, man)
			if err != nil {
				return err
			}
			tw.Process(ctx, root, s.ID) //nolint:errcheck // errors are collected by the walker
		}
		return nil
	})
	if err != nil || res.ErrorCount > 0 {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if k := kindOf(err); k == ErrUnreachable || k == ErrWrongCredentials {
			return 0, classify("check the cloud copy", err)
		}
		detail := strings.Join(res.ErrorStrings, "; ")
		if detail == "" && err != nil {
			detail = err.Error()
		}
		return 0, fmt.Errorf("%w (%d problems: %s)", ErrDamaged, max(res.ErrorCount, 1), detail)
	}
	return len(snaps), nil
}
