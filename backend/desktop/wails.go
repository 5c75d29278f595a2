package desktop

import (
	"context"
	"path/filepath"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// BackupFilter is the one file type the open dialog offers. GTK matches
// patterns case-sensitively, and backups copied from Windows may be .ZIP.
var BackupFilter = runtime.FileFilter{DisplayName: "Backup files (*.zip)", Pattern: "*.zip;*.ZIP"}

// Wails is the Runtime of a real window. Its ctx must be the one Wails hands
// to OnStartup: any other makes the runtime end the process.
type Wails struct {
	ctx context.Context
}

// NewWails wraps the context Wails passed to the app's start-up hook.
func NewWails(ctx context.Context) *Wails { return &Wails{ctx: ctx} }

func (w *Wails) Emit(event string, payload any) {
	runtime.EventsEmit(w.ctx, event, payload)
}

func (w *Wails) OpenFile(title string) (string, error) {
	return runtime.OpenFileDialog(w.ctx, runtime.OpenDialogOptions{
		Title:   title,
		Filters: []runtime.FileFilter{BackupFilter},
	})
}

func (w *Wails) SaveFile(title, defaultName string) (string, error) {
	opts := runtime.SaveDialogOptions{
		Title:                title,
		DefaultFilename:      filepath.Base(defaultName),
		Filters:              []runtime.FileFilter{BackupFilter},
		CanCreateDirectories: true,
	}
	// Wails refuses a default folder that does not exist; the name alone is
	// still worth offering then.
	if dir := filepath.Dir(defaultName); dir != "." && isDir(dir) {
		opts.DefaultDirectory = dir
	}
	return runtime.SaveFileDialog(w.ctx, opts)
}

func (w *Wails) Quit() { runtime.Quit(w.ctx) }

func (w *Wails) ChooseFolder(title string) (string, error) {
	return runtime.OpenDirectoryDialog(w.ctx, runtime.OpenDialogOptions{Title: title, CanCreateDirectories: true})
}
