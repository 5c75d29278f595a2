package main

import (
	"mahall/backend/auto"
	"mahall/backend/explain"
	"mahall/backend/progress"
	"mahall/backend/uierr"
)

// Events the app emits while an operation runs, each one only where the
// window listens to it: ":progress" (progress.Update) for every operation;
// ":done" (the operation's result) where another part of the window than
// the one that called must hear of it (the status line reloads after a
// backup or restore); ":error" (uierr.Payload) only for the automatic
// backup, which no call of the window starts. A bound method's promise
// already carries its own result or rejection to its caller.
// frontend/src/api/events.ts mirrors these names; change both together.
const (
	EventBackupProgress = "backup:progress"
	EventBackupDone     = "backup:done"

	EventRestoreProgress = "restore:progress"
	EventRestoreDone     = "restore:done"

	EventInstallProgress = "install:progress"

	// The automatic backup (schedule, Back up now, on close): ":done"
	// carries auto.Report.
	EventAutoProgress = "auto:progress"
	EventAutoDone     = "auto:done"
	EventAutoError    = "auto:error"
	// EventCloseBackup carries CloseState: the backup on close began or ended.
	EventCloseBackup = "close:backup"
)

// EventPayloads holds the types events carry that no other bound method
// returns. wails writes TypeScript models only for what bound methods take
// and return, so EventPayloads is bound for its types alone: the frontend
// then reads events through generated models, and a renamed Go field breaks
// its build.
type EventPayloads struct {
	Progress   progress.Update `json:"progress"`
	Error      uierr.Payload   `json:"error"`
	AutoReport auto.Report     `json:"autoReport"`
	CloseState CloseState      `json:"closeState"`
}

// EventPayloads returns zero values; it exists for its return type (see the
// type). The UI never calls it.
func (a *App) EventPayloads() EventPayloads { return EventPayloads{} }

// operation names one long-running job the UI can start, watch and cancel.
type operation struct {
	noun     string // "backup", as the user reads it in messages
	progress string
	done     string     // "": not emitted (nobody but the caller needs the result)
	failed   string     // "": not emitted (the caller's promise carries the failure)
	words    explain.Op // how its failures are told
}

var (
	opBackup  = operation{"backup", EventBackupProgress, EventBackupDone, "", explain.Backup}
	opRestore = operation{"restore", EventRestoreProgress, EventRestoreDone, "", explain.Restore}
	opInstall = operation{"installation", EventInstallProgress, "", "", explain.Install}
	opAuto    = operation{"automatic backup", EventAutoProgress, EventAutoDone, EventAutoError, explain.Backup}
)
