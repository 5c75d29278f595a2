// What the Go side sends, written by the Go test TestFrontendFixtures
// (app_fixtures_test.go) from the real app on real data folders and
// backups: see fixtures/*.json. Regenerate them there; do not edit them.
import type { AppState, AutoReport, BackupList, BackupStatus, Overview, Preview, RestoreResult, SettingsView } from '../api'
import autoReportData from './fixtures/auto-report.json'
import backupListData from './fixtures/backup-list.json'
import backupStatusNone from './fixtures/backup-status-none.json'
import backupStatusUSB from './fixtures/backup-status-usb.json'
import errorPayloads from './fixtures/errors.json'
import overviewEmpty from './fixtures/overview-empty.json'
import overviewOld from './fixtures/overview-old.json'
import overviewRestored from './fixtures/overview-restored.json'
import previewData from './fixtures/preview.json'
import restoreResultData from './fixtures/restore-result.json'
import settingsFirstRun from './fixtures/settings-first-run.json'
import settingsUSB from './fixtures/settings-usb.json'
import stateFirstRun from './fixtures/state-first-run.json'

// The first run's state: nothing installed, no data, version 1.2.3.
export function state(overrides: Partial<AppState> = {}): AppState {
  return { ...stateFirstRun, ...overrides }
}

// The overview right after installing (an empty register).
export const emptyOverview: Overview = overviewEmpty

// An earlier installation's data: 412 members, 96 houses, 4 areas, 380 photos.
export const oldOverview: Overview = overviewOld

// That installation after the old program's backup below was restored into
// it, as a new start of the program reads it (Go reads the restore's record
// in the data folder; that backup does not say when it was made).
export const restoredOverview: Overview = overviewRestored

// An Inspect of an old program's backup (layout B) with 1,234 members, 256
// houses, 7 areas and 1,100 photos, where one photo a member names is missing.
export const preview: Preview = previewData

// Restoring that backup over the earlier installation.
export const restoreResult: RestoreResult = restoreResultData

// What a failed call rejects with ({code, message}), by what failed.
export const errors = errorPayloads

// Automatic backups. The settings as they start (daily at 12:00, on close,
// no backup folder), and after choosing /media/usb/BACKUP-USB (which, on the
// test machine, is on the data's disk, hence its warning).
export const settingsStart: SettingsView = settingsFirstRun
export const settingsWithUSB: SettingsView = settingsUSB

// The status line before any backup, and just after one to BACKUP-USB.
export const statusNone: BackupStatus = backupStatusNone
export const statusUSB: BackupStatus = backupStatusUSB

// Back Up Now's report of that backup, and the history list after it (one
// verified backup of 40 members and 30 photos).
export const autoReport: AutoReport = autoReportData
export const backupList: BackupList = backupListData
