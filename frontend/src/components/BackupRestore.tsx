import { useState } from 'react'
import { BACKUP, RESTORE, chooseBackupDestination, createBackup, restoreBackup, toUIError } from '../api'
import BackupChooser from './BackupChooser'
import CancelButton from './CancelButton'
import ProgressBar from './ProgressBar'
import StatusLine, { failureStatus, type Status } from './StatusLine'
import { formatBytes, formatCount, shortcut } from './format'
import { useBackupChoice } from './useBackupChoice'
import { useOperation } from './useOperation'

interface CardProps {
  busy: boolean
  onRunning: (running: boolean) => void
  onDone: () => void
}

// CreateBackupCard saves a backup where the user chooses in the native save
// dialog.
function CreateBackupCard({ busy, onRunning, onDone }: CardProps) {
  const op = useOperation(BACKUP)
  const [status, setStatus] = useState<Status | null>(null)

  async function start() {
    setStatus(null)
    let dest
    try {
      dest = await chooseBackupDestination()
    } catch (e) {
      setStatus({ kind: 'error', text: `The save dialog failed: ${toUIError(e).message}` })
      return
    }
    if (!dest) return
    onRunning(true)
    try {
      const res = await op.run(() => createBackup(dest))
      setStatus({ kind: 'ok', text: `Backup saved to ${res.path} (${formatBytes(res.size)}).` })
      onDone()
    } catch (e) {
      setStatus(failureStatus(e, 'Backup cancelled. No backup file was written.'))
    } finally {
      onRunning(false)
    }
  }

  return (
    <section className="card" aria-labelledby="create-backup-title">
      <h3 id="create-backup-title">Create Backup</h3>
      <p>Create a backup of your database and media files.</p>
      <div className="row">
        <button type="button" className="primary" onClick={start} disabled={busy || op.running} {...shortcut('b')}>
          {op.running ? 'Creating Backup...' : 'Create Backup'}
        </button>
        {op.running && <CancelButton />}
      </div>
      {op.running && <ProgressBar label="Backup progress" update={op.progress} />}
      <StatusLine status={status} />
    </section>
  )
}

// RestoreBackupCard previews a chosen backup, asks for confirmation naming
// what will be replaced, then restores it.
function RestoreBackupCard({ busy, dataDir, safetyBackups, onRunning, onDone }: CardProps & { dataDir: string; safetyBackups: string }) {
  const op = useOperation(RESTORE)
  const choice = useBackupChoice()
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useState<Status | null>(null)

  async function choose() {
    setStatus(null)
    await choice.choose()
  }

  async function restore() {
    setConfirming(false)
    setStatus(null)
    onRunning(true)
    try {
      const res = await op.run(() => restoreBackup(choice.path))
      const p = res.preview
      const safety = res.safetyBackup ? ` Your previous data was saved to ${res.safetyBackup}.` : ''
      const notes = res.notes ?? []
      // A backup without photos keeps the current ones: say that, not "0 photos".
      const restored = notes.length
        ? `${formatCount(p.members)} members and ${formatCount(p.houses)} houses are now in place.`
        : `${formatCount(p.members)} members, ${formatCount(p.houses)} houses and ${formatCount(p.mediaFiles)} photos are now in place.`
      setStatus({
        kind: 'ok',
        text: `Restore complete: ${restored}${notes.map((n) => ` ${n}`).join('')}${safety}`,
      })
      choice.clear()
      onDone()
    } catch (e) {
      setStatus(failureStatus(e, 'Restore cancelled. Your data was not changed.'))
    } finally {
      onRunning(false)
    }
  }

  return (
    <section className="card" aria-labelledby="restore-backup-title">
      <h3 id="restore-backup-title">Restore from Backup</h3>
      <p>Restore your data from a previously created backup file.</p>
      <BackupChooser choice={choice} onChoose={choose} disabled={busy || op.running} />
      <div className="row">
        <button
          type="button"
          className="danger"
          onClick={() => setConfirming(true)}
          disabled={!choice.preview || busy || op.running || confirming}
          {...shortcut('r')}
        >
          {op.running ? 'Restoring...' : 'Restore'}
        </button>
        {op.running && <CancelButton />}
      </div>
      {confirming && (
        <div
          className="confirm"
          role="alertdialog"
          aria-modal="true"
          aria-labelledby="confirm-title"
          aria-describedby="confirm-text"
          onKeyDown={(e) => e.key === 'Escape' && setConfirming(false)}
        >
          <h4 id="confirm-title">Replace your data with this backup?</h4>
          <p id="confirm-text">
            This replaces the database and media files in <span className="path">{dataDir}</span> with the contents
            of <span className="path">{choice.path}</span>. A safety backup of your current data is saved first to{' '}
            <span className="path">{safetyBackups}</span>.
          </p>
          <div className="row">
            <button type="button" className="danger" onClick={restore} {...shortcut('y')}>
              Yes, Replace My Data
            </button>
            <button type="button" onClick={() => setConfirming(false)} autoFocus {...shortcut('k')}>
              Keep My Data
            </button>
          </div>
        </div>
      )}
      {op.running && <ProgressBar label="Restore progress" update={op.progress} />}
      <StatusLine status={status} />
    </section>
  )
}

// BackupRestore is the in-app Backup & Restore page.
// The Go side runs one operation at a time, so while one card works the
// other's buttons wait.
export default function BackupRestore({
  dataDir,
  safetyBackups,
  onDataChanged,
}: {
  dataDir: string
  safetyBackups: string // where the safety backup goes, as Go names it
  onDataChanged: () => void
}) {
  const [running, setRunning] = useState('')
  const runningAs = (name: string) => (on: boolean) => setRunning(on ? name : '')
  return (
    <section className="backup-restore" aria-labelledby="backup-restore-title">
      <h2 id="backup-restore-title">Backup &amp; Restore</h2>
      <CreateBackupCard
        busy={running === 'restore'}
        onRunning={runningAs('backup')}
        onDone={onDataChanged}
      />
      <RestoreBackupCard
        busy={running === 'backup'}
        dataDir={dataDir}
        safetyBackups={safetyBackups}
        onRunning={runningAs('restore')}
        onDone={onDataChanged}
      />
    </section>
  )
}
