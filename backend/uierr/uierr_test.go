package uierr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"mahall/backend/archive"
	"mahall/backend/backup"
	"mahall/backend/cloud"
	"mahall/backend/crypt"
	"mahall/backend/folder"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/schedule"
	"mahall/backend/snapshot"
)

// sentinels is every exported sentinel error under backend/ and the code the
// UI gets for it; TestEverySentinelHasACode keeps this list complete.
var sentinels = map[string]struct {
	err  error
	code Code
}{
	"folder.ErrBusy":               {folder.ErrBusy, Busy},
	"folder.ErrUnfinished":         {folder.ErrUnfinished, Unfinished},
	"folder.ErrRestoredNotCleaned": {folder.ErrRestoredNotCleaned, Failed},
	"folder.ErrNoFolder":           {folder.ErrNoFolder, NotFound},
	// The swap wraps the error that stopped it, whose code is the one the
	// UI gets (TestSwapNotStartedKeepsItsCause); alone it is a failure.
	"folder.ErrSwapNotStarted":  {folder.ErrSwapNotStarted, Failed},
	"schedule.ErrBusy":          {schedule.ErrBusy, Busy},
	"restore.ErrNoSpace":        {restore.ErrNoSpace, NoSpace},
	"restore.ErrInUse":          {restore.ErrInUse, InUse},
	"restore.ErrHeldOpen":       {restore.ErrHeldOpen, InUse},
	"restore.ErrNotRegister":    {restore.ErrNotRegister, NotRegister},
	"snapshot.ErrNotSQLite":     {snapshot.ErrNotSQLite, NotRegister},
	"snapshot.ErrCorrupt":       {snapshot.ErrCorrupt, Damaged},
	"archive.ErrDamaged":        {archive.ErrDamaged, Damaged},
	"archive.ErrChecksum":       {archive.ErrChecksum, Damaged},
	"archive.ErrManifest":       {archive.ErrManifest, Damaged},
	"archive.ErrNotZip":         {archive.ErrNotZip, NotABackup},
	"archive.ErrNoDB":           {archive.ErrNoDB, NotABackup},
	"archive.ErrUnsafe":         {archive.ErrUnsafe, Unsafe},
	"archive.ErrDuplicate":      {archive.ErrDuplicate, Unsafe},
	"archive.ErrTooLarge":       {archive.ErrTooLarge, Unsafe},
	"archive.ErrUnsupported":    {archive.ErrUnsupported, Unsupported},
	"backup.ErrNothingToBackUp": {backup.ErrNothingToBackUp, NothingToBackUp},
	"backup.ErrEmptyRegister":   {backup.ErrEmptyRegister, NothingToBackUp},
	"restore.ErrDamagedBackup":  {restore.ErrDamagedBackup, Damaged},
	"snapshot.ErrSidecar":       {snapshot.ErrSidecar, Damaged},
	"backup.ErrBadDestination":  {backup.ErrBadDestination, BadDestination},
	"register.ErrNoDatabase":    {register.ErrNoDatabase, NoDatabase},
	"crypt.ErrWrongPassword":    {crypt.ErrWrongPassword, WrongPassword},
	"crypt.ErrWrongRecoveryKey": {crypt.ErrWrongRecoveryKey, WrongPassword},
	"crypt.ErrPasswordNeeded":   {crypt.ErrPasswordNeeded, PasswordNeeded},
	"crypt.ErrEmptyPassword":    {crypt.ErrEmptyPassword, PasswordNeeded},
	"crypt.ErrDamaged":          {crypt.ErrDamaged, Damaged},

	"cloud.ErrWrongPassword":      {cloud.ErrWrongPassword, WrongPassword},
	"cloud.ErrWrongCredentials":   {cloud.ErrWrongCredentials, WrongCredentials},
	"cloud.ErrNoBucket":           {cloud.ErrNoBucket, NoBucket},
	"cloud.ErrUnreachable":        {cloud.ErrUnreachable, Unreachable},
	"cloud.ErrNotInitialized":     {cloud.ErrNotInitialized, NotInitialized},
	"cloud.ErrAlreadyInitialized": {cloud.ErrAlreadyInitialized, AlreadyInitialized},
	"cloud.ErrNotConnected":       {cloud.ErrNotConnected, NotConnected},
	"cloud.ErrNoSnapshot":         {cloud.ErrNoSnapshot, NoSnapshot},
	"cloud.ErrDamaged":            {cloud.ErrDamaged, Damaged},
}

// internal are sentinels that never reach the UI: a programming error, or a
// development tool's.
var internal = map[string]bool{
	"archive.ErrWriterClosed": true, // using a closed writer is a bug
	"register.ErrExists":      true, // CreateEmpty's own refusal; the app renames over a temporary name
	"sample.ErrExists":        true, // the sample-data generator
	"secret.ErrNotFound":      true, // cloud wraps it in ErrNotConnected
	// Says how a failed swap ended, beside the error that made it fail, which carries the code.
	"folder.ErrRolledBack":     true,
	"folder.ErrSwapNotStarted": true,
	// The backup key (issue 13) before its wiring gives the app its codes.
	"crypt.ErrWrongPassword":    true,
	"crypt.ErrWrongRecoveryKey": true,
	"crypt.ErrEmptyPassword":    true,
	"crypt.ErrDamaged":          true,
}

func TestSwapNotStartedKeepsItsCause(t *testing.T) {
	err := fmt.Errorf("swap: %w: %w", folder.ErrSwapNotStarted, fmt.Errorf("write journal: %w", syscall.ENOSPC))
	if got := CodeOf(err); got != NoSpace {
		t.Errorf("code %q, want %q", got, NoSpace)
	}
}

func TestSentinelsHaveTheirCode(t *testing.T) {
	for name, s := range sentinels {
		wrapped := fmt.Errorf("restore /tmp/x.zip: %w", s.err)
		if got := CodeOf(wrapped); got != s.code {
			t.Errorf("%s: code %q, want %q", name, got, s.code)
		}
	}
}

// TestEverySentinelHasACode reads the backend's source, so a sentinel added
// later (a wrong password, say) fails here until it has a code.
func TestEverySentinelHasACode(t *testing.T) {
	root := filepath.Join("..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, n := range spec.(*ast.ValueSpec).Names {
					if !strings.HasPrefix(n.Name, "Err") || !n.IsExported() {
						continue
					}
					name := f.Name.Name + "." + n.Name
					found++
					if _, ok := sentinels[name]; !ok && !internal[name] {
						t.Errorf("%s (%s) has no UI error code: add it to uierr's table and this test's", name, path)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < len(sentinels) {
		t.Fatalf("found %d sentinels in the source, fewer than the %d this test knows: did the walk miss packages?", found, len(sentinels))
	}
}

func TestRealFailuresHaveTheirCode(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.zip")
	if err := os.WriteFile(notes, []byte("shopping list: rice, dates\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.zip")
	if err := os.WriteFile(truncated, []byte("PK\x03\x04\x14\x00\x00\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	empty := t.TempDir()

	cases := []struct {
		name string
		err  error
		want Code
	}{
		{"a text file", inspectErr(t, context.Background(), notes), NotABackup},
		{"a truncated ZIP", inspectErr(t, context.Background(), truncated), Damaged},
		{"a missing file", inspectErr(t, context.Background(), filepath.Join(dir, "gone.zip")), NotFound},
		{"a cancelled backup", backupErr(t, cancelled, empty), Cancelled},
		{"a backup of an empty folder", backupErr(t, context.Background(), empty), NothingToBackUp},
		{"a second opening of a data folder", openTwice(t, empty), Busy},
		{"a data folder that is not there", openErr(filepath.Join(dir, "no such folder")), NotFound},
	}
	for _, c := range cases {
		p := From(c.err)
		if p.Code != c.want || p.Message != c.err.Error() {
			t.Errorf("%s: payload %+v, want code %q and the error's text", c.name, p, c.want)
		}
	}
}

func TestCancelledWinsOverWhatItWraps(t *testing.T) {
	err := fmt.Errorf("write media/a.jpg: %w", errors.Join(context.Canceled, fs.ErrNotExist))
	if got := CodeOf(err); got != Cancelled {
		t.Fatalf("code %q, want cancelled", got)
	}
}

func TestOwnCodeAndFallback(t *testing.T) {
	busy := New(Busy, "another operation is running")
	wrapped := fmt.Errorf("%w: the backup is still running", busy)
	if !errors.Is(wrapped, busy) || CodeOf(wrapped) != Busy {
		t.Fatalf("New's error lost its identity or code: %v, %q", errors.Is(wrapped, busy), CodeOf(wrapped))
	}
	if got := CodeOf(errors.New("something odd")); got != Failed {
		t.Fatalf("unknown error: code %q, want failed", got)
	}
	if got := From(nil); got != (Payload{}) {
		t.Fatalf("From(nil) = %+v, want the zero payload", got)
	}
}

func TestPayloadJSON(t *testing.T) {
	b, err := json.Marshal(From(fmt.Errorf("restore /m/b.zip: %w", restore.ErrInUse)))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"inUse","message":"restore /m/b.zip: the database is in use by another program","dataUnchanged":false}`
	if string(b) != want {
		t.Fatalf("JSON %s, want %s", b, want)
	}
}

func TestCodesAreUniqueAndCamelCase(t *testing.T) {
	seen := map[Code]bool{}
	for _, c := range Codes {
		if seen[c] || c == "" || strings.ToLower(string(c[:1])) != string(c[:1]) || strings.ContainsAny(string(c), "_- ") {
			t.Errorf("code %q is repeated, empty or not camelCase", c)
		}
		seen[c] = true
	}
	for _, m := range append(append(byCause, platformCauses...), generic...) {
		if !seen[m.code] {
			t.Errorf("%v maps to %q, which is not in Codes", m.err, m.code)
		}
	}
	if len(EnumBind) != len(Codes) || EnumBind[0].Value != Codes[0] || EnumBind[0].TSName != string(Codes[0]) {
		t.Fatalf("EnumBind does not list the codes: %+v", EnumBind)
	}
}

func inspectErr(t *testing.T, ctx context.Context, path string) error {
	t.Helper()
	_, err := restore.Inspect(ctx, path)
	if err == nil {
		t.Fatalf("Inspect(%s) succeeded", path)
	}
	return err
}

func backupErr(t *testing.T, ctx context.Context, root string) error {
	t.Helper()
	f, err := folder.Open(context.Background(), root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, err = backup.Create(ctx, f, filepath.Join(t.TempDir(), "b.zip"), nil)
	if err == nil {
		t.Fatalf("backup of %s succeeded", root)
	}
	return err
}

func openTwice(t *testing.T, root string) error {
	t.Helper()
	f, err := folder.Open(context.Background(), root, folder.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return openErr(root)
}

func openErr(root string) error {
	f, err := folder.Open(context.Background(), root, folder.Options{})
	if err == nil {
		f.Close()
		return errors.New("opened")
	}
	return err
}
