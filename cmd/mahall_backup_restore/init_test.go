package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mahall/backend/register"
	"mahall/internal/registertest"
	"mahall/internal/testkit"
)

func TestInit(t *testing.T) {
	data := filepath.Join(t.TempDir(), "new Mahali")
	r := runCLI(t, "--data-dir", data, "init")
	r.want(t, 0)
	db := filepath.Join(data, "db.sqlite3")
	if r.stdout != "Created an empty register: "+db+"\n" {
		t.Errorf("init printed %q", r.stdout)
	}
	if st, err := os.Stat(filepath.Join(data, "media")); err != nil || !st.IsDir() {
		t.Errorf("init made no media folder: %v", err)
	}
	// The same schema and migration rows as a fresh install, which the
	// register package compares with the field program's own file.
	want := filepath.Join(t.TempDir(), "db.sqlite3")
	if err := register.CreateEmpty(context.Background(), want); err != nil {
		t.Fatal(err)
	}
	if got, want := registertest.SchemaText(t, db), registertest.SchemaText(t, want); got != want {
		t.Errorf("init's schema:\n%s\nwant\n%s", got, want)
	}
	// An empty register backs up and inspects like any other.
	path, _ := backupOf(t, data)
	runCLI(t, "verify", path).want(t, 0)

	t.Run("refuses an existing register", func(t *testing.T) {
		before := testkit.HashTree(t, data, nil)
		r := runCLI(t, "--data-dir", data, "init")
		r.want(t, 1)
		first, _, _ := strings.Cut(strings.TrimPrefix(r.stderr, progName+": "), ". ")
		if first != "This data folder already holds a register, so no new one was made" {
			t.Errorf("init over a register said:\n%s", r.stderr)
		}
		if !strings.Contains(r.stderr, "Your data was not changed.") || !strings.Contains(r.stderr, db) {
			t.Errorf("init over a register said:\n%s", r.stderr)
		}
		if after := testkit.HashTree(t, data, nil); !mapsEqual(before, after) {
			t.Errorf("init over a register changed the folder")
		}
	})

	t.Run("refuses any file named db.sqlite3", func(t *testing.T) {
		dir := t.TempDir()
		p := filepath.Join(dir, "db.sqlite3")
		if err := os.WriteFile(p, []byte("not a database, but someone's file"), 0o600); err != nil {
			t.Fatal(err)
		}
		runCLI(t, "--data-dir", dir, "init").want(t, 1)
		if b, _ := os.ReadFile(p); string(b) != "not a database, but someone's file" {
			t.Errorf("init changed the existing file to %q", b)
		}
	})

	t.Run("help and arguments", func(t *testing.T) {
		r := runCLI(t, "init", "--help")
		r.want(t, 0)
		if !strings.HasPrefix(r.stdout, "Usage: mahall_backup_restore [--data-dir DIR] init\n") {
			t.Errorf("init --help printed %q", r.stdout)
		}
		runCLI(t, "--data-dir", t.TempDir(), "init", "extra").want(t, 2)
	})
}
