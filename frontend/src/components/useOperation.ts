import { useCallback, useEffect, useState } from 'react'
import { subscribe, type OperationEvents, type ProgressUpdate } from '../api'

// useOperation follows one long Go operation: its live progress comes from
// the operation's ":progress" events, its result from the bound call's promise.
export function useOperation(events: OperationEvents) {
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<ProgressUpdate | null>(null)

  useEffect(() => subscribe(events.progress, setProgress), [events])

  const run = useCallback(async <T,>(call: () => Promise<T>): Promise<T> => {
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
