package testkit

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// HashTree maps everything under root (relative, "/"-separated) to what it
// is: a file to its content's SHA-256 in hex, a folder to "dir", a symbolic
// link to "link:" and its target (never followed). skip, when not nil,
// leaves out a path and, for a folder, everything below it. A missing root
// fails the test: say MissingIsEmpty where that is an answer.
func HashTree(t testing.TB, root string, skip func(rel string) bool) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if skip != nil && skip(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			out[rel] = "dir"
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			out[rel] = "link:" + target
		default:
			out[rel] = HashFile(t, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// MissingIsEmpty is HashTree where a root that does not exist is an empty
// tree.
func MissingIsEmpty(t testing.TB, root string, skip func(rel string) bool) map[string]string {
	t.Helper()
	if _, err := os.Lstat(root); errors.Is(err, fs.ErrNotExist) {
		return map[string]string{}
	}
	return HashTree(t, root, skip)
}

// FilesOnly keeps the regular files of a HashTree.
func FilesOnly(tree map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range tree {
		if v != "dir" && !strings.HasPrefix(v, "link:") {
			out[k] = v
		}
	}
	return out
}

// HashFile is the SHA-256 of the file at p, in hex.
func HashFile(t testing.TB, p string) string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TreeDiff lists how got differs from want, one line per path, sorted;
// none when they are the same.
func TreeDiff(got, want map[string]string) []string {
	var out []string
	for k, v := range want {
		g, ok := got[k]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("missing %s", k))
		case g != v:
			out = append(out, fmt.Sprintf("%s: got %.12q, want %.12q", k, g, v))
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			out = append(out, fmt.Sprintf("unexpected %s", k))
		}
	}
	sort.Strings(out)
	return out
}
