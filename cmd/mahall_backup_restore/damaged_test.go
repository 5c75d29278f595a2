package main

import (
	"archive/zip"
	"bytes"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"mahall/internal/testkit"
)

// Restoring over a damaged current register works without --force: the
// safety backup keeps the damaged file byte for byte, marked as damaged,
// with the photos, and says so; that backup verifies, and restores again
// with --force (and only with it). The four kinds of damage, and
// two of our own (a text file where the database was; a valid header over
// garbage).
func TestRestoreOverDamagedRegister(t *testing.T) {
	src, path := smallBackup(t)
	damages := map[string]func(db []byte) []byte{
		"random bytes": func(db []byte) []byte { return noise(len(db), 1) },
		"zeroed pages": func(db []byte) []byte {
			ps := pageSize(db)
			for i := ps; i < len(db); i += 2 * ps {
				clear(db[i:min(i+ps, len(db))])
			}
			return db
		},
		"scrambled pages": func(db []byte) []byte {
			ps := pageSize(db)
			n := len(db) / ps
			rng := rand.New(rand.NewPCG(3, 3))
			out := bytes.Clone(db)
			for i, j := range rng.Perm(n - 1) {
				copy(out[(i+1)*ps:(i+2)*ps], db[(j+1)*ps:(j+2)*ps])
			}
			return out
		},
		"truncated":             func(db []byte) []byte { return db[:len(db)/3] },
		"a text file":           func([]byte) []byte { return []byte("Minutes of the committee meeting, 2025\n") },
		"valid header, garbage": func(db []byte) []byte { return append(db[:100:100], noise(len(db)-100, 2)...) },
		// A -wal beside it (named so below) may hold the latest changes:
		// it is kept raw with the database.
		"random bytes, with a -wal": func(db []byte) []byte { return noise(len(db), 4) },
	}
	for name, damage := range damages {
		t.Run(name, func(t *testing.T) {
			target := t.TempDir()
			writeDataDir(t, target, dataSpec{seed: 9, areas: 1, houses: 1, members: 4, photos: 3, photoBytes: 5000})
			dbPath := filepath.Join(target, "db.sqlite3")
			good, _ := os.ReadFile(dbPath)
			bad := damage(bytes.Clone(good))
			if err := os.WriteFile(dbPath, bad, 0o600); err != nil {
				t.Fatal(err)
			}
			var wal []byte
			if strings.HasSuffix(name, "with a -wal") {
				wal = noise(8192, 5)
				os.WriteFile(dbPath+"-wal", wal, 0o600)
			}
			oldMedia := testkit.HashTree(t, filepath.Join(target, "media"), nil)

			r := runCLI(t, "--data-dir", target, "restore", path)
			r.want(t, 0)
			checkRestored(t, src, target, path, skip)
			m := regexp.MustCompile(`(?m)^Safety backup: (.+) \(holds your damaged register exactly as it was, and its photos\)$`).FindStringSubmatch(r.stdout)
			if m == nil {
				t.Fatalf("restore does not say the safety backup holds the damaged register:\n%s\n%s", r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, "was damaged and could not be read") {
				t.Errorf("no warning in plain words on stderr:\n%s", r.stderr)
			}
			safety := m[1]

			v := runCLI(t, "verify", safety)
			v.want(t, 0)
			if !strings.Contains(v.stdout+v.stderr, "damaged register") {
				t.Errorf("verify does not say the backup holds a damaged register:\n%s\n%s", v.stdout, v.stderr)
			}
			runCLI(t, "inspect", safety).want(t, 0)
			readme := unzipEntry(t, safety, "DAMAGED-README.txt")
			if !strings.Contains(readme, "DAMAGED register") {
				t.Errorf("DAMAGED-README.txt says %q", readme)
			}

			// Only with --force does it go back, byte for byte.
			again := runCLI(t, "--data-dir", target, "restore", safety)
			again.want(t, 1)
			if !strings.Contains(again.stderr, "Your data was not changed.") || !strings.Contains(again.stderr, "--force") {
				t.Errorf("restoring the damaged backup without --force says:\n%s", again.stderr)
			}
			runCLI(t, "--data-dir", target, "restore", safety, "--force").want(t, 0)
			if got, _ := os.ReadFile(dbPath); !bytes.Equal(got, bad) {
				t.Error("restoring the safety backup did not give back the damaged file byte for byte")
			}
			if got, err := os.ReadFile(dbPath + "-wal"); wal != nil && (err != nil || !bytes.Equal(got, wal)) {
				t.Errorf("restoring the safety backup did not give back db.sqlite3-wal byte for byte (%v)", err)
			}
			if got := testkit.HashTree(t, filepath.Join(target, "media"), nil); !mapsEqual(got, oldMedia) {
				t.Error("restoring the safety backup did not give back the old photos")
			}
		})
	}
}

func pageSize(db []byte) int {
	ps := int(db[16])<<8 | int(db[17])
	if ps == 1 {
		return 65536
	}
	return ps
}

func noise(n int, seed uint64) []byte {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return b
}

// unzipEntry is the content of one entry of the ZIP at path, read with Go's
// own archive/zip (as any unzip tool would).
func unzipEntry(t *testing.T, path, name string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open(name)
	if err != nil {
		t.Fatalf("%s in %s: %v", name, path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
