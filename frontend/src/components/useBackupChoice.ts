import { useCallback, useRef, useState } from 'react'
import { chooseBackupFile, inspectBackup, toUIError, type Preview } from '../api'
import i18n from '../i18n'

export type BackupChoice = ReturnType<typeof useBackupChoice>

// ChoiceError is why no preview can be shown: the dialog itself failed, or
// the file cannot be restored; detail is the error's own words.
export interface ChoiceError {
  kind: 'dialogFailed' | 'cannotRestore'
  detail: string
}

// useBackupChoice lets the user pick a backup with the native open dialog
// and reads what it holds (the engine's inspect) before anything is replaced.
export function useBackupChoice() {
  const [path, setPath] = useState('')
  const [preview, setPreview] = useState<Preview | null>(null)
  const [error, setError] = useState<ChoiceError | null>(null)
  const [inspecting, setInspecting] = useState(false)
  // The choose button stays enabled while a file is read, so it keeps the
  // keyboard focus; a second press meanwhile is ignored here instead.
  const active = useRef(false)

  // read shows what the backup at path holds.
  const read = useCallback(async (chosen: string) => {
    setPath(chosen)
    setPreview(null)
    setInspecting(true)
    try {
      setPreview(await inspectBackup(chosen))
    } catch (e) {
      setError({ kind: 'cannotRestore', detail: toUIError(e).message })
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
        setError({ kind: 'dialogFailed', detail: toUIError(e).message })
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

  const clear = useCallback(() => {
    setPath('')
    setPreview(null)
    setError(null)
  }, [])

  return { path, preview, error, inspecting, choose, open, clear }
}
