import { useCallback, useRef, useState } from 'react'
import { chooseBackupFile, inspectBackup, toUIError, type Preview } from '../api'

export type BackupChoice = ReturnType<typeof useBackupChoice>

// useBackupChoice lets the user pick a backup with the native open dialog
// and reads what it holds (the engine's inspect) before anything is replaced.
export function useBackupChoice() {
  const [path, setPath] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState('')
  const [inspecting, setInspecting] = useState(false)
  // An encrypted backup: its password is asked for before the preview.
  const [locked, setLocked] = useState(false)
  const [passwordWrong, setPasswordWrong] = useState(false)
  // The choose button stays enabled while a file is read, so it keeps the
  // keyboard focus; a second press meanwhile is ignored here instead.
  const active = useRef(false)

  const choose = useCallback(async () => {
    if (active.current) return
    active.current = true
    try {
      setError('')
      let chosen: string
      try {
        chosen = await chooseBackupFile()
      } catch (e) {
        setError(`The file dialog failed: ${toUIError(e).message}`)
        return
      }
      if (!chosen) return // dialog cancelled: keep what was there
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
        else setError(`This file cannot be restored: ${ui.message}`)
      } finally {
        setInspecting(false)
      }
    } finally {
      active.current = false
    }
  }, [])

  // unlock inspects the chosen encrypted backup again with password. A wrong
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
          setError(`This file cannot be restored: ${ui.message}`)
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
    setError('')
    setLocked(false)
    setPasswordWrong(false)
  }, [])

  return { path, preview, error, inspecting, locked, passwordWrong, choose, unlock, clear }
}
