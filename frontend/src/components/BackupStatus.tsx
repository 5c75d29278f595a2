import { useCallback, useEffect, useState } from 'react'
import { AUTO, getBackupStatus, runBackupNow, subscribe, toUIError, type AutoReport, type BackupStatus as StatusData } from '../api'
import ProgressBar from './ProgressBar'
import StatusLine, { type Status } from './StatusLine'
import { useOperation } from './useOperation'

// The words of this component, in one place for translation.
const TEXT = {
  title: 'Automatic Backups',
  loading: 'Checking the backups…',
  backUpNow: 'Back Up Now',
  backingUp: 'Backing Up...',
  progress: 'Automatic backup progress',
  next: (when: string) => `Next automatic backup: ${when}`,
  failed: 'The backup failed',
  level: { green: 'Backups are up to date', amber: 'Backups need attention', red: 'No recent backup' } as Record<string, string>,
}

// summary is one line about a finished run: how many destinations got a
// new backup, which were unchanged, which failed (their messages follow).
function summary(r: AutoReport): Status {
  const failed = r.outcomes.filter((o) => o.result === 'failed')
  const text = r.outcomes.map((o) => o.message).join(' ')
  return { kind: failed.length ? 'error' : 'ok', text }
}

// BackupStatus is the overview's line "Last backup: 3 days ago (USB drive)"
// in green, amber or red, the alert of a failed automatic backup (shown
// until one succeeds), and Back Up Now. Automatic backups that the schedule
// starts show their progress here too, without taking the focus.
export default function BackupStatus({ onBackedUp }: { onBackedUp?: () => void }) {
  const [status, setStatus] = useState<StatusData | null>(null)
  const [result, setResult] = useState<Status | null>(null)
  const [scheduled, setScheduled] = useState(false)
  const op = useOperation(AUTO)

  const reload = useCallback(async () => {
    try {
      setStatus(await getBackupStatus())
    } catch (e) {
      setResult({ kind: 'error', text: toUIError(e).message })
    }
  }, [])

  useEffect(() => {
    reload()
  }, [reload])

  // A run the schedule started: progress while it runs, the status after.
  useEffect(() => subscribe(AUTO.progress, () => setScheduled(true)), [])
  useEffect(
    () =>
      subscribe<AutoReport>(AUTO.done, (r) => {
        setScheduled(false)
        if (r && r.outcomes) setResult(summary(r))
        reload()
        onBackedUp?.()
      }),
    [reload, onBackedUp],
  )
  useEffect(
    () =>
      subscribe(AUTO.error, () => {
        setScheduled(false)
        reload()
      }),
    [reload],
  )

  async function backUpNow() {
    setResult(null)
    try {
      setResult(summary(await op.run(runBackupNow)))
    } catch (e) {
      setResult({ kind: 'error', text: `${TEXT.failed}: ${toUIError(e).message}` })
    }
    reload()
    onBackedUp?.()
  }

  const running = op.running || scheduled
  return (
    <section className="card" aria-labelledby="backup-status-title">
      <h2 id="backup-status-title">{TEXT.title}</h2>
      {status ? (
        <p className={`backup-level level-${status.level}`} role="status" aria-label={TEXT.level[status.level] ?? status.level}>
          <span className="dot" aria-hidden="true" /> {status.text}
        </p>
      ) : (
        <p role="status">{TEXT.loading}</p>
      )}
      {status?.alert && (
        <p className="warning" role="alert">
          {status.alert}
        </p>
      )}
      {status?.nextDue && <p className="muted">{TEXT.next(new Date(status.nextDue).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }))}</p>}
      <div className="row">
        <button type="button" onClick={backUpNow} disabled={running}>
          {running ? TEXT.backingUp : TEXT.backUpNow}
        </button>
      </div>
      {running && <ProgressBar label={TEXT.progress} update={op.progress} />}
      <StatusLine status={result} />
    </section>
  )
}
