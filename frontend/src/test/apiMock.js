// A stand-in for src/api in tests: every binding is a vi.fn the test
// programs, and events go through a small bus the test emits on, the way
// the Wails runtime would deliver them.
import { act } from '@testing-library/react'
import { vi } from 'vitest'

export { BACKUP, RESTORE, INSTALL } from '../api/events.js'

const listeners = new Map()

export const subscribe = vi.fn((name, callback) => {
  if (!listeners.has(name)) listeners.set(name, new Set())
  listeners.get(name).add(callback)
  return () => listeners.get(name)?.delete(callback)
})

export const getState = vi.fn()
export const getOverview = vi.fn()
export const chooseBackupFile = vi.fn()
export const chooseBackupDestination = vi.fn()
export const inspectBackup = vi.fn()
export const createBackup = vi.fn()
export const restoreBackup = vi.fn()
export const install = vi.fn()
export const cancel = vi.fn()

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
]

export function resetApi() {
  listeners.clear()
  for (const fn of bindings) fn.mockReset()
}

// emit delivers an event to the components listening, inside act so React
// has rendered the result when it returns.
export function emit(name, payload) {
  act(() => {
    for (const cb of [...(listeners.get(name) ?? [])]) cb(payload)
  })
}

export function listenerCount(name) {
  return listeners.get(name)?.size ?? 0
}

// deferred is a promise the test settles by hand, so it can look at the UI
// while a Go call is still running.
export function deferred() {
  let resolve, reject
  const promise = new Promise((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
