package testkit

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Only tests may import testkit: it must never reach a shipped program.
func TestOnlyTests(t *testing.T) {
	root := ModuleRoot(t)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "testkit") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), `"mahall/internal/testkit"`) {
			t.Errorf("%s imports testkit, which is for tests only", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHashTree(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "a", "b"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "a", "b", "f"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"a": "dir", "a/b": "dir",
		"a/b/f": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
	}
	if runtime.GOOS != "windows" { // symbolic links need a privilege there
		if err := os.Symlink("a/b/f", filepath.Join(root, "l")); err != nil {
			t.Fatal(err)
		}
		want["l"] = "link:a/b/f"
	}
	got := HashTree(t, root, nil)
	if d := TreeDiff(got, want); len(d) > 0 {
		t.Errorf("HashTree: %v", d)
	}
	if got := HashTree(t, root, func(rel string) bool { return rel == "a" }); len(got) != len(want)-3 {
		t.Errorf("skip left %v", got)
	}
	if got := FilesOnly(HashTree(t, root, nil)); len(got) != 1 || got["a/b/f"] == "" {
		t.Errorf("FilesOnly = %v", got)
	}
	if got := MissingIsEmpty(t, filepath.Join(root, "none"), nil); len(got) != 0 {
		t.Errorf("missing root = %v", got)
	}
	if d := TreeDiff(map[string]string{"x": "1", "y": "2"}, map[string]string{"x": "1", "z": "3"}); len(d) != 2 {
		t.Errorf("TreeDiff = %v, want a missing and an unexpected path", d)
	}
}
