package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"mahall/backend/folder"
	"mahall/backend/size"
	"mahall/internal/testkit"
)

var backupLine = regexp.MustCompile(`(?m)^Backup written: (.+)$`)

// backupOf backs up dataDir with the CLI and returns the backup's path.
func backupOf(t *testing.T, dataDir string, extra ...string) (string, result) {
	t.Helper()
	r := runCLI(t, append([]string{"--data-dir", dataDir, "backup"}, extra...)...)
	r.want(t, 0)
	m := backupLine.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("backup printed no path:\n%s", r.stdout)
	}
	return m[1], r
}

func smallSpec() dataSpec {
	return dataSpec{seed: 1, areas: 2, houses: 3, members: 7, photos: 5, photoBytes: 20_000, missingPhoto: true}
}

func TestBackupVerifyInspect(t *testing.T) {
	data := t.TempDir()
	info := writeDataDir(t, data, smallSpec())
	before := testkit.HashTree(t, data, nil)

	path, r := backupOf(t, data)

	// The default name (date and time) in the default folder, complete,
	// private, and alone.
	today := "mahall_backup_" + time.Now().Format("2006-01-02") + "_"
	if filepath.Dir(path) != filepath.Join(data, "backups") || !datedName.MatchString(filepath.Base(path)) || !strings.HasPrefix(filepath.Base(path), today) {
		t.Errorf("backup went to %s, want %s in %s", path, today+"HHMM.zip", filepath.Join(data, "backups"))
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.stdout, fmt.Sprintf("(%d bytes)", st.Size())) {
		t.Errorf("backup output does not give the size %d:\n%s", st.Size(), r.stdout)
	}
	if !strings.Contains(r.stdout, "2 areas, 3 houses, 8 members") {
		t.Errorf("backup output lacks the register's counts:\n%s", r.stdout)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm()&0o077 != 0 {
		t.Errorf("backup %s has mode %v, want it readable by its owner only", path, st.Mode().Perm())
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Errorf("backups folder holds %d entries, want only the backup", len(ents))
	}
	if !strings.Contains(r.stderr, "warning: ") || !strings.Contains(r.stderr, missingPhoto) {
		t.Errorf("backup did not warn about the missing photo %s:\n%s", missingPhoto, r.stderr)
	}
	// Not a terminal here: one plain line per phase.
	for _, phase := range []string{"snapshot", "archive"} {
		if !regexp.MustCompile(`(?m)^` + phase + `(…|: .+)$`).MatchString(r.stderr) {
			t.Errorf("no progress line for phase %q on stderr:\n%s", phase, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "\r") {
		t.Errorf("progress to a non-terminal contains a carriage return: %q", r.stderr)
	}
	// A backup leaves the data as it was (the lock file aside).
	after := testkit.HashTree(t, data, func(rel string) bool { return rel == "backups" || rel == folder.LockName })
	if !mapsEqual(before, after) {
		t.Errorf("backup changed the data folder:\nbefore %v\nafter  %v", before, after)
	}

	// The archive holds the media byte for byte under media/.
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
	}
	zr.Close()
	for _, want := range []string{"db.sqlite3", "manifest.json", "media/" + unicodePhoto, "media/members/photos/m0002.jpg"} {
		if !names[want] {
			t.Errorf("backup lacks entry %q; has %v", want, names)
		}
	}

	t.Run("verify", func(t *testing.T) {
		r := runCLI(t, "verify", path)
		r.want(t, 0)
		if !strings.Contains(r.stdout, path+": OK") {
			t.Errorf("verify printed %q", r.stdout)
		}
		if !regexp.MustCompile(`(?m)^verify(…|: .+)$`).MatchString(r.stderr) {
			t.Errorf("no progress line for verify on stderr:\n%s", r.stderr)
		}
	})

	t.Run("inspect text", func(t *testing.T) {
		r := runCLI(t, "inspect", path)
		r.want(t, 0)
		out := r.stdout
		for _, s := range []string{
			"Layout:   mahall-backup/1\n",
			"Program:  " + testVersion + "\n",
			fmt.Sprintf("Media:    %d files, %s\n", info.mediaFiles, size.Format(info.mediaBytes)),
			missingPhoto,
		} {
			if !strings.Contains(out, s) {
				t.Errorf("inspect output lacks %q:\n%s", s, out)
			}
		}
		if strings.Contains(out, "unknown (legacy backup)") || !strings.Contains(out, "Created:  20") {
			t.Errorf("inspect does not show the creation time:\n%s", out)
		}
		last := -1
		for _, table := range []string{"society_area", "society_house", "society_member", "django_migrations"} {
			m := regexp.MustCompile(`(?m)^  ` + table + ` +(\d+)$`).FindStringSubmatchIndex(out)
			if m == nil {
				t.Errorf("inspect shows no count for %s:\n%s", table, out)
				continue
			}
			if got := out[m[2]:m[3]]; got != fmt.Sprint(info.tables[table]) {
				t.Errorf("inspect: %s has %s rows, want %d", table, got, info.tables[table])
			}
			if m[0] < last {
				t.Errorf("inspect lists %s out of order:\n%s", table, out)
			}
			last = m[0]
		}
	})

	t.Run("inspect json", func(t *testing.T) {
		for _, args := range [][]string{{"inspect", "--json", path}, {"inspect", path, "--json"}} {
			r := runCLI(t, args...)
			r.want(t, 0)
			var raw map[string]json.RawMessage
			dec := json.NewDecoder(strings.NewReader(r.stdout))
			if err := dec.Decode(&raw); err != nil {
				t.Fatalf("%q: not JSON: %v\n%s", args, err, r.stdout)
			}
			if dec.More() {
				t.Errorf("%q: more than one JSON value:\n%s", args, r.stdout)
			}
			for _, k := range []string{"format", "created_at", "tables", "media_files", "media_bytes", "warnings"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("%q: JSON lacks key %q:\n%s", args, k, r.stdout)
				}
			}
			var v struct {
				Format     string           `json:"format"`
				CreatedAt  *time.Time       `json:"created_at"`
				Tables     map[string]int64 `json:"tables"`
				MediaFiles int              `json:"media_files"`
				MediaBytes int64            `json:"media_bytes"`
				Warnings   []string         `json:"warnings"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
				t.Fatal(err)
			}
			if v.Format != "mahall-backup/1" {
				t.Errorf("format %q", v.Format)
			}
			if v.CreatedAt == nil || time.Since(*v.CreatedAt) > time.Hour || time.Since(*v.CreatedAt) < -time.Hour {
				t.Errorf("created_at %v, want about now", v.CreatedAt)
			}
			for table, n := range info.tables {
				if v.Tables[table] != n {
					t.Errorf("tables[%s] = %d, want %d", table, v.Tables[table], n)
				}
			}
			if v.MediaFiles != info.mediaFiles || v.MediaBytes != info.mediaBytes {
				t.Errorf("media %d files %d bytes, want %d and %d", v.MediaFiles, v.MediaBytes, info.mediaFiles, info.mediaBytes)
			}
			if !slices.ContainsFunc(v.Warnings, func(w string) bool { return strings.Contains(w, missingPhoto) }) {
				t.Errorf("warnings %q do not name %s", v.Warnings, missingPhoto)
			}
		}
	})

	t.Run("flipped byte", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "flipped.zip")
		entry := "media/members/photos/m0003.jpg"
		flipByteIn(t, path, bad, entry)
		r := runCLI(t, "verify", bad)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "mahall_backup_restore: ") || !strings.Contains(r.stderr, "m0003.jpg") {
			t.Errorf("verify of a flipped byte does not name the entry %s:\n%s", entry, r.stderr)
		}
		if strings.Contains(r.stdout, "OK") {
			t.Errorf("verify of a damaged backup printed %q", r.stdout)
		}

		// A restore of it is refused and leaves the data folder as it was.
		target := t.TempDir()
		writeDataDir(t, target, dataSpec{seed: 2, areas: 1, houses: 1, members: 2, photos: 2, photoBytes: 3000})
		before := testkit.HashTree(t, target, nil)
		r = runCLI(t, "--data-dir", target, "restore", bad)
		r.want(t, 1)
		if !strings.Contains(r.stderr, "m0003.jpg") {
			t.Errorf("restore of a flipped byte does not name the entry %s:\n%s", entry, r.stderr)
		}
		after := testkit.HashTree(t, target, func(rel string) bool { return rel == folder.LockName || rel == "backups" })
		if !mapsEqual(before, after) {
			t.Errorf("a refused restore changed the data folder:\nbefore %v\nafter  %v", before, after)
		}
	})

	t.Run("missing file", func(t *testing.T) {
		nope := filepath.Join(t.TempDir(), "nope.zip")
		for _, c := range []string{"verify", "inspect"} {
			r := runCLI(t, c, nope)
			r.want(t, 1)
			if !strings.Contains(r.stderr, "nope.zip") {
				t.Errorf("%s of a missing file does not name it:\n%s", c, r.stderr)
			}
		}
	})
}

// flipByteIn copies src to dst with one byte in the middle of entry's data
// inverted.
func flipByteIn(t *testing.T, src, dst, entry string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(zr.File, func(f *zip.File) bool { return f.Name == entry })
	if i < 0 {
		t.Fatalf("%s has no entry %s", src, entry)
	}
	off, err := zr.File[i].DataOffset()
	if err != nil {
		t.Fatal(err)
	}
	b[off+int64(zr.File[i].CompressedSize64/2)] ^= 0xff
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestBackupToPathAndDataDirSources(t *testing.T) {
	data := t.TempDir()
	writeDataDir(t, data, dataSpec{seed: 3, areas: 1, houses: 1, members: 1})

	// An explicit file name.
	dest := filepath.Join(t.TempDir(), "my backup.zip")
	path, _ := backupOf(t, data, dest)
	if path != dest {
		t.Errorf("backup went to %s, want %s", path, dest)
	}
	if _, err := os.Stat(dest); err != nil {
		t.Error(err)
	}

	// $MAHALL_DATA_DIR when there is no flag.
	r := runEnv(t, childEnv(t, folder.EnvVar+"="+data), "backup")
	r.want(t, 0)
	if !strings.Contains(r.stdout, filepath.Join(data, "backups")) {
		t.Errorf("backup with %s=%s went elsewhere:\n%s", folder.EnvVar, data, r.stdout)
	}

	// The OS default (~/.mahali) when there is neither.
	if runtime.GOOS != "windows" {
		env := childEnv(t)
		var home string
		for _, kv := range env {
			if h, ok := strings.CutPrefix(kv, "HOME="); ok {
				home = h
			}
		}
		writeDataDir(t, filepath.Join(home, ".mahali"), dataSpec{seed: 4, areas: 1})
		r := runEnv(t, env, "backup")
		r.want(t, 0)
		if !strings.Contains(r.stdout, filepath.Join(home, ".mahali", "backups")) {
			t.Errorf("backup with no flag or env went elsewhere:\n%s", r.stdout)
		}
	}
}

func TestLegacyInspect(t *testing.T) {
	// Layout C, as early versions of the program in the field wrote it: a
	// Deflate ZIP holding db.sqlite3 alone.
	data := t.TempDir()
	info := writeDataDir(t, data, dataSpec{seed: 5, areas: 2, houses: 2, members: 3})
	path := writeLayoutC(t, filepath.Join(data, "db.sqlite3"), "mahall_backup_2024-03-01.zip")

	r := runCLI(t, "inspect", path)
	r.want(t, 0)
	for _, s := range []string{"Layout:   C\n", "Created:  unknown (legacy backup)\n", "Media:    0 files"} {
		if !strings.Contains(r.stdout, s) {
			t.Errorf("inspect output lacks %q:\n%s", s, r.stdout)
		}
	}
	r = runCLI(t, "inspect", path, "--json")
	r.want(t, 0)
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatal(err)
	}
	if v["format"] != "C" || v["created_at"] != nil {
		t.Errorf("format %v created_at %v, want C and null", v["format"], v["created_at"])
	}
	if _, ok := v["warnings"].([]any); !ok {
		t.Errorf("warnings is %#v, want an array", v["warnings"])
	}
	if tables, _ := v["tables"].(map[string]any); tables["society_member"] != float64(info.tables["society_member"]) {
		t.Errorf("tables %v", v["tables"])
	}
}

// TestInterruptedBackup sends SIGINT once the backup's progress shows it has
// started, and expects exit 130 with nothing left in backups/. When the
// backup wins the race and finishes, the data grows and it tries again.
func TestInterruptedBackup(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGINT to send on Windows")
	}
	for _, files := range []int{24, 96, 384} {
		data := t.TempDir()
		writeDataDir(t, data, dataSpec{seed: 8, areas: 1, houses: 1, members: 2, photos: 2, photoBytes: 1000,
			bulkFiles: files, bulkBytes: 256 << 10})
		before := testkit.HashTree(t, data, nil)

		r := runSignalled(t, regexp.MustCompile(`^[a-z]+(…|: )`), os.Interrupt, "--data-dir", data, "backup")
		code, signalled := r.code, r.signalled
		stdout, stderr := r.stdout, r.stderr
		if !signalled {
			t.Fatalf("backup showed no progress on stderr (exit %d):\n%s", code, stderr)
		}
		if code == 0 {
			t.Logf("backup of %d files finished before SIGINT arrived; trying more data", files)
			continue
		}
		if code != 130 {
			t.Fatalf("exit %d after SIGINT, want 130\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
		}
		if !strings.Contains(stderr, "mahall_backup_restore: interrupted; no backup was written") {
			t.Errorf("stderr does not say what the interruption left:\n%s", stderr)
		}
		if ents, err := os.ReadDir(filepath.Join(data, "backups")); err == nil && len(ents) > 0 {
			var names []string
			for _, e := range ents {
				names = append(names, e.Name())
			}
			t.Errorf("interrupted backup left %v in backups/", names)
		}
		after := testkit.HashTree(t, data, func(rel string) bool { return rel == "backups" || rel == folder.LockName })
		if !mapsEqual(before, after) {
			t.Errorf("interrupted backup changed the data folder")
		}
		return
	}
	t.Fatal("every backup finished before SIGINT reached it; cancellation was never exercised")
}
