package archive_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/archive/archivetest"
)

// fuzzLimits keep a mutated archive from making the fuzzer write much.
var fuzzLimits = archive.Limits{MaxEntries: 200, MaxTotalBytes: 4 << 20, MaxEntryBytes: 2 << 20, MaxRatio: 200, RatioFloor: 16 << 10}

// FuzzOpen: whatever the bytes, Open does not panic, and what it accepts
// only ever targets local paths; reading and extracting it does not panic
// and writes nothing outside the folder or beyond the declared sizes.
//
//	go test -fuzz=FuzzOpen -fuzztime=20s ./backend/archive
//
// Each run writes files, so on a busy disk it goes much faster with
// TMPDIR on a tmpfs (TMPDIR=/dev/shm) and -fuzzminimizetime=1s.
func FuzzOpen(f *testing.F) {
	db := fakeDB(3000)
	media := map[string][]byte{"members/photos/a.jpg": jpegBytes(f, 1), "members/ഫോട്ടോ b.png": pngBytes(f, 2)}
	f.Add(archivetest.Bytes(f, archivetest.V1(f, db, media, nil)))
	for _, l := range []archive.Layout{archive.LayoutA, archive.LayoutB, archive.LayoutC} {
		f.Add(archivetest.Bytes(f, archivetest.Legacy(l, db, media)))
	}
	dir := f.TempDir()
	for i, c := range archivetest.HostileCases(db) {
		if strings.Contains(c.Name, "bomb") {
			continue // 2 MB: too big a seed
		}
		p := filepath.Join(dir, "seed"+string(rune('a'+i)))
		c.Write(f, p)
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "in.zip")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		a, err := archive.Open(path, fuzzLimits)
		if err != nil {
			return
		}
		defer a.Close()
		declared := map[string]int64{}
		for _, e := range append([]archive.Entry{a.DB}, a.Media...) {
			// Names Windows cannot hold are kept (a Linux restore keeps
			// them) but must still be safe; on Windows they are renamed.
			clean, problem, err := archive.CheckStoredName(e.Target)
			if runtime.GOOS == "windows" && problem != "" {
				err = errors.New(problem)
			}
			if err != nil || clean != e.Target || !filepath.IsLocal(e.Target) ||
				(e.Target != archive.DBName && !strings.HasPrefix(e.Target, archive.MediaPrefix)) {
				t.Fatalf("accepted target %q (entry %q): %v", e.Target, e.Name, err)
			}
			declared[e.Target] = e.Size
		}
		if err := a.Verify(context.Background(), nil); err != nil {
			return // Extract would stop at the same entry
		}
		out := filepath.Join(dir, "out")
		if err := a.Extract(context.Background(), out, archive.ExtractOptions{Sync: archive.SyncNone}, nil); err != nil {
			return
		}
		for name, b := range readTree(t, out) {
			size, ok := declared[name]
			if !ok || int64(len(b)) != size {
				t.Fatalf("extracted %q, %d bytes; declared %d (%v)", name, len(b), size, ok)
			}
		}
		if got, _ := os.ReadDir(dir); len(got) != 2 {
			t.Fatalf("files beside the output: %v", got)
		}
	})
}

// FuzzName: CheckName does not panic, and a name it accepts is local,
// normalised and accepted again unchanged.
func FuzzName(f *testing.F) {
	for _, s := range []string{"db.sqlite3", "media/a.jpg", `media\a.jpg`, "../x", "C:/x", "media/CON.txt", "a//b", "media/", "ഫോട്ടോ.jpg", "a\x00b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		clean, err := archive.CheckName(name)
		if err != nil {
			return
		}
		body := strings.TrimSuffix(clean, "/")
		if strings.ContainsAny(clean, "\\\x00:") || !filepath.IsLocal(body) || strings.HasPrefix(clean, "/") {
			t.Fatalf("CheckName(%q) accepted %q", name, clean)
		}
		for _, elem := range strings.Split(body, "/") {
			if elem == "" || elem == "." || elem == ".." {
				t.Fatalf("CheckName(%q) accepted %q", name, clean)
			}
		}
		if again, err := archive.CheckName(clean); err != nil || again != clean {
			t.Fatalf("CheckName(%q) = %q, but CheckName(%q) = %q, %v", name, clean, clean, again, err)
		}
	})
}
