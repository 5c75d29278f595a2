package cloud

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRetentionMaintenanceAndCheck on a folder repository: the keep rules
// remove old snapshots, maintenance leaves the kept one intact, and Check
// notices a missing piece.
func TestRetentionMaintenanceAndCheck(t *testing.T) {
	ctx := t.Context()
	src := t.TempDir()
	makeRegister(t, src, 20)
	repoDir := t.TempDir()
	loc := Location{Path: repoDir}

	r, err := Init(ctx, t.TempDir(), loc, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(ctx)
	if err := r.SetRetention(ctx, Retention{Last: 2}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for i := range 4 {
		changeRegister(t, src, 1, uint64(100+i))
		s, err := r.Snapshot(ctx, src, testMeta, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	list, err := r.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != ids[3] || list[1].ID != ids[2] {
		t.Fatalf("with keep-last 2, List = %+v; want %s then %s", list, ids[3], ids[2])
	}
	if err := r.SetRetention(ctx, Retention{}); err == nil {
		t.Error("SetRetention accepted keeping no snapshot at all")
	}

	if err := r.Maintain(ctx, false); err != nil {
		t.Fatal(err)
	}
	if err := r.Maintain(ctx, true); err != nil {
		t.Fatal(err)
	}
	if n, err := r.Check(ctx, 100); err != nil || n != len(list) {
		t.Fatalf("Check of a healthy cloud copy: %d snapshots checked, %v; want %d, nil", n, err, len(list))
	}
	dst := t.TempDir()
	if err := r.Restore(ctx, list[0].ID, dst, nil); err != nil {
		t.Fatal(err)
	}
	sameTree(t, hashTree(t, src), hashTree(t, dst))
	if err := r.Restore(ctx, list[0].ID, dst, nil); err == nil {
		t.Error("Restore into a folder that is not empty succeeded")
	}
	if err := r.Restore(ctx, ids[0], t.TempDir(), nil); !errors.Is(err, ErrNoSnapshot) {
		t.Errorf("Restore of a snapshot the keep rules removed = %v, want ErrNoSnapshot", err)
	}

	// Remove the data packs from the storage (one alone might hold only data
	// of the snapshots the keep rules removed): a fresh connection, with no
	// cache, must report the copy damaged.
	var removed int
	err = filepath.WalkDir(repoDir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(repoDir, p); !d.IsDir() && strings.HasPrefix(rel, "p") {
			removed++
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if removed == 0 {
		t.Fatal("found no data pack in the repository folder")
	}
	r2, err := Connect(ctx, t.TempDir(), loc, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close(ctx)
	if _, err := r2.Check(ctx, 0); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Check with a pack removed = %v, want ErrDamaged", err)
	}
}

// TestSnapshotCancelled: a cancelled snapshot says so (context.Canceled, which
// the UI shows as "cancelled") and leaves no snapshot behind.
func TestSnapshotCancelled(t *testing.T) {
	src := t.TempDir()
	makeRegister(t, src, 20)
	r, err := Init(t.Context(), t.TempDir(), Location{Path: t.TempDir()}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close(t.Context())
	ctx, cancel := context.WithCancel(t.Context())
	_, err = r.Snapshot(ctx, src, testMeta, func(p Progress) {
		if p.Bytes > 0 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Snapshot = %v, want context.Canceled", err)
	}
	if list, err := r.List(t.Context()); err != nil || len(list) != 0 {
		t.Fatalf("after a cancelled snapshot List = %+v, %v; want none", list, err)
	}
}
