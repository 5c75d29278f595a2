// Package schtask is the Windows scheduled task that runs
// `mahall_backup_restore backup --auto` when the app is closed for days. It
// is made from the settings' schedule as Task Scheduler XML and handed to
// `schtasks /Create /XML`, because only the XML can set StartWhenAvailable
// (a backup missed while the computer was off runs when it is next on) and
// DisallowStartIfOnBatteries=false (the default silently skips laptops on
// battery). The task shares the data folder's lock with the app: when the
// app is backing up, the task's run finds the folder busy and ends.
package schtask

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
	"unicode/utf16"

	"mahall/backend/schedule"
)

// Name is the task's name in Task Scheduler.
const Name = `Mahall Software\Automatic backup`

// Task is the part of Task Scheduler's schema this program writes.
type Task struct {
	XMLName          xml.Name `xml:"Task"`
	Version          string   `xml:"version,attr"`
	Xmlns            string   `xml:"xmlns,attr"`
	RegistrationInfo struct {
		Description string `xml:"Description"`
	} `xml:"RegistrationInfo"`
	Triggers  Triggers  `xml:"Triggers"`
	Principal Principal `xml:"Principals>Principal"`
	Settings  Settings  `xml:"Settings"`
	Exec      Exec      `xml:"Actions>Exec"`
}

type Triggers struct {
	Calendar *CalendarTrigger `xml:"CalendarTrigger,omitempty"`
	Time     *TimeTrigger     `xml:"TimeTrigger,omitempty"`
}

// CalendarTrigger runs daily at StartBoundary's time of day.
type CalendarTrigger struct {
	StartBoundary string `xml:"StartBoundary"`
	Enabled       bool   `xml:"Enabled"`
	DaysInterval  int    `xml:"ScheduleByDay>DaysInterval"`
}

// TimeTrigger runs from StartBoundary, repeated every Interval.
type TimeTrigger struct {
	StartBoundary string `xml:"StartBoundary"`
	Enabled       bool   `xml:"Enabled"`
	Interval      string `xml:"Repetition>Interval"`
}

type Principal struct {
	ID        string `xml:"id,attr"`
	LogonType string `xml:"LogonType"`
	RunLevel  string `xml:"RunLevel"`
}

type Settings struct {
	MultipleInstancesPolicy    string `xml:"MultipleInstancesPolicy"`
	DisallowStartIfOnBatteries bool   `xml:"DisallowStartIfOnBatteries"`
	StopIfGoingOnBatteries     bool   `xml:"StopIfGoingOnBatteries"`
	StartWhenAvailable         bool   `xml:"StartWhenAvailable"`
	RunOnlyIfNetworkAvailable  bool   `xml:"RunOnlyIfNetworkAvailable"`
	Enabled                    bool   `xml:"Enabled"`
	Hidden                     bool   `xml:"Hidden"`
	ExecutionTimeLimit         string `xml:"ExecutionTimeLimit"`
}

type Exec struct {
	Command   string `xml:"Command"`
	Arguments string `xml:"Arguments"`
}

// New is the task for schedule s, running cli (the full path of
// mahall_backup_restore.exe) on the data folder dataDir. today is the first
// day it may run (its date only counts).
func New(s schedule.Schedule, cli, dataDir string, today time.Time) (Task, error) {
	if err := s.Validate(); err != nil {
		return Task{}, err
	}
	t := Task{Version: "1.4", Xmlns: "http://schemas.microsoft.com/windows/2004/02/mit/task"}
	t.RegistrationInfo.Description = "Backs up the Mahall register when the Mahall app has not done it (the app may be closed). Change it in the app's Settings."
	day := today.Format("2006-01-02")
	switch s.Kind {
	case schedule.Off:
		return Task{}, fmt.Errorf("automatic backups are off, so there is no scheduled task to make")
	case schedule.Daily:
		t.Triggers.Calendar = &CalendarTrigger{StartBoundary: day + "T" + s.At + ":00", Enabled: true, DaysInterval: 1}
	case schedule.Interval:
		t.Triggers.Time = &TimeTrigger{StartBoundary: day + "T00:00:00", Enabled: true, Interval: fmt.Sprintf("PT%dH", s.EveryHours)}
	}
	// The user's own task, run only while they are logged on: the data
	// folder is in their profile, and no password is stored.
	t.Principal = Principal{ID: "Author", LogonType: "InteractiveToken", RunLevel: "LeastPrivilege"}
	t.Settings = Settings{
		MultipleInstancesPolicy:    "IgnoreNew",
		DisallowStartIfOnBatteries: false,
		StopIfGoingOnBatteries:     false,
		StartWhenAvailable:         true,
		RunOnlyIfNetworkAvailable:  false,
		Enabled:                    true,
		ExecutionTimeLimit:         "PT4H",
	}
	t.Exec = Exec{Command: cli, Arguments: "--data-dir " + quoteArg(dataDir) + " backup --auto"}
	return t, nil
}

// quoteArg quotes one argument the way Windows programs split their command
// line (CommandLineToArgvW): backslashes are literal except before a quote,
// so the ones before a quote, and before the closing quote, are doubled.
func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"") {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	slashes := 0
	for _, r := range s {
		switch r {
		case '\\':
			slashes++
			continue
		case '"':
			b.WriteString(strings.Repeat(`\`, 2*slashes+1))
		default:
			b.WriteString(strings.Repeat(`\`, slashes))
		}
		slashes = 0
		b.WriteRune(r)
	}
	b.WriteString(strings.Repeat(`\`, 2*slashes))
	b.WriteByte('"')
	return b.String()
}

// XML is the task as schtasks reads it: UTF-16 with a byte-order mark, as
// the declaration says (schtasks refuses a UTF-8 file that claims UTF-16,
// and Task Scheduler exports UTF-16).
func (t Task) XML() ([]byte, error) {
	body, err := xml.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("make the scheduled task: %w", err)
	}
	text := `<?xml version="1.0" encoding="UTF-16"?>` + "\r\n" + strings.ReplaceAll(string(body), "\n", "\r\n") + "\r\n"
	var out bytes.Buffer
	out.Write([]byte{0xff, 0xfe})
	for _, u := range utf16.Encode([]rune(text)) {
		out.WriteByte(byte(u))
		out.WriteByte(byte(u >> 8))
	}
	return out.Bytes(), nil
}

// Apply makes the task match the schedule: removed when it is off, else
// created or replaced.
func Apply(ctx context.Context, s schedule.Schedule, cli, dataDir string, today time.Time) error {
	if s.Kind == schedule.Off {
		return Remove(ctx)
	}
	t, err := New(s, cli, dataDir, today)
	if err != nil {
		return err
	}
	return Create(ctx, t)
}
