package settings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"mahall/backend/retention"
	"mahall/backend/schedule"
)

func TestLoadMissingFileGivesDefaults(t *testing.T) {
	s, err := Load(filepath.Join(t.TempDir(), "settings.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{
		Version:       1,
		Schedule:      schedule.Schedule{Kind: schedule.Daily, At: "12:00"},
		BackupOnClose: true,
		Retention:     retention.Policy{Last: 3, Daily: 7, Weekly: 4, Monthly: 12},
	}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("Load = %+v, want %+v", s, want)
	}
}

func abs(p string) string {
	if runtime.GOOS == "windows" {
		return `E:\` + p
	}
	return "/media/" + p
}

// The file is the format the CLI and later versions read: its exact shape.
func TestSaveWritesCamelCaseJSON(t *testing.T) {
	p := filepath.Join(t.TempDir(), "settings.json")
	s := Defaults()
	s.Destinations = []Destination{{Path: abs("usb")}}
	if err := Save(p, s); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	dest, _ := json.Marshal(abs("usb"))
	want := `{
  "version": 1,
  "schedule": {
    "kind": "daily",
    "at": "12:00"
  },
  "backupOnClose": true,
  "destinations": [
    {
      "path": ` + string(dest) + `
    }
  ],
  "retention": {
    "keepLast": 3,
    "keepDaily": 7,
    "keepWeekly": 4,
    "keepMonthly": 12
  }
}
`
	if string(data) != want {
		t.Errorf("file:\n%s\nwant:\n%s", data, want)
	}
	if fi, err := os.Stat(p); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "settings.json")
	s := Settings{
		Schedule:     schedule.Schedule{Kind: schedule.Interval, EveryHours: 6},
		Destinations: []Destination{{Path: abs("usb")}, {Path: abs("Google Drive")}},
		Retention:    retention.Policy{Last: 5, Monthly: 24},
		Encryption:   Encryption{PublicKey: "age1examplepublickey", WrappedSecretKey: "c2VjcmV0"},
		Language:     "ml",
	}
	if err := Save(p, s); err != nil {
		t.Fatal(err)
	}
	got, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	s.Version = Version
	if !reflect.DeepEqual(got, s) {
		t.Errorf("Load = %+v, want %+v", got, s)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only settings.json", len(entries))
	}
}

// An older file lacks newer fields: they keep their defaults.
func TestLoadPartialFileKeepsDefaults(t *testing.T) {
	p := filepath.Join(t.TempDir(), "settings.json")
	if err := os.WriteFile(p, []byte(`{"schedule":{"kind":"interval","everyHours":4},"retention":{"keepLast":10}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if s.Schedule.Kind != schedule.Interval || s.Schedule.EveryHours != 4 || !s.BackupOnClose ||
		s.Retention != (retention.Policy{Last: 10, Daily: 7, Weekly: 4, Monthly: 12}) {
		t.Errorf("Load = %+v", s)
	}
}

func TestLoadDamagedFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "settings.json")
	if err := os.WriteFile(p, []byte(`{"schedule": {"kind": "daily", "at"`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(p)
	if err == nil || !strings.Contains(err.Error(), "the settings file "+p+" is damaged, so the default settings are used") {
		t.Errorf("err = %v", err)
	}
	if !reflect.DeepEqual(s, Defaults()) {
		t.Errorf("a damaged file gave %+v, want the defaults", s)
	}

	if err := os.WriteFile(p, []byte(`{"schedule": {"kind": "daily", "at": "7pm"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Load(p)
	if err == nil || !strings.Contains(err.Error(), `the backup time "7pm" is not a time of day: write hours and minutes, like 14:30`) {
		t.Errorf("err = %v", err)
	}
	if !reflect.DeepEqual(s, Defaults()) {
		t.Errorf("a wrong file gave %+v, want the defaults", s)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Settings)
		want []string // each must appear; none means valid
	}{
		{"defaults", func(*Settings) {}, nil},
		{"off", func(s *Settings) { s.Schedule = schedule.Schedule{Kind: schedule.Off} }, nil},
		{"everything wrong at once", func(s *Settings) {
			s.Schedule = schedule.Schedule{Kind: schedule.Interval, EveryHours: 0}
			s.Retention.Daily = -2
			s.Destinations = []Destination{{Path: " "}, {Path: "backups"}, {Path: abs("usb")}, {Path: abs("usb") + string(filepath.Separator)}}
			s.Language = "english!"
		}, []string{
			"automatic backups can run every 1 to 168 hours, not every 0",
			"the number of days to keep cannot be below zero (it is -2): use 0 or more",
			"a backup destination has no folder: choose a folder or remove it",
			`the backup destination "backups" is not a full folder path`,
			"is listed twice: remove one",
			`the language "english!" is not a language code`,
		}},
	} {
		s := Defaults()
		tc.edit(&s)
		err := s.Validate()
		if len(tc.want) == 0 {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		if err == nil {
			t.Fatalf("%s: valid", tc.name)
		}
		if lines := strings.Split(err.Error(), "\n"); len(lines) != len(tc.want) {
			t.Errorf("%s: %d problems, want %d:\n%v", tc.name, len(lines), len(tc.want), err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q missing from\n%v", tc.name, w, err)
			}
		}
	}
}

// Invalid settings are refused, and the file on disk stays as it was.
func TestSaveRefusesInvalidSettings(t *testing.T) {
	p := filepath.Join(t.TempDir(), "settings.json")
	if err := Save(p, Defaults()); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(p)
	bad := Defaults()
	bad.Schedule.At = "24:61"
	err := Save(p, bad)
	if err == nil || !strings.HasPrefix(err.Error(), "the settings were not saved:\nthe backup time \"24:61\"") {
		t.Errorf("err = %v", err)
	}
	if after, _ := os.ReadFile(p); string(after) != string(before) {
		t.Errorf("the file changed:\n%s", after)
	}
}

func TestSaveIntoMissingFolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "gone", "settings.json")
	err := Save(p, Defaults())
	if err == nil || !strings.Contains(err.Error(), "the settings were not saved: write "+p) {
		t.Errorf("err = %v", err)
	}
}
