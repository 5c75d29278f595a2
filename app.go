package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"mahall/backend/backup"
	"mahall/backend/desktop"
	"mahall/backend/durable"
	"mahall/backend/explain"
	"mahall/backend/folder"
	"mahall/backend/progress"
	"mahall/backend/register"
	"mahall/backend/restore"
	"mahall/backend/schedule"
	"mahall/backend/uierr"
	"mahall/backend/version"
)

// progressInterval keeps the UI at about ten updates a second: more would
// only cost the webview time to redraw.
const progressInterval = 100 * time.Millisecond

// Errors of the app itself; the backend's sentinels get their UI codes in
// backend/uierr.
var (
	// ErrBusy is returned when the UI starts an operation while another runs.
	ErrBusy = uierr.New(uierr.Busy, "another operation is running")
	// ErrNoFile is returned when a backup is to be read but none was chosen.
	ErrNoFile = uierr.New(uierr.NoFile, "no backup file chosen")
)

// App is what the window talks to. Its exported methods are bound to the
// frontend; each is a thin adapter over backend/.
type App struct {
	layout     folder.Layout
	newRuntime func(context.Context) desktop.Runtime
	now        func() time.Time
	clock      schedule.Clock // the automatic backups' wall clock

	ctx     context.Context
	rt      desktop.Runtime
	log     *slog.Logger
	logFile io.Closer

	// startMu guards what start-up recovery found; State retries it when
	// another process held the data folder at start.
	startMu    sync.Mutex
	recovered  bool
	notice     string
	recovery   folder.Outcome // what notice says, for the UI to say it in its language
	problem    string
	problemErr error // what problem says, typed for the window

	// opMu guards the one running operation. ops lets shutdown wait for it,
	// so closing the window never abandons a restore between two renames.
	opMu     sync.Mutex
	opNoun   string
	opCancel context.CancelFunc
	ops      sync.WaitGroup

	auto autoBackups

	// dataMu keeps readers of the data folder (the overview) out while a
	// restore or installation replaces files in it. The app holds no
	// database handle between calls, so nothing stays open across a swap.
	dataMu sync.RWMutex

	keys keys // password protection between calls (app_encryption.go)
}

// NewApp makes the app for one data folder. newRuntime turns the context
// Wails hands to OnStartup into the runtime seam (tests pass a Fake).
func NewApp(layout folder.Layout, newRuntime func(context.Context) desktop.Runtime) *App {
	return &App{
		layout:     layout,
		newRuntime: newRuntime,
		now:        time.Now,
		clock:      schedule.SystemClock{},
		log:        slog.New(slog.NewTextHandler(os.Stderr, nil)),
	}
}

// startup runs before the frontend loads: it opens the log and finishes any
// restore a crash interrupted, before anything reads the data.
func (a *App) startup(ctx context.Context) {
	a.ctx = ctx
	a.rt = a.newRuntime(ctx)
	a.openLog()
	a.log.Info("start", "version", version.Version, "data_dir", a.layout.Root)
	a.recoverData()
	a.startAuto()
}

// shutdown stops the schedule, cancels a running operation and waits for
// it to end cleanly.
func (a *App) shutdown(context.Context) {
	a.stopAuto()
	a.Cancel()
	a.ops.Wait()
	a.log.Info("stop")
	if a.logFile != nil {
		a.logFile.Close()
	}
}

func (a *App) openLog() {
	if err := os.MkdirAll(a.layout.Logs(), 0o700); err != nil {
		a.log.Warn("no log file", "err", err)
		return
	}
	path := a.layout.AppLog()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		a.log.Warn("no log file", "path", path, "err", err)
		return
	}
	a.logFile = f
	a.log = slog.New(slog.NewTextHandler(f, nil))
}

// recoverData finishes or rolls back an interrupted restore, once.
func (a *App) recoverData() {
	a.startMu.Lock()
	defer a.startMu.Unlock()
	if a.recovered {
		return
	}
	f, err := folder.Open(a.ctx, a.layout.Root, folder.Options{Create: true})
	if errors.Is(err, folder.ErrUnfinished) {
		a.problem, a.problemErr = fmt.Sprintf("An interrupted restore could not be finished: %v", err), err
		a.log.Error("recover at start", "err", err)
		return
	}
	if err != nil {
		a.problem, a.problemErr = fmt.Sprintf("Could not check the data folder: %v. Close other Mahall programs and restart.", err), err
		a.log.Error("recover at start", "err", err)
		return
	}
	out := f.Recovered()
	f.Close()
	a.recovered, a.problem, a.problemErr = true, "", nil
	switch out {
	case folder.RolledBack:
		a.recovery = out
		a.notice = "An interrupted restore was found and undone: your previous data is in place."
	case folder.Completed:
		a.recovery = out
		a.notice = "An interrupted restore was found and finished: the restored data is in place."
	}
	a.log.Info("recover at start", "outcome", string(out))
}

// AppState is what the window needs to decide between the wizard and the
// main view. Every path in it is made here with the OS's separator, so the
// UI shows paths without knowing how they are built.
type AppState struct {
	Installed       bool      `json:"installed"`
	HasExistingData bool      `json:"hasExistingData"`
	DataDir         string    `json:"dataDir"`
	BackupsDir      string    `json:"backupsDir"`
	SafetyBackups   string    `json:"safetyBackups"`  // where a restore's safety backup goes, as the user reads it
	Version         string    `json:"version"`        // what git describe said at build time
	Release         string    `json:"release"`        // its tag ("v0.2.0"), "" for a build without one
	Commit          string    `json:"commit"`         // its commit, for the About line
	Language        string    `json:"language"`       // "en" or "ml": the user's choice, else the system's
	LanguageChosen  bool      `json:"languageChosen"` // the user picked the language in the window
	Overview        *Overview `json:"overview"`       // nil when there is no database
	OverviewError   string    `json:"overviewError"`  // why the overview could not be read
	Notice          string    `json:"notice"`         // what start-up recovery did
	Recovery        string    `json:"recovery"`       // the same as a code: "rolled-back", "completed" or ""
	Problem         string    `json:"problem"`        // start-up recovery failed
	// ProblemError is the same failure typed, for the window's language
	// (Problem stays its English words); nil when there is none.
	ProblemError *uierr.Payload `json:"problemError,omitempty"`
}

// State says whether the first-run wizard is needed and what data is here.
func (a *App) State() (AppState, error) {
	a.recoverData()
	a.startMu.Lock()
	st := AppState{
		Installed:       a.layout.Installed(),
		HasExistingData: a.layout.HasData(),
		DataDir:         a.layout.Root,
		BackupsDir:      a.layout.Backups(),
		SafetyBackups:   filepath.Join(a.layout.Backups(), folder.SafetyNameShown("<date and time>")),
		Version:         version.Version,
		Release:         version.Release(),
		Commit:          version.Commit(),
		Notice:          a.notice,
		Recovery:        string(a.recovery),
		Problem:         a.problem,
	}
	if a.problemErr != nil {
		p := uierr.From(a.problemErr)
		st.ProblemError = &p
	}
	a.startMu.Unlock()
	st.Language, st.LanguageChosen = a.language()
	if st.HasExistingData {
		ov, err := a.Overview()
		if err != nil {
			st.OverviewError = err.Error()
		} else {
			st.Overview = &ov
		}
	}
	return st, nil
}

// Overview describes the data in the folder now.
func (a *App) Overview() (Overview, error) {
	a.dataMu.RLock()
	defer a.dataMu.RUnlock()
	return readOverview(a.ctx, a.layout, a.now())
}

// ChooseBackupFile shows the native open dialog titled title (the UI's
// words, in its language; English when empty); "" when cancelled.
func (a *App) ChooseBackupFile(title string) (string, error) {
	return a.rt.OpenFile(orDefault(title, "Choose a Mahall backup file"))
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// ChooseBackupDestination shows the native save dialog, offering
// DATA/backups/mahall_backup_YYYY-MM-DD.zip, titled like ChooseBackupFile;
// "" when cancelled.
func (a *App) ChooseBackupDestination(title string) (string, error) {
	name := backup.DefaultName(a.now())
	if err := os.MkdirAll(a.layout.Backups(), 0o700); err == nil {
		name = filepath.Join(a.layout.Backups(), name)
	}
	path, err := a.rt.SaveFile(orDefault(title, "Save the backup as"), name)
	if err != nil || path == "" {
		return "", err
	}
	if filepath.Ext(path) == "" {
		path += ".zip"
	}
	return path, nil
}

// InspectBackup reads what a backup holds without changing anything. An
// encrypted backup needs password (or its recovery key): without one it
// fails with the code passwordNeeded, and the UI asks and calls again.
func (a *App) InspectBackup(path, password string) (restore.Preview, error) {
	if path == "" {
		return restore.Preview{}, ErrNoFile
	}
	key, err := a.unlock(path, password)
	if err != nil {
		a.log.Warn("inspect", "path", path, "err", err)
		return restore.Preview{}, err
	}
	p, err := restore.Options{Key: key}.Inspect(a.ctx, path)
	if err != nil {
		a.log.Warn("inspect", "path", path, "err", err)
		return p, explain.Wrap(explain.Inspect, err)
	}
	return p, nil
}

// CreateBackup writes a backup to path ("" means DATA/backups).
func (a *App) CreateBackup(path string) (backup.Result, error) {
	return runOp(a, opBackup, func(ctx context.Context, report progress.Func) (backup.Result, error) {
		f, err := folder.Open(ctx, a.layout.Root, folder.Options{})
		if err != nil {
			return backup.Result{}, err
		}
		defer f.Close()
		lock, warning := a.backupLock()
		res, err := backup.Options{Lock: lock}.Create(ctx, f, path, report)
		if err != nil {
			return res, err
		}
		if warning != nil {
			res.Warnings = append(res.Warnings, *warning)
		}
		if err := writeLastBackup(a.layout, LastBackup{Path: res.Path, At: res.CreatedAt, Size: res.Size}); err != nil {
			// The backup itself is sound; only the reminder would be stale.
			a.log.Warn("record last backup", "err", err)
		}
		return res, nil
	})
}

// RestoreBackup replaces the data with the backup at path, after a safety
// backup of the current data. The UI reloads the overview afterwards. An
// encrypted backup opens with the key its preview was opened with.
func (a *App) RestoreBackup(path string) (restore.Result, error) {
	return runOp(a, opRestore, func(ctx context.Context, report progress.Func) (restore.Result, error) {
		if path == "" {
			return restore.Result{}, ErrNoFile
		}
		return a.replaceData(ctx, folder.Options{Create: true}, func(f *folder.Folder) (restore.Result, error) {
			key, err := a.unlock(path, "")
			if err != nil {
				return restore.Result{}, err
			}
			res, err := restore.Run(ctx, f, path, restore.Options{Key: key, Now: a.now}, report)
			if err != nil {
				return res, err
			}
			a.logUnrecorded(res)
			return res, nil
		})
	})
}

// replaceData runs a restore's work on the opened data folder, holding
// dataMu so that no reader (the overview) sees the data half swapped.
func (a *App) replaceData(ctx context.Context, opt folder.Options, work func(*folder.Folder) (restore.Result, error)) (restore.Result, error) {
	a.dataMu.Lock()
	defer a.dataMu.Unlock()
	f, err := folder.Open(ctx, a.layout.Root, opt)
	if err != nil {
		return restore.Result{}, err
	}
	defer f.Close()
	return work(f)
}

// logUnrecorded logs a restore whose record (restore.LastRestore) could not
// be written: the restore is done; only the overview's line would be missing.
func (a *App) logUnrecorded(res restore.Result) {
	if res.Unrecorded != "" {
		a.log.Warn("record last restore", "err", res.Unrecorded)
	}
}

// Install sets up the data folder for first use: the folder, an empty
// register database when there is none, and the install marker.
func (a *App) Install() (Overview, error) {
	return runOp(a, opInstall, func(ctx context.Context, report progress.Func) (Overview, error) {
		a.dataMu.Lock()
		defer a.dataMu.Unlock()
		if err := install(ctx, a.layout.Root, a.now(), report); err != nil {
			return Overview{}, err
		}
		return readOverview(ctx, a.layout, a.now())
	})
}

// Cancel stops the running operation, if any.
func (a *App) Cancel() {
	a.opMu.Lock()
	defer a.opMu.Unlock()
	if a.opCancel != nil {
		a.log.Info("cancel", "op", a.opNoun)
		a.opCancel()
	}
}

// runOp runs one operation at a time, streams its progress as throttled
// events and ends with exactly one done or error event.
func runOp[T any](a *App, op operation, work func(context.Context, progress.Func) (T, error)) (T, error) {
	var zero T
	a.opMu.Lock()
	if a.opNoun != "" {
		running := a.opNoun
		a.opMu.Unlock()
		return zero, explain.Wrap(op.words, fmt.Errorf("%w: the %s is still running; wait for it or cancel it", ErrBusy, running))
	}
	ctx, cancel := context.WithCancel(a.ctx)
	a.opNoun, a.opCancel = op.noun, cancel
	a.ops.Add(1)
	a.opMu.Unlock()
	defer func() {
		cancel()
		a.opMu.Lock()
		a.opNoun, a.opCancel = "", nil
		a.opMu.Unlock()
		a.ops.Done()
	}()

	a.log.Info("begin", "op", op.noun)
	th := progress.NewThrottle(func(u progress.Update) { a.rt.Emit(op.progress, u) }, progressInterval)
	res, err := work(ctx, th.Report)
	th.Flush()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			err = cancelledError{explain.Message(op.words, context.Canceled)}
		} else {
			// What the window shows: plain words first (explain), the
			// technical detail after them; the sentinels (and so the
			// uierr code) stay reachable.
			err = explain.Wrap(op.words, err)
		}
		a.log.Error("failed", "op", op.noun, "err", err)
		if op.failed != "" {
			a.rt.Emit(op.failed, uierr.From(err))
		}
		return zero, err
	}
	a.log.Info("done", "op", op.noun)
	if op.done != "" {
		a.rt.Emit(op.done, res)
	}
	return res, nil
}

// cancelledError reads well in the UI ("The backup was cancelled.") where the
// wrapped "context canceled" would not, and still matches context.Canceled.
type cancelledError struct{ msg string }

func (e cancelledError) Error() string        { return e.msg }
func (e cancelledError) Is(target error) bool { return target == context.Canceled }

// install does the first-run set-up, reporting each step as it is done.
func install(ctx context.Context, root string, now time.Time, report progress.Func) error {
	const steps = 3
	step := func(done int, current string) {
		report(progress.Update{Phase: progress.PhaseInstall, FilesDone: done, FilesTotal: steps, Current: current})
	}
	// The lock keeps a CLI restore from swapping files under us, and
	// recovery makes sure we do not mistake a half-swapped folder for data.
	f, err := folder.Open(ctx, root, folder.Options{Create: true})
	if err != nil {
		return err
	}
	defer f.Close()
	l := f.Layout

	step(0, "Creating the data folder "+l.Root)
	if err := os.MkdirAll(l.Media(), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", l.Media(), err)
	}
	if err := os.MkdirAll(l.Backups(), 0o700); err != nil {
		return fmt.Errorf("create %s: %w", l.Backups(), err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	if l.HasData() {
		step(1, "Keeping the existing database "+l.DB())
	} else {
		step(1, "Creating an empty register database "+l.DB())
		if err := createEmptyDB(ctx, l); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	step(2, "Writing the install marker "+l.Marker())
	marker := fmt.Sprintf("Mahall Software %s installed %s\n", version.Version, now.UTC().Format(time.RFC3339))
	if err := os.WriteFile(l.Marker(), []byte(marker), 0o600); err != nil {
		return fmt.Errorf("write %s: %w", l.Marker(), err)
	}
	step(3, "Done")
	return nil
}

// createEmptyDB builds the database (the field program's schema at its
// latest migration) under a temporary name and renames it into place, so a
// failed or cancelled install never leaves a half-made
// db.sqlite3 that the next start would take for real data.
func createEmptyDB(ctx context.Context, l folder.Layout) error {
	tmp := l.InstallTemp()
	cleanup := func() {
		os.Remove(tmp)
		os.Remove(tmp + "-journal")
	}
	cleanup()
	if err := register.CreateEmpty(ctx, tmp); err != nil {
		cleanup()
		return fmt.Errorf("create empty database %s: %w", l.DB(), err)
	}
	if err := durable.Rename(tmp, l.DB()); err != nil {
		cleanup()
		return fmt.Errorf("create empty database %s: %w", l.DB(), err)
	}
	return nil
}
