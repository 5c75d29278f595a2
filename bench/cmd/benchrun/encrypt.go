package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Operation and tool names of issue 13's goals.
const (
	opBackupEnc   = "backup encrypted"
	opInspectEnc  = "inspect encrypted"
	toolOursEnc   = "ours encrypted (backup --encrypt)"
	toolOursPlain = "ours plain"
	toolInspect   = "ours: inspect --json with MAHALL_PASSWORD"
)

// ourPassword is the made-up backup password of the scratch copy, handed
// over as a user of the CLI does it, in MAHALL_PASSWORD.
const ourPassword = "bench-made-up-backup-password"

// encryptedData turns password protection on for a scratch copy of the
// dataset (key init, untimed: its scrypt is a one-off cost), so that
// backup --encrypt finds the key in its settings.
func encryptedData(cli string, d *dataset, work string) (string, error) {
	data := filepath.Join(work, "encrypt-data")
	if err := scratchCopy(d, data); err != nil {
		return "", err
	}
	rk := filepath.Join(work, "recovery-key.txt")
	os.Remove(rk)
	if _, err := measure(bg, []string{cli, "--data-dir", data, "key", "init", "--recovery-key-out", rk}); err != nil {
		return "", fmt.Errorf("turn password protection on for %s: %w", d.Name, err)
	}
	return data, nil
}

// backupEncOp times the encrypted backup against the plain one of the same
// data folder, alternating in every round, each to a new name.
func backupEncOp(cli string, d *dataset, work, data string) *operation {
	out := filepath.Join(work, "encrypt-out")
	enc := func(r int) string { return fresh(out, "encrypted", r) + ".zip" }
	plain := func(r int) string { return fresh(out, "plain", r) + ".zip" }
	mkOut := func(int) error { return os.MkdirAll(out, 0o755) }
	return &operation{Name: opBackupEnc, Tools: []*tool{
		{
			Name: toolOursEnc, Ours: true, Before: mkOut,
			Argv: func(r int) []string { return []string{cli, "--data-dir", data, "backup", "--encrypt", enc(r)} },
			Check: func(r int, s *sample) error {
				if err := nonEmptyFile(enc)(r, s); err != nil {
					return err
				}
				if err := onlyEntries(out, filepath.Base(enc(r))); err != nil {
					return err
				}
				return checkInspect(cli, enc(r), d, true)
			},
			After: removeAll(enc),
		},
		{
			Name: toolOursPlain, Before: mkOut,
			Argv: func(r int) []string { return []string{cli, "--data-dir", data, "backup", plain(r)} },
			Check: func(r int, s *sample) error {
				if err := nonEmptyFile(plain)(r, s); err != nil {
					return err
				}
				return onlyEntries(out, filepath.Base(plain(r)))
			},
			After: removeAll(plain),
		},
	}}
}

// inspectEncOp times opening the preview of an encrypted backup: inspect
// with the password, scrypt's unwrapping of the key included. The backup
// is made once, untimed.
func inspectEncOp(cli string, d *dataset, work, data string) (*operation, error) {
	ref := filepath.Join(work, "ref-encrypted.zip")
	if _, err := measure(bg, []string{cli, "--data-dir", data, "backup", "--encrypt", ref}); err != nil {
		return nil, fmt.Errorf("encrypted reference backup of %s: %w", d.Name, err)
	}
	return &operation{Name: opInspectEnc, Tools: []*tool{{
		Name: toolInspect, Ours: true,
		Argv: func(int) []string { return []string{cli, "inspect", ref, "--json"} },
		Check: func(_ int, s *sample) error {
			return checkInspectJSON(s.Stdout, d, true)
		},
	}}}, nil
}

// checkInspect runs inspect --json on a backup, untimed, and checks it.
func checkInspect(cli, path string, d *dataset, encrypted bool) error {
	s, err := measure(bg, []string{cli, "inspect", path, "--json"})
	if err != nil {
		return err
	}
	return checkInspectJSON(s.Stdout, d, encrypted)
}

// checkInspectJSON checks that inspect's JSON holds the keys the issue
// names, counts every photo of the dataset and says whether the backup is
// encrypted.
func checkInspectJSON(out string, d *dataset, encrypted bool) error {
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		return fmt.Errorf("inspect --json printed no JSON object: %w", err)
	}
	for _, k := range []string{"format", "created_at", "tables", "media_files", "media_bytes", "warnings", "encrypted"} {
		if _, ok := v[k]; !ok {
			return fmt.Errorf("inspect --json lacks %q", k)
		}
	}
	if n, _ := v["media_files"].(float64); int(n) != d.Media {
		return fmt.Errorf("inspect --json says %v media files; the dataset has %d", v["media_files"], d.Media)
	}
	if e, _ := v["encrypted"].(bool); e != encrypted {
		return fmt.Errorf("inspect --json says encrypted is %v, want %v", v["encrypted"], encrypted)
	}
	return nil
}
