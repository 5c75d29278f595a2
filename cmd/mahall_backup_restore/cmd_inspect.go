package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"time"

	"mahall/backend/notice"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/size"
)

func inspectCommand() *command {
	c := &command{
		name:        "inspect",
		summary:     "show what a backup holds, without extracting it",
		interrupted: "interrupted; nothing was changed",
		usage: `Usage: mahall_backup_restore [--data-dir DIR] inspect PATH [--json]

Shows what the backup file PATH holds without extracting it: its layout
(mahall-backup/1, or the legacy layouts A, B, C), when it was made where
known, the program version that made it, the row count of every table
(areas, houses and members first), the media files and their size, and
warnings.

Flags (before or after PATH):
  --json  print one JSON object instead, with the keys format, created_at
          (RFC 3339, or null for a legacy backup), program_version, tables
          (table name to row count), media_files, media_bytes, warnings
          (an array), path, size and encrypted (true or false)
` + secretUsage + `
An encrypted backup shows nothing without its password or recovery key.
`,
	}
	c.run = func(ctx context.Context, e *env, args []string) error {
		fs := newFlagSet(c.name)
		asJSON := fs.Bool("json", false, "")
		secret := addSecretFlags(fs)
		pos, err := parseCommand(c, fs, e, args, 1, 1)
		if err != nil {
			return err
		}
		key, err := secret.unlock(e, pos[0])
		if err != nil {
			return err
		}
		p, err := restore.Options{Key: key}.Inspect(ctx, pos[0])
		if err != nil {
			return err
		}
		if p.Path == "" {
			p.Path = pos[0]
		}
		if *asJSON {
			return writeInspectJSON(e.stdout, p)
		}
		writeInspectText(e.stdout, p)
		return nil
	}
	return c
}

// inspectJSON is the --json output. It is defined here, not borrowed from
// restore.Preview, because scripts depend on these keys staying put.
type inspectJSON struct {
	Path           string           `json:"path"`
	Size           int64            `json:"size"`
	Format         string           `json:"format"`
	CreatedAt      *string          `json:"created_at"`
	ProgramVersion string           `json:"program_version"`
	Tables         map[string]int64 `json:"tables"`
	MediaFiles     int              `json:"media_files"`
	MediaBytes     int64            `json:"media_bytes"`
	Warnings       []string         `json:"warnings"`
	Encrypted      bool             `json:"encrypted"`
}

func writeInspectJSON(w io.Writer, p restore.Preview) error {
	out := inspectJSON{
		Path:           p.Path,
		Size:           p.Size,
		Format:         p.Format,
		ProgramVersion: p.Version,
		Tables:         p.Tables,
		MediaFiles:     p.MediaFiles,
		MediaBytes:     p.MediaBytes,
		Warnings:       notice.Texts(p.Warnings),
		Encrypted:      p.Encrypted,
	}
	if p.CreatedAt != nil {
		s := p.CreatedAt.UTC().Format(time.RFC3339)
		out.CreatedAt = &s
	}
	if out.Tables == nil {
		out.Tables = map[string]int64{}
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeInspectText(w io.Writer, p restore.Preview) {
	created := "unknown (legacy backup)"
	if p.CreatedAt != nil {
		created = p.CreatedAt.Local().Format("2006-01-02 15:04:05 MST")
	}
	program := p.Version
	if program == "" {
		program = "unknown"
	}
	fmt.Fprintf(w, "Backup:   %s (%s)\n", p.Path, size.Format(p.Size))
	fmt.Fprintf(w, "Layout:   %s%s\n", encryptedWord(p.Encrypted), p.Format)
	fmt.Fprintf(w, "Created:  %s\n", created)
	fmt.Fprintf(w, "Program:  %s\n", program)
	fmt.Fprintf(w, "Tables:\n")
	names := orderedTables(p.Tables)
	width := 0
	for _, n := range names {
		width = max(width, len(n))
	}
	for _, n := range names {
		fmt.Fprintf(w, "  %-*s %8d\n", width, n, p.Tables[n])
	}
	if len(names) == 0 {
		fmt.Fprintf(w, "  (none)\n")
	}
	fmt.Fprintf(w, "Media:    %s, %s\n", plural(p.MediaFiles, "file", "files"), size.Format(p.MediaBytes))
	if len(p.Warnings) == 0 {
		fmt.Fprintf(w, "Warnings: none\n")
		return
	}
	fmt.Fprintf(w, "Warnings:\n")
	for _, s := range p.Warnings {
		fmt.Fprintf(w, "  - %s\n", s)
	}
}

// orderedTables lists the register's tables in the order people read them
// (register.Tables), then every other table by name.
func orderedTables(counts map[string]int64) []string {
	var names []string
	for _, t := range register.Tables {
		if _, ok := counts[t]; ok {
			names = append(names, t)
		}
	}
	var others []string
	for t := range counts {
		if !slices.Contains(register.Tables, t) {
			others = append(others, t)
		}
	}
	slices.Sort(others)
	return append(names, others...)
}

// registerSummary is "2 areas, 3 houses, 5 members" from a table count map.
func registerSummary(counts map[string]int64) string {
	n := func(t string) int { return int(counts[t]) }
	return fmt.Sprintf("%s, %s, %s",
		plural(n("society_area"), "area", "areas"),
		plural(n("society_house"), "house", "houses"),
		plural(n("society_member"), "member", "members"))
}
