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
      setInspecting(true)
      try {
        setPreview(await inspectBackup(chosen))
      } catch (e) {
        setError(toUIError(e).message) // the engine says first, in plain words, what is wrong
      } finally {
        setInspecting(false)
      }
    } finally {
      active.current = false
    }
  }, [])

  const clear = useCallback(() => {
    setPath('')
    setPreview(null)
    setError('')
  }, [])

  return { path, preview, error, inspecting, choose, clear }
}
