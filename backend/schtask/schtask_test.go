package schtask

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"mahall/backend/schedule"
)

// parse reads the bytes schtasks would read back into a Task.
func parse(t *testing.T, data []byte) Task {
	t.Helper()
	if !bytes.HasPrefix(data, []byte{0xff, 0xfe}) || len(data)%2 != 0 {
		t.Fatalf("not UTF-16LE with a byte-order mark: % x", data[:min(8, len(data))])
	}
	u := make([]uint16, 0, len(data)/2-1)
	for i := 2; i < len(data); i += 2 {
		u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
	}
	text := string(utf16.Decode(u))
	if !strings.HasPrefix(text, `<?xml version="1.0" encoding="UTF-16"?>`) {
		t.Fatalf("declaration: %.60q", text)
	}
	// The declaration names UTF-16 but the text is decoded already.
	dec := xml.NewDecoder(strings.NewReader(strings.Replace(text, `encoding="UTF-16"`, `encoding="UTF-8"`, 1)))
	var got Task
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("parse: %v\n%s", err, text)
	}
	if !strings.Contains(text, `<Task version="1.4" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">`) {
		t.Errorf("root element:\n%s", text)
	}
	return got
}

func TestDailyTask(t *testing.T) {
	cli := `C:\Program Files\Mahall Software\mahall_backup_restore.exe`
	data := `C:\Users\Asha Rahman\AppData\Roaming\Mahali`
	task, err := New(schedule.Schedule{Kind: schedule.Daily, At: "09:30"}, cli, data, time.Date(2026, 12, 1, 20, 0, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	b, err := task.XML()
	if err != nil {
		t.Fatal(err)
	}
	got := parse(t, b)
	s := got.Settings
	if !s.StartWhenAvailable || s.DisallowStartIfOnBatteries || s.StopIfGoingOnBatteries || !s.Enabled || s.MultipleInstancesPolicy != "IgnoreNew" {
		t.Errorf("settings: %+v", s)
	}
	c := got.Triggers.Calendar
	if c == nil || c.StartBoundary != "2026-12-01T09:30:00" || c.DaysInterval != 1 || !c.Enabled || got.Triggers.Time != nil {
		t.Errorf("triggers: %+v", got.Triggers)
	}
	if got.Exec.Command != cli || got.Exec.Arguments != `--data-dir "C:\Users\Asha Rahman\AppData\Roaming\Mahali" backup --auto` {
		t.Errorf("exec: %+v", got.Exec)
	}
	if got.Principal.LogonType != "InteractiveToken" || got.Principal.RunLevel != "LeastPrivilege" {
		t.Errorf("principal: %+v", got.Principal)
	}
}

func TestIntervalAndOff(t *testing.T) {
	task, err := New(schedule.Schedule{Kind: schedule.Interval, EveryHours: 6}, `C:\m.exe`, `D:\data`, time.Date(2026, 12, 1, 0, 0, 0, 0, time.Local))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := task.XML()
	got := parse(t, b)
	if tt := got.Triggers.Time; tt == nil || tt.Interval != "PT6H" || got.Triggers.Calendar != nil {
		t.Errorf("triggers: %+v", got.Triggers)
	}
	if got.Exec.Arguments != `--data-dir D:\data backup --auto` {
		t.Errorf("arguments: %q", got.Exec.Arguments)
	}
	if _, err := New(schedule.Schedule{Kind: schedule.Off}, `C:\m.exe`, `D:\data`, time.Now()); err == nil {
		t.Error("a task for a schedule that is off")
	}
	if _, err := New(schedule.Schedule{Kind: schedule.Daily, At: "25:00"}, `C:\m.exe`, `D:\data`, time.Now()); err == nil {
		t.Error("a task for an invalid time")
	}
}

func TestQuoteArg(t *testing.T) {
	for in, want := range map[string]string{
		`C:\data`:            `C:\data`,
		`C:\my data`:         `"C:\my data"`,
		`C:\my data\`:        `"C:\my data\\"`,
		`a"b`:                `"a\"b"`,
		``:                   `""`,
		`\\server\share\x y`: `"\\server\share\x y"`,
	} {
		if got := quoteArg(in); got != want {
			t.Errorf("quoteArg(%q) = %q, want %q", in, got, want)
		}
	}
}
