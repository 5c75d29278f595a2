package desktop

import (
	"errors"
	"reflect"
	"sync"
	"testing"
)

func TestFakeRecordsEventsInOrder(t *testing.T) {
	var hooked []string
	f := &Fake{}
	f.OnEmit = func(e Event) { hooked = append(hooked, e.Name) }
	f.Emit("backup:progress", 1)
	f.Emit("backup:done", map[string]string{"path": "x.zip"})
	f.Emit("backup:progress", 2)

	want := []string{"backup:progress", "backup:done", "backup:progress"}
	if got := f.Names(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(hooked, want) {
		t.Fatalf("OnEmit saw %v, want %v", hooked, want)
	}
	prog := f.Named("backup:progress")
	if len(prog) != 2 || prog[0].Payload != 1 || prog[1].Payload != 2 {
		t.Fatalf("Named(progress) = %+v", prog)
	}
	f.Reset()
	if len(f.Events()) != 0 {
		t.Fatalf("Reset left %d events", len(f.Events()))
	}
}

func TestFakeAnswersDialogsInTurnThenCancels(t *testing.T) {
	f := &Fake{OpenPaths: []string{"/a.zip", ""}, SavePaths: []string{"/b.zip"}}
	for i, want := range []string{"/a.zip", "", ""} {
		got, err := f.OpenFile("open")
		if err != nil || got != want {
			t.Fatalf("open #%d = %q, %v; want %q", i, got, err, want)
		}
	}
	if got, _ := f.SaveFile("save", "/data/backups/x.zip"); got != "/b.zip" {
		t.Fatalf("save = %q", got)
	}
	if got, _ := f.SaveFile("save", "y.zip"); got != "" {
		t.Fatalf("second save = %q, want cancelled", got)
	}
	d := f.Dialogs()
	if len(d) != 5 || d[3].Kind != "save" || d[3].DefaultName != "/data/backups/x.zip" {
		t.Fatalf("dialogs = %+v", d)
	}

	boom := errors.New("no display")
	f.DialogErr = boom
	if _, err := f.OpenFile("open"); !errors.Is(err, boom) {
		t.Fatalf("open with DialogErr = %v", err)
	}
}

func TestFakeIsSafeForConcurrentEmit(t *testing.T) {
	f := &Fake{}
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				f.Emit("x", j)
			}
		}()
	}
	wg.Wait()
	if n := len(f.Events()); n != 800 {
		t.Fatalf("recorded %d events, want 800", n)
	}
}
