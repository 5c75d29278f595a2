// The one place that reaches the Go side: the generated Wails bindings and
// runtime events. Components import from here, so tests replace this module.
import * as App from '../../wailsjs/go/main/App.js'
import { ClipboardSetText, EventsOn, OnFileDrop, OnFileDropOff } from '../../wailsjs/runtime/runtime.js'
import { toUIError } from './errors'
import type { AppState, BackupResult, Overview, Preview, ProgressUpdate, RestoreResult } from './types'

export { BACKUP, RESTORE, INSTALL } from './events'
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
export const chooseBackupFile = (): Promise<string> => call(() => App.ChooseBackupFile())
export const chooseBackupDestination = (): Promise<string> => call(() => App.ChooseBackupDestination())
export const inspectBackup = (path: string): Promise<Preview> => call(() => App.InspectBackup(path))
export const createBackup = (path: string): Promise<BackupResult> => call(() => App.CreateBackup(path))
export const restoreBackup = (path: string): Promise<RestoreResult> => call(() => App.RestoreBackup(path))
export const install = (): Promise<Overview> => call(() => App.Install())
export const cancel = (): Promise<void> => call(() => App.Cancel())
export const setLanguage = (lang: string): Promise<void> => call(() => App.SetLanguage(lang))
export const showInFolder = (path: string): Promise<void> => call(() => App.ShowInFolder(path))
export const copyText = async (text: string): Promise<boolean> => ClipboardSetText(text)

// onFileDrop calls back with the paths of files dropped on the window
// (main.go enables Wails' file drop) and returns the function that stops it.
export function onFileDrop(callback: (paths: string[]) => void): () => void {
  OnFileDrop((_x, _y, paths) => callback(paths), false)
  return OnFileDropOff
}

// subscribe listens to one event and returns the function that stops it
// (unlike EventsOff, which would drop every listener of that name).
export function subscribe(name: string, callback: (data: ProgressUpdate) => void): () => void {
  return EventsOn(name, callback)
}
