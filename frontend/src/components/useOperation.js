import { useCallback, useEffect, useState } from 'react'
import { subscribe } from '../api'

// useOperation follows one long Go operation: its live progress comes from
// the operation's ":progress" events, its result from the bound call's promise.
export function useOperation(events) {
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState(null)

  useEffect(() => subscribe(events.progress, setProgress), [events])

  const run = useCallback(async (call) => {
    setRunning(true)
    setProgress(null)
    try {
      return await call()
    } finally {
      setRunning(false)
    }
  }, [])

  return { running, progress, run }
}
