import { useCallback, useRef, useState } from 'react'
import { chooseBackupFile, inspectBackup, toUIError, type Preview, type UIError } from '../api'
import i18n from '../i18n'

export type BackupChoice = ReturnType<typeof useBackupChoice>

// ChoiceError is why no preview can be shown: the dialog itself failed, or
// the file cannot be restored; error is what Go said.
export interface ChoiceError {
  kind: 'dialogFailed' | 'cannotRestore'
  error: UIError
}

// useBackupChoice lets the user pick a backup with the native open dialog
// and reads what it holds (the engine's inspect) before anything is replaced.
export function useBackupChoice() {
  const [path, setPath] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<ChoiceError | null>(null)
  const [inspecting, setInspecting] = useState(false)
  // An encrypted backup: its password is asked for before the preview.
  const [locked, setLocked] = useState(false)
  const [passwordWrong, setPasswordWrong] = useState(false)
  // The choose button stays enabled while a file is read, so it keeps the
  // keyboard focus; a second press meanwhile is ignored here instead.
  const active = useRef(false)

  // read shows what the backup at path holds.
  const read = useCallback(async (chosen: string) => {
    setPath(chosen)
    setPreview(null)
    setLocked(false)
    setPasswordWrong(false)
    setInspecting(true)
    try {
      setPreview(await inspectBackup(chosen))
    } catch (e) {
      const ui = toUIError(e)
      if (ui.code === 'passwordNeeded') setLocked(true)
      else setError({ kind: 'cannotRestore', error: ui })
    } finally {
      setInspecting(false)
    }
  }, [])

  const choose = useCallback(async () => {
    if (active.current) return
    active.current = true
    try {
      setError(null)
      let chosen: string
      try {
        chosen = await chooseBackupFile(i18n.t('chooser.dialogTitle'))
      } catch (e) {
        setError({ kind: 'dialogFailed', error: toUIError(e) })
        return
      }
      if (!chosen) return // dialog cancelled: keep what was there
      await read(chosen)
    } finally {
      active.current = false
    }
  }, [read])

  // open reads a backup the user gave another way (dropped on the window).
  const open = useCallback(
    async (chosen: string) => {
      if (active.current || !chosen) return
      active.current = true
      try {
        setError(null)
        await read(chosen)
      } finally {
        active.current = false
      }
    },
    [read],
  )

  // unlock reads the chosen encrypted backup again with password. A wrong
  // one only says so; the prompt stays.
  const unlock = useCallback(
    async (password: string) => {
      if (active.current || !path) return
      active.current = true
      setInspecting(true)
      setPasswordWrong(false)
      try {
        setPreview(await inspectBackup(path, password))
        setLocked(false)
      } catch (e) {
        const ui = toUIError(e)
        if (ui.code === 'wrongPassword') setPasswordWrong(true)
        else {
          setLocked(false)
          setError({ kind: 'cannotRestore', error: ui })
        }
      } finally {
        setInspecting(false)
        active.current = false
      }
    },
    [path],
  )

  const clear = useCallback(() => {
    setPath('')
    setPreview(null)
    setError(null)
    setLocked(false)
    setPasswordWrong(false)
  }, [])

  return { path, preview, error, inspecting, locked, passwordWrong, choose, open, unlock, clear }
}
