package main

import (
	"mahall/backend/auto"
	"mahall/backend/explain"
	"mahall/backend/progress"
	"mahall/backend/uierr"
)

// Events the app emits while an operation runs. Each operation has its own
// three names; the payloads are progress.Update for ":progress", the
// operation's result for ":done" and uierr.Payload for ":error" (the same
// shape a bound method's rejected promise carries).
// frontend/src/api/events.ts mirrors these names; change both together.
const (
	EventBackupProgress = "backup:progress"
	EventBackupDone     = "backup:done"
	EventBackupError    = "backup:error"

	EventRestoreProgress = "restore:progress"
	EventRestoreDone     = "restore:done"
	EventRestoreError    = "restore:error"

	EventInstallProgress = "install:progress"
	EventInstallDone     = "install:done"
	EventInstallError    = "install:error"

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
	done     string
	failed   string
	words    explain.Op // how its failures are told
}

var (
	opBackup  = operation{"backup", EventBackupProgress, EventBackupDone, EventBackupError, explain.Backup}
	opRestore = operation{"restore", EventRestoreProgress, EventRestoreDone, EventRestoreError, explain.Restore}
	opInstall = operation{"installation", EventInstallProgress, EventInstallDone, EventInstallError, explain.Install}
	opAuto    = operation{"automatic backup", EventAutoProgress, EventAutoDone, EventAutoError, explain.Backup}
)
