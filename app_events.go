package main

import "mahall/backend/explain"

// Events the app emits while an operation runs. Each operation has its own
// three names; the payloads are progress.Update for ":progress", the
// operation's result for ":done" and ErrorPayload for ":error".
// frontend/src/api/events.js mirrors these names; change both together.
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
)

// ErrorPayload is what an ":error" event carries.
type ErrorPayload struct {
	Message   string `json:"message"`
	Cancelled bool   `json:"cancelled"`
}

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
)
