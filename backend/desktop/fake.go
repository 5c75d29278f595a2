package desktop

import (
	"os"
	"sync"
)

// Event is one emitted event as the Fake recorded it.
type Event struct {
	Name    string
	Payload any
}

// DialogCall records one dialog the code under test asked for.
type DialogCall struct {
	Kind        string // "open", "save" or "folder"
	Title       string
	DefaultName string // save dialogs only
}

// Fake is a Runtime for tests: it records every event and answers dialogs
// from preset paths, in order ("" answers as a cancelled dialog). It is safe
// for concurrent use, since operations report progress from their own
// goroutines.
type Fake struct {
	// OpenPaths and SavePaths answer successive dialogs; when they run out
	// the dialog answers "" (cancelled).
	OpenPaths []string
	SavePaths []string
	// FolderPaths answer successive folder dialogs the same way.
	FolderPaths []string
	// DialogErr, when set, is returned by every dialog.
	DialogErr error
	// OnEmit, when set, is called after each event is recorded, outside the
	// Fake's lock, so a test can react to progress (cancel it, say).
	OnEmit func(Event)

	mu      sync.Mutex
	events  []Event
	dialogs []DialogCall
	quits   int
}

func (f *Fake) ChooseFolder(title string) (string, error) {
	return f.dialog(DialogCall{Kind: "folder", Title: title}, &f.FolderPaths)
}

// dialog records call and answers it from answers.
func (f *Fake) dialog(call DialogCall, answers *[]string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.dialogs = append(f.dialogs, call)
	if f.DialogErr != nil {
		return "", f.DialogErr
	}
	return pop(answers), nil
}

func (f *Fake) Quit() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.quits++
}

// Quits is how many times Quit was called.
func (f *Fake) Quits() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.quits
}

var _ Runtime = (*Fake)(nil)
var _ Runtime = (*Wails)(nil)

func (f *Fake) Emit(event string, payload any) {
	e := Event{Name: event, Payload: payload}
	f.mu.Lock()
	f.events = append(f.events, e)
	hook := f.OnEmit
	f.mu.Unlock()
	if hook != nil {
		hook(e)
	}
}

func (f *Fake) OpenFile(title string) (string, error) {
	return f.dialog(DialogCall{Kind: "open", Title: title}, &f.OpenPaths)
}

func (f *Fake) SaveFile(title, defaultName string) (string, error) {
	return f.dialog(DialogCall{Kind: "save", Title: title, DefaultName: defaultName}, &f.SavePaths)
}

// Events returns a copy of everything emitted so far, in order.
func (f *Fake) Events() []Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Event(nil), f.events...)
}

// Names returns the names of the emitted events, in order.
func (f *Fake) Names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	names := make([]string, len(f.events))
	for i, e := range f.events {
		names[i] = e.Name
	}
	return names
}

// Named returns the events with the given name, in order.
func (f *Fake) Named(name string) []Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Event
	for _, e := range f.events {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

// Dialogs returns the dialogs asked for so far, in order.
func (f *Fake) Dialogs() []DialogCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]DialogCall(nil), f.dialogs...)
}

// Reset forgets the recorded events and dialogs.
func (f *Fake) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events, f.dialogs = nil, nil
}

func pop(paths *[]string) string {
	if len(*paths) == 0 {
		return ""
	}
	p := (*paths)[0]
	*paths = (*paths)[1:]
	return p
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
