package testkit

import (
	"io/fs"
	"os"
	"path/filepath"
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
