// The one place that reaches the Go side: the generated Wails bindings and
// runtime events. Components import from here, so tests replace this module.
import * as App from '../../wailsjs/go/main/App.js'
import { ClipboardSetText, EventsOn, OnFileDrop, OnFileDropOff } from '../../wailsjs/runtime/runtime.js'
import { toUIError } from './errors'
import type {
  AppState,
  AutoReport,
  BackupList,
  BackupResult,
  BackupStatus,
  CloudCheck,
  CloudSettings,
  EncryptionStatus,
  Overview,
  Preview,
  ProgressUpdate,
  RecoverySheet,
  RestoreResult,
  Settings,
  SettingsView,
  Strength,
} from './types'
import { settings } from '../../wailsjs/go/models'

export { BACKUP, RESTORE, INSTALL, AUTO, CLOSE_BACKUP } from './events'
export type { OperationEvents } from './events'
export { toUIError } from './errors'
export type { ErrorCode, UIError } from './errors'
export type * from './types'

// call runs a binding and rejects with a UIError, whatever the bridge
// rejected with.
async function call<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f()
  } catch (e) {
    throw toUIError(e)
  }
}

export const getState = (): Promise<AppState> => call(() => App.State())
export const getOverview = (): Promise<Overview> => call(() => App.Overview())
export const chooseBackupFile = (title: string): Promise<string> => call(() => App.ChooseBackupFile(title))
export const chooseBackupDestination = (title: string): Promise<string> => call(() => App.ChooseBackupDestination(title))
// An encrypted backup rejects with code 'passwordNeeded' until it is given
// its password (or its recovery key); a wrong one rejects with 'wrongPassword'.
export const inspectBackup = (path: string, password = ''): Promise<Preview> =>
  call(() => App.InspectBackup(path, password))
export const createBackup = (path: string): Promise<BackupResult> => call(() => App.CreateBackup(path))
export const restoreBackup = (path: string): Promise<RestoreResult> => call(() => App.RestoreBackup(path))
export const install = (): Promise<Overview> => call(() => App.Install())
export const cancel = (): Promise<void> => call(() => App.Cancel())
export const setLanguage = (lang: string): Promise<void> => call(() => App.SetLanguage(lang))
export const showInFolder = (path: string): Promise<void> => call(() => App.ShowInFolder(path))
export const testCloudConnection = (s: CloudSettings): Promise<CloudCheck> => call(() => App.TestCloudConnection(s))
export const cloudConnection = (): Promise<CloudSettings | null> => call(() => App.CloudConnection())
export const saveCloudSettings = (s: CloudSettings): Promise<CloudCheck> => call(() => App.SaveCloudSettings(s))
export const restoreFromCloud = (s: CloudSettings, id: string): Promise<RestoreResult> => call(() => App.RestoreFromCloud(s, id))
export const copyText = async (text: string): Promise<boolean> => ClipboardSetText(text)

// onFileDrop calls back with the paths of files dropped on the window
// (main.go enables Wails' file drop) and returns the function that stops it.
export function onFileDrop(callback: (paths: string[]) => void): () => void {
  OnFileDrop((_x, _y, paths) => callback(paths), false)
  return OnFileDropOff
}

// Automatic backups: settings, the history of backups, the status line.
export const getSettings = (): Promise<SettingsView> => call(() => App.GetSettings())
export const saveSettings = (s: Settings): Promise<SettingsView> => call(() => App.SaveSettings(settings.Settings.createFrom(s)))
export const chooseDestinationFolder = (): Promise<string> => call(() => App.ChooseDestinationFolder())
export const addDestination = (path: string): Promise<SettingsView> => call(() => App.AddDestination(path))
export const destinationNotNow = (): Promise<SettingsView> => call(() => App.DestinationNotNow())
export const listBackups = (): Promise<BackupList> => call(() => App.ListBackups())
export const runBackupNow = (): Promise<AutoReport> => call(() => App.RunBackupNow())
export const restoreFromHistory = (path: string): Promise<RestoreResult> => call(() => App.RestoreFromHistory(path))
export const restoreCloudSnapshot = (id: string): Promise<RestoreResult> => call(() => App.RestoreCloudSnapshot(id))
export const undoLastRestore = (): Promise<RestoreResult> => call(() => App.UndoLastRestore())
export const verifyBackup = (path: string): Promise<Preview> => call(() => App.VerifyBackup(path))
export const getBackupStatus = (): Promise<BackupStatus> => call(() => App.GetBackupStatus())

// Password protection of backups.
export const encryptionStatus = (): Promise<EncryptionStatus> => call(() => App.EncryptionStatus())
export const judgePassword = (password: string): Promise<Strength> => call(() => App.JudgePassword(password))
export const prepareEncryption = (password: string, again: string): Promise<RecoverySheet> =>
  call(() => App.PrepareEncryption(password, again))
export const saveRecoveryKey = (title: string): Promise<string> => call(() => App.SaveRecoveryKey(title))
export const confirmEncryption = (): Promise<EncryptionStatus> => call(() => App.ConfirmEncryption())
export const changePassword = (current: string, password: string, again: string): Promise<EncryptionStatus> =>
  call(() => App.ChangePassword(current, password, again))
export const turnOffEncryption = (): Promise<EncryptionStatus> => call(() => App.TurnOffEncryption())

// subscribe listens to one event and returns the function that stops it
// (unlike EventsOff, which would drop every listener of that name).
export function subscribe<T = ProgressUpdate>(name: string, callback: (data: T) => void): () => void {
  return EventsOn(name, callback)
}
