import { useState } from 'react'
import { BACKUP, RESTORE, chooseBackupDestination, createBackup, restoreBackup } from '../api'
import BackupChooser from './BackupChooser.jsx'
import CancelButton from './CancelButton.jsx'
import ProgressBar from './ProgressBar.jsx'
import StatusLine from './StatusLine.jsx'
import { errorText, formatBytes, formatCount, pathSeparator, shortcut } from './format.js'
import { useBackupChoice } from './useBackupChoice.js'
import { useOperation } from './useOperation.js'

// CreateBackupCard saves a backup where the user chooses in the native save
// dialog.
function CreateBackupCard({ busy, onRunning, onDone }) {
  const op = useOperation(BACKUP)
  const [status, setStatus] = useState(null)

  async function start() {
    setStatus(null)
    let dest
    try {
      dest = await chooseBackupDestination()
    } catch (e) {
      setStatus({ kind: 'error', text: `The save dialog failed: ${errorText(e)}` })
      return
    }
    if (!dest) return
    onRunning(true)
    try {
      const res = await op.run(() => createBackup(dest))
      setStatus({ kind: 'ok', text: `Backup saved to ${res.path} (${formatBytes(res.size)}).` })
      onDone()
    } catch (e) {
      const text = errorText(e)
      setStatus(
        /cancelled/i.test(text)
          ? { kind: 'info', text: 'Backup cancelled. No backup file was written.' }
          : { kind: 'error', text }, // the engine's words: what is wrong first
      )
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
function RestoreBackupCard({ busy, dataDir, backupsDir, onRunning, onDone }) {
  const op = useOperation(RESTORE)
  const choice = useBackupChoice()
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useState(null)
  const safetyPath = `${backupsDir}${pathSeparator(backupsDir)}pre-restore-<date and time>.zip`

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
        : `${formatCount(p.members)} members, ${formatCount(p.houses)} houses and ${formatCount(p.media_files)} photos are now in place.`
      setStatus({
        kind: 'ok',
        text: `Restore complete: ${restored}${notes.map((n) => ` ${n}`).join('')}${safety}`,
      })
      choice.clear()
      onDone()
    } catch (e) {
      const text = errorText(e)
      setStatus(
        /cancelled/i.test(text)
          ? { kind: 'info', text: 'Restore cancelled. Your data was not changed.' }
          : { kind: 'error', text }, // ends with 'Your data was not changed.' when true
      )
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
            <span className="path">{safetyPath}</span>.
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
export default function BackupRestore({ dataDir, backupsDir, onDataChanged }) {
  const [running, setRunning] = useState('')
  const runningAs = (name) => (on) => setRunning(on ? name : '')
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
        backupsDir={backupsDir}
        onRunning={runningAs('restore')}
        onDone={onDataChanged}
      />
    </section>
  )
}
