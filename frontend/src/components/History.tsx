import { useCallback, useEffect, useState } from 'react'
import { listBackups, openFolder, restoreFromHistory, toUIError, undoLastRestore, verifyBackup, type BackupList, type FoundBackup } from '../api'
import { formatBytes, formatCount, formatDate } from './format'
import StatusLine, { failureStatus, type Status } from './StatusLine'

// The words of this component, in one place for translation.
const TEXT = {
  title: 'Backup History',
  loading: 'Looking for backups…',
  none: 'There are no backups here yet.',
  list: 'Backups, newest first',
  members: (n: number) => (n < 0 ? 'members unknown' : `${formatCount(n)} members`),
  photos: (n: number) => `${formatCount(n)} photos`,
  verified: 'checked',
  notVerified: 'not checked',
  safety: 'safety backup from a restore',
  notBackup: 'not a Mahall backup',
  restore: 'Restore This',
  verify: 'Verify',
  verifying: 'Verifying...',
  open: 'Open Folder',
  undo: 'Undo Last Restore',
  confirmTitle: 'Replace your data with this backup?',
  confirmText: (path: string) => `Your current data is replaced with ${path}. A safety backup of it is saved first, so this can be undone.`,
  undoTitle: 'Undo the last restore?',
  undoText: 'Your data goes back to how it was before the last restore (from its safety backup).',
  yes: 'Yes, Replace My Data',
  no: 'Keep My Data',
  restored: (members: number) => `Restore complete: ${formatCount(members)} members are now in place.`,
  sound: (path: string) => `${path} is sound: every file matches its checksum.`,
  cancelled: 'Restore cancelled. Your data was not changed.',
  failed: 'Restore failed',
  verifyFailed: 'This backup is damaged or unreadable',
}

type Pending = { kind: 'restore'; path: string } | { kind: 'undo' }

// History lists every backup in every backup folder, with Restore This,
// Verify and Open Folder on each, and Undo Last Restore.
export default function History({ refresh, onDataChanged }: { refresh?: number; onDataChanged: () => void }) {
  const [list, setList] = useState<BackupList | null>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState('')

  const reload = useCallback(async () => {
    try {
      setList(await listBackups())
    } catch (e) {
      setStatus({ kind: 'error', text: toUIError(e).message })
    }
  }, [])

  useEffect(() => {
    reload()
  }, [reload, refresh])

  async function confirm() {
    const p = pending
    setPending(null)
    if (!p) return
    setBusy('restore')
    setStatus(null)
    try {
      const res = p.kind === 'undo' ? await undoLastRestore() : await restoreFromHistory(p.path)
      setStatus({ kind: 'ok', text: TEXT.restored(res.preview.members) })
      onDataChanged()
    } catch (e) {
      setStatus(failureStatus(e, TEXT.cancelled, TEXT.failed))
    } finally {
      setBusy('')
      reload()
    }
  }

  async function verify(b: FoundBackup) {
    setBusy(b.path)
    setStatus(null)
    try {
      await verifyBackup(b.path)
      setStatus({ kind: 'ok', text: TEXT.sound(b.path) })
    } catch (e) {
      setStatus({ kind: 'error', text: `${TEXT.verifyFailed}: ${toUIError(e).message}` })
    } finally {
      setBusy('')
    }
  }

  async function show(path: string) {
    try {
      await openFolder(path)
    } catch (e) {
      setStatus({ kind: 'error', text: toUIError(e).message })
    }
  }

  const hasSafety = list?.backups.some((b) => b.safety) ?? false
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{TEXT.title}</h2>
      {!list && <p role="status">{TEXT.loading}</p>}
      {list?.warnings.map((w) => (
        <p key={w} className="warning" role="note">
          {w}
        </p>
      ))}
      {list && list.backups.length === 0 && <p>{TEXT.none}</p>}
      {list && list.backups.length > 0 && (
        <ul className="history" aria-label={TEXT.list}>
          {list.backups.map((b) => (
            <li key={b.path} aria-label={formatDate(b.time)}>
              <div>
                <strong>{formatDate(b.time)}</strong> · {formatBytes(b.size)} · {TEXT.members(b.members)} · {TEXT.photos(b.photos)} ·{' '}
                {b.verified ? TEXT.verified : TEXT.notVerified}
                {b.safety && ` · ${TEXT.safety}`}
                {!b.format && ` · ${TEXT.notBackup}`}
              </div>
              <div className="path">{b.path}</div>
              <div className="row">
                <button type="button" disabled={!!busy || !b.format} onClick={() => setPending({ kind: 'restore', path: b.path })}>
                  {TEXT.restore}
                </button>
                <button type="button" disabled={!!busy || !b.format} onClick={() => verify(b)}>
                  {busy === b.path ? TEXT.verifying : TEXT.verify}
                </button>
                <button type="button" onClick={() => show(b.path)}>
                  {TEXT.open}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {hasSafety && (
        <div className="row">
          <button type="button" className="danger" disabled={!!busy} onClick={() => setPending({ kind: 'undo' })}>
            {TEXT.undo}
          </button>
        </div>
      )}
      {pending && (
        <div className="confirm" role="alertdialog" aria-modal="true" aria-labelledby="history-confirm-title" onKeyDown={(e) => e.key === 'Escape' && setPending(null)}>
          <h4 id="history-confirm-title">{pending.kind === 'undo' ? TEXT.undoTitle : TEXT.confirmTitle}</h4>
          <p>{pending.kind === 'undo' ? TEXT.undoText : TEXT.confirmText(pending.path)}</p>
          <div className="row">
            <button type="button" className="danger" onClick={confirm}>
              {TEXT.yes}
            </button>
            <button type="button" onClick={() => setPending(null)} autoFocus>
              {TEXT.no}
            </button>
          </div>
        </div>
      )}
      <StatusLine status={status} />
    </section>
  )
}
