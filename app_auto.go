package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"mahall/backend/auto"
	"mahall/backend/catalog"
	"mahall/backend/cloud"
	"mahall/backend/destination"
	"mahall/backend/folder"
	"mahall/backend/history"
	"mahall/backend/notice"
	"mahall/backend/progress"
	"mahall/backend/restore"
	"mahall/backend/schedule"
	"mahall/backend/schtask"
	"mahall/backend/settings"
	"mahall/backend/uierr"
)

// startDelay lets the window come up before the first automatic backup
// competes with it for the disk: a backup missed while the app was closed
// runs a minute after it starts.
const startDelay = time.Minute

// ErrNoSafetyBackup is returned by UndoLastRestore when there is nothing to go back to.
var ErrNoSafetyBackup = uierr.New(uierr.NotFound, "There is no safety backup to go back to: no restore was made with this data folder. Your data was not changed.")

// ErrNoFolder is AddDestination's error when no folder was chosen.
var ErrNoFolder = uierr.New(uierr.NoFile, "No folder was chosen for the backups. Nothing was changed.")

// autoBackups is the app's schedule: the Runner on the wall clock, the
// last run's report, and the state of the backup on close.
type autoBackups struct {
	runner *schedule.Runner
	stop   context.CancelFunc
	done   chan struct{}

	mu          sync.Mutex
	last        *auto.Report
	closing     bool               // the on-close backup is running
	closeCancel context.CancelFunc // stops it when the user insists on closing
	quitting    bool               // the on-close backup ended; let the window close
}

// startAuto starts the schedule. It waits for the first-run set-up (there
// is nothing to back up before) and startDelay, then checks the clock every
// minute for as long as the app runs.
func (a *App) startAuto() {
	s := a.loadSettings()
	a.auto.runner = schedule.NewRunner(s.Schedule, a.clock, schedule.FileStore{Path: a.layout.Schedule()}, a.autoBackup, a.log)
	if runtime.GOOS == "windows" && a.layout.Installed() {
		// The task follows the settings even if they were never saved in
		// this version (the defaults are daily).
		go func() {
			if err := a.applyTask(s.Schedule); err != nil {
				a.log.Warn("scheduled task", "err", err)
			}
		}()
	}
	ctx, stop := context.WithCancel(a.ctx)
	a.auto.stop, a.auto.done = stop, make(chan struct{})
	go func() {
		defer close(a.auto.done)
		wait := startDelay
		for {
			select {
			case <-ctx.Done():
				return
			case <-a.clock.After(wait):
			}
			if a.layout.Installed() && a.layout.HasData() {
				break
			}
			wait = schedule.CheckEvery
		}
		a.auto.runner.Run(ctx)
	}()
}

// stopAuto stops the schedule and waits for its goroutine.
func (a *App) stopAuto() {
	if a.auto.stop != nil {
		a.auto.stop()
		<-a.auto.done
	}
}

func (a *App) loadSettings() settings.Settings {
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		a.log.Warn("settings", "err", err)
	}
	return s
}

// autoBackup is the Runner's backup: one auto.Run as an operation of the
// window (one at a time with the user's, cancelled by Cancel or closing),
// with its progress and report as auto: events, which show in the window
// without taking the focus. A run where some destination failed still ends
// with the report (auto:done) and returns the error, which the schedule
// keeps as the alert until a run succeeds.
func (a *App) autoBackup(outer context.Context) error {
	var partial error
	rep, err := runOp(a, opAuto, func(ctx context.Context, report progress.Func) (auto.Report, error) {
		ctx, cancel := context.WithCancel(ctx)
		defer context.AfterFunc(outer, cancel)()
		defer cancel()
		f, err := folder.Open(ctx, a.layout.Root, folder.Options{})
		if err != nil {
			return auto.Report{}, err
		}
		defer f.Close()
		opt := auto.FromSettings(a.loadSettings())
		opt.Report = report
		opt.Now = a.now
		rep, err := auto.Run(ctx, f, opt)
		if err != nil && ctx.Err() == nil && len(rep.Outcomes) > 0 {
			partial = err
			err = nil
		}
		for _, o := range rep.Outcomes {
			if o.Result == history.OK {
				if werr := writeLastBackup(a.layout, LastBackup{Path: o.File, At: a.now(), Size: fileSize(o.File)}); werr != nil {
					a.log.Warn("record last backup", "err", werr)
				}
				break
			}
		}
		return rep, err
	})
	if err == nil {
		a.auto.mu.Lock()
		a.auto.last = &rep
		a.auto.mu.Unlock()
		return partial
	}
	return err
}

func fileSize(p string) int64 {
	st, err := os.Stat(p)
	if err != nil {
		return 0
	}
	return st.Size()
}

// RunBackupNow runs the automatic backup now, to every destination (a
// destination where nothing changed since its last backup says so).
func (a *App) RunBackupNow() (auto.Report, error) {
	err := a.auto.runner.Trigger(a.ctx)
	a.auto.mu.Lock()
	defer a.auto.mu.Unlock()
	if a.auto.last != nil && !errors.Is(err, schedule.ErrBusy) {
		return *a.auto.last, err
	}
	return auto.Report{Outcomes: []auto.Outcome{}, Warnings: []notice.Notice{}}, err
}

// SettingsView is the settings with what the window should say about them.
type SettingsView struct {
	Settings settings.Settings `json:"settings"`
	// Problem says why the defaults are shown (a damaged settings file).
	Problem string `json:"problem"`
	// Warnings are about destinations: on the data's own disk, not there.
	Warnings   []notice.Notice `json:"warnings"`
	BackupsDir string          `json:"backupsDir"`
	// Ask is true when no destination is set: the window asks for one that
	// is not on the data's disk.
	Ask bool `json:"ask"`
	// SameDiskOnly is true when every destination set is on the data's own
	// disk: the window asks for another one, as for none.
	SameDiskOnly bool `json:"sameDiskOnly"`
}

// GetSettings reads the settings file (the defaults when there is none).
func (a *App) GetSettings() (SettingsView, error) {
	s, err := settings.Load(a.layout.Settings())
	v := SettingsView{Settings: s, Warnings: []notice.Notice{}, BackupsDir: a.layout.Backups(), Ask: len(s.Destinations) == 0}
	if v.Settings.Destinations == nil {
		v.Settings.Destinations = []settings.Destination{}
	}
	if err != nil {
		v.Problem = err.Error()
	}
	sameDisk := 0
	for _, d := range s.Destinations {
		if st, err := os.Stat(d.Path); err != nil || !st.IsDir() {
			v.Warnings = append(v.Warnings, notice.NotThereNow(d.Path, auto.DriveName(d.Path)))
			continue
		}
		if same, err := destination.SameDisk(a.layout.Root, d.Path); err == nil && same {
			sameDisk++
			v.Warnings = append(v.Warnings, notice.OnSameDiskApp(d.Path))
		}
	}
	v.SameDiskOnly = sameDisk > 0 && sameDisk == len(s.Destinations)
	return v, nil
}

// AddDestination adds the folder path (chosen with ChooseDestinationFolder)
// to the saved settings' backup folders, as the first-run ask does; the
// rest of the settings stay as saved.
func (a *App) AddDestination(path string) (SettingsView, error) {
	if path == "" {
		return SettingsView{}, ErrNoFolder
	}
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		return SettingsView{}, err
	}
	if !slices.ContainsFunc(s.Destinations, func(d settings.Destination) bool { return history.SameFolder(d.Path, path) }) {
		s.Destinations = append(s.Destinations, settings.Destination{Path: path})
	}
	return a.SaveSettings(s)
}

// DestinationNotNow remembers the user's "Not now" to the first-run ask for
// a backup folder, so that the window does not ask again.
func (a *App) DestinationNotNow() (SettingsView, error) {
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		return SettingsView{}, err
	}
	s.DestinationNotNow = true
	return a.SaveSettings(s)
}

// SaveSettings checks and saves the settings, applies the new schedule at
// once and, on Windows, makes the scheduled task match it (a task that
// cannot be changed is a warning: the app's own schedule still runs).
func (a *App) SaveSettings(s settings.Settings) (SettingsView, error) {
	// The settings page does not own password protection (the encryption
	// methods do): what it sends back may be stale or empty, and saving it
	// would lose the key every protected backup is made with.
	stored, _ := settings.Load(a.layout.Settings())
	s.Encryption = stored.Encryption
	// Nor does it own the first-run ask's "Not now" (a card beside it
	// does): once said, a save from a page loaded before keeps it.
	s.DestinationNotNow = s.DestinationNotNow || stored.DestinationNotNow
	if err := settings.Save(a.layout.Settings(), s); err != nil {
		return SettingsView{}, err
	}
	a.auto.runner.SetSchedule(s.Schedule)
	var taskErr error
	if runtime.GOOS == "windows" {
		taskErr = a.applyTask(s.Schedule)
	}
	v, err := a.GetSettings()
	if taskErr != nil {
		a.log.Warn("scheduled task", "err", taskErr)
		v.Warnings = append(v.Warnings, notice.TaskFailed(taskErr))
	}
	return v, err
}

// applyTask makes the Windows task run the CLI installed beside the app.
func (a *App) applyTask(s schedule.Schedule) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cli := filepath.Join(filepath.Dir(exe), "mahall_backup_restore.exe")
	return schtask.Apply(a.ctx, s, cli, a.layout.Root, a.now())
}

// ChooseDestinationFolder shows the native folder dialog; "" when cancelled.
func (a *App) ChooseDestinationFolder() (string, error) {
	return a.rt.ChooseFolder("Choose a folder for backups (a USB drive or another disk)")
}

// BackupList is every backup the app can find, newest first.
type BackupList struct {
	Backups  []catalog.Backup `json:"backups"`
	Warnings []notice.Notice  `json:"warnings"` // destinations that are not there
	// Cloud are the cloud copy's snapshots, newest first; empty when this
	// data folder has no cloud connection. Their place is "cloud".
	Cloud []CloudSnapshot `json:"cloud"`
}

// ListBackups lists the backups in every destination and in DATA/backups.
func (a *App) ListBackups() (BackupList, error) {
	bs, warnings := auto.ListAll(a.layout, auto.Folders(a.layout, auto.FromSettings(a.loadSettings()).Destinations))
	if warnings == nil {
		warnings = []notice.Notice{}
	}
	list := BackupList{Backups: bs, Warnings: warnings, Cloud: []CloudSnapshot{}}
	if cloud.Connected(a.layout.Cloud()) {
		if c, err := a.listConnectedCloud(a.ctx); err != nil {
			list.Warnings = append(list.Warnings, notice.CloudUnlisted(err))
		} else {
			list.Cloud = c.Snapshots
		}
	}
	return list, nil
}

// VerifyBackup reads a backup through and checks every checksum and the
// database, changing nothing but the history, which from then on lists the
// backup as checked.
func (a *App) VerifyBackup(path string) (restore.Preview, error) {
	if path == "" {
		return restore.Preview{}, ErrNoFile
	}
	p, err := restore.Verify(a.ctx, path, nil)
	if err != nil {
		return p, err
	}
	// The mark is a convenience: a backup that is sound stays sound, and
	// says so, even when the history cannot be written now (an automatic
	// backup holds the data folder's lock; the list then shows it as before).
	if err := a.markVerified(path); err != nil {
		a.log.Warn("record the verified backup", "path", path, "err", err)
	}
	return p, nil
}

// markVerified records in the history that the backup at path was verified.
func (a *App) markVerified(path string) error {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	f, err := folder.Open(a.ctx, a.layout.Root, folder.Options{})
	if err != nil {
		return err
	}
	defer f.Close()
	return history.MarkVerified(f.Layout.History(), path, a.now())
}

// RestoreFromHistory restores a backup chosen in the history list.
func (a *App) RestoreFromHistory(path string) (restore.Result, error) {
	return a.RestoreBackup(path)
}

// UndoLastRestore restores the newest safety backup: the data as it was
// before the last restore.
func (a *App) UndoLastRestore() (restore.Result, error) {
	bs, _ := catalog.Scan(a.layout.Backups())
	for _, b := range bs {
		if b.Safety {
			return a.RestoreBackup(b.Path)
		}
	}
	return restore.Result{}, ErrNoSafetyBackup
}

// BackupStatus is the overview's line about backups.
type BackupStatus struct {
	// Level is "green" (a good backup in the last 2 days), "amber" (older,
	// or the last automatic backup failed) or "red" (none, or none in a week).
	Level  string     `json:"level"`
	LastAt *time.Time `json:"lastAt"`
	Where  string     `json:"where"` // the drive's name, or "this computer"
	Here   bool       `json:"here"`  // the last backup is in the data folder's own backups folder
	Text   string     `json:"text"`  // "Last backup: 3 days ago (BACKUP-USB)", for logs; the window words it itself
	// Alert is what went wrong while the last automatic backup failed,
	// until one succeeds.
	Alert   string     `json:"alert"`
	NextDue *time.Time `json:"nextDue"`
}

// recentBackup is how new the last backup must be for the green status.
const recentBackup = 48 * time.Hour

// GetBackupStatus says how recent the last good backup is and where it is.
func (a *App) GetBackupStatus() (BackupStatus, error) {
	now := a.now()
	st := BackupStatus{Level: "red", Text: "There is no backup yet"}
	h, _ := history.Load(a.layout.History())
	var at time.Time
	where := ""
	for i := len(h.Attempts) - 1; i >= 0; i-- {
		if t := h.Attempts[i]; t.Result != history.Failed && t.Verified {
			at, where = t.At, t.Destination
			break
		}
	}
	if lb := lastBackup(a.layout); lb != nil && lb.At.After(at) {
		at, where = lb.At, filepath.Dir(lb.Path)
	}
	if !at.IsZero() {
		st.LastAt = &at
		st.Where = auto.DriveName(where)
		if history.SameFolder(where, a.layout.Backups()) {
			st.Where, st.Here = "this computer", true
		}
		st.Text = fmt.Sprintf("Last backup: %s (%s)", ago(now.Sub(at)), st.Where)
		switch age := now.Sub(at); {
		case age < recentBackup:
			st.Level = "green"
		case age < BackupReminder:
			st.Level = "amber"
		}
	}
	if r := a.auto.runner; r != nil {
		rec := r.Record()
		if rec.LastError != "" && rec.LastFailure.After(rec.LastRun) {
			st.Alert = rec.LastError
			if st.Level == "green" {
				st.Level = "amber"
			}
		}
		if !rec.NextDue.IsZero() {
			st.NextDue = &rec.NextDue
		}
	}
	return st, nil
}

// ago is "just now", "5 minutes ago", "3 hours ago", "3 days ago".
func ago(d time.Duration) string {
	n := func(v int, one, many string) string {
		if v == 1 {
			return "1 " + one + " ago"
		}
		return fmt.Sprintf("%d %s ago", v, many)
	}
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return n(int(d/time.Minute), "minute", "minutes")
	case d < 24*time.Hour:
		return n(int(d/time.Hour), "hour", "hours")
	}
	return n(int(d/(24*time.Hour)), "day", "days")
}

// CloseState is the close:backup event: the backup on close started
// (Running) or ended.
type CloseState struct {
	Running bool   `json:"running"`
	Ran     bool   `json:"ran"`
	Error   string `json:"error"`
}

// beforeClose is Wails' OnBeforeClose. When a backup on close is due, it
// keeps the window open, runs the backup with its progress in the window,
// and then quits. Closing again while it runs cancels it cleanly (no file
// is left under a final name) and closes.
func (a *App) beforeClose(context.Context) (prevent bool) {
	a.auto.mu.Lock()
	defer a.auto.mu.Unlock()
	switch {
	case a.auto.quitting:
		return false
	case a.auto.closing:
		a.log.Info("close: the user insists; cancelling the backup on close")
		a.auto.closeCancel()
		a.auto.quitting = true
		return false
	}
	if a.auto.runner == nil || !a.layout.Installed() || !a.layout.HasData() || !a.loadSettings().BackupOnClose {
		return false
	}
	if !schedule.OnCloseDue(a.auto.runner.Record().LastRun, a.now()) {
		return false
	}
	ctx, cancel := context.WithCancel(a.ctx)
	a.auto.closing, a.auto.closeCancel = true, cancel
	a.rt.Emit(EventCloseBackup, CloseState{Running: true})
	go func() {
		defer cancel()
		ran, err := a.auto.runner.OnClose(ctx)
		state := CloseState{Ran: ran}
		if err != nil {
			state.Error = uierr.From(err).Message
		}
		a.auto.mu.Lock()
		insisted := a.auto.quitting
		a.auto.closing, a.auto.quitting = false, true
		a.auto.mu.Unlock()
		// Quit before the event, so whoever hears that the backup ended
		// (the window, a test) finds the app already closing.
		if !insisted {
			a.rt.Quit()
		}
		a.rt.Emit(EventCloseBackup, state)
	}()
	return true
}
