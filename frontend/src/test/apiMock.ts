// A stand-in for src/api in tests: every binding is a vi.fn the test
// programs, and events go through a small bus the test emits on, the way
// the Wails runtime would deliver them.
import { act } from '@testing-library/react'
import { vi } from 'vitest'
import type * as api from '../api'
import type { ProgressUpdate } from '../api'
import { settingsStart, statusNone } from './fixtures'

export { BACKUP, RESTORE, INSTALL, AUTO, CLOSE_BACKUP } from '../api/events'
export { toUIError } from '../api/errors'

type Listener = (data: unknown) => void
const listeners = new Map<string, Set<Listener>>()

export const subscribe = vi.fn(<T = ProgressUpdate,>(name: string, callback: (data: T) => void) => {
  if (!listeners.has(name)) listeners.set(name, new Set())
  const l = callback as Listener
  listeners.get(name)!.add(l)
  return () => {
    listeners.get(name)?.delete(l)
  }
})

export const getState = vi.fn<typeof api.getState>()
export const getOverview = vi.fn<typeof api.getOverview>()
export const chooseBackupFile = vi.fn<typeof api.chooseBackupFile>()
export const chooseBackupDestination = vi.fn<typeof api.chooseBackupDestination>()
export const inspectBackup = vi.fn<typeof api.inspectBackup>()
export const createBackup = vi.fn<typeof api.createBackup>()
export const restoreBackup = vi.fn<typeof api.restoreBackup>()
export const install = vi.fn<typeof api.install>()
export const cancel = vi.fn<typeof api.cancel>()
export const encryptionStatus = vi.fn<typeof api.encryptionStatus>()
export const judgePassword = vi.fn<typeof api.judgePassword>()
export const prepareEncryption = vi.fn<typeof api.prepareEncryption>()
export const saveRecoveryKey = vi.fn<typeof api.saveRecoveryKey>()
export const confirmEncryption = vi.fn<typeof api.confirmEncryption>()
export const changePassword = vi.fn<typeof api.changePassword>()
export const turnOffEncryption = vi.fn<typeof api.turnOffEncryption>()
export const getSettings = vi.fn<typeof api.getSettings>()
export const saveSettings = vi.fn<typeof api.saveSettings>()
export const chooseDestinationFolder = vi.fn<typeof api.chooseDestinationFolder>()
export const addDestination = vi.fn<typeof api.addDestination>()
export const destinationNotNow = vi.fn<typeof api.destinationNotNow>()
export const listBackups = vi.fn<typeof api.listBackups>()
export const runBackupNow = vi.fn<typeof api.runBackupNow>()
export const restoreFromHistory = vi.fn<typeof api.restoreFromHistory>()
export const restoreCloudSnapshot = vi.fn<typeof api.restoreCloudSnapshot>()
export const undoLastRestore = vi.fn<typeof api.undoLastRestore>()
export const verifyBackup = vi.fn<typeof api.verifyBackup>()
export const getBackupStatus = vi.fn<typeof api.getBackupStatus>()
export const setLanguage = vi.fn<typeof api.setLanguage>()
export const showInFolder = vi.fn<typeof api.showInFolder>()
export const copyText = vi.fn<typeof api.copyText>()
export const testCloudConnection = vi.fn<typeof api.testCloudConnection>()
export const cloudConnection = vi.fn<typeof api.cloudConnection>()
export const saveCloudSettings = vi.fn<typeof api.saveCloudSettings>()
export const restoreFromCloud = vi.fn<typeof api.restoreFromCloud>()

// dropFiles stands for files dropped on the window.
let dropListener: ((paths: string[]) => void) | null = null
export const onFileDrop = vi.fn<typeof api.onFileDrop>((callback) => {
  dropListener = callback
  return () => {
    dropListener = null
  }
})
export function dropFiles(paths: string[]) {
  act(() => dropListener?.(paths))
}

const bindings = [
  getState,
  getOverview,
  chooseBackupFile,
  chooseBackupDestination,
  inspectBackup,
  createBackup,
  restoreBackup,
  install,
  cancel,
  encryptionStatus,
  judgePassword,
  prepareEncryption,
  saveRecoveryKey,
  confirmEncryption,
  changePassword,
  turnOffEncryption,
  getSettings,
  saveSettings,
  chooseDestinationFolder,
  addDestination,
  destinationNotNow,
  listBackups,
  runBackupNow,
  restoreFromHistory,
  restoreCloudSnapshot,
  undoLastRestore,
  verifyBackup,
  getBackupStatus,
  setLanguage,
  showInFolder,
  copyText,
  testCloudConnection,
  cloudConnection,
  saveCloudSettings,
  restoreFromCloud,
]

// resetApi forgets every programmed answer. The automatic-backup cards
// (on every main window) get what a fresh installation answers.
export function resetApi() {
  listeners.clear()
  for (const fn of bindings) fn.mockReset()
  // The main window reads the setting as it opens; most tests need not care.
  encryptionStatus.mockResolvedValue({ on: false, keyId: '' })
  getSettings.mockResolvedValue(settingsStart)
  listBackups.mockResolvedValue({ backups: [], warnings: [], cloud: [] })
  cloudConnection.mockResolvedValue(null)
  getBackupStatus.mockResolvedValue(statusNone)
  setLanguage.mockResolvedValue()
  showInFolder.mockResolvedValue()
  copyText.mockResolvedValue(true)
  dropListener = null
}

// emit delivers an event to the components listening, inside act so React
// has rendered the result when it returns.
export function emit(name: string, payload: unknown) {
  act(() => {
    for (const cb of [...(listeners.get(name) ?? [])]) cb(payload)
  })
}

export function listenerCount(name: string) {
  return listeners.get(name)?.size ?? 0
}

// deferred is a promise the test settles by hand, so it can look at the UI
// while a Go call is still running.
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
