import { useCallback, useEffect, useState } from 'react'
import { listBackups, restoreCloudSnapshot, restoreFromHistory, showInFolder, undoLastRestore, verifyBackup, type BackupList, type CloudSnapshot, type FoundBackup } from '../api'
import { Text, useT } from '../i18n'
import { formatBytes, formatCount, formatDate } from './format'
import NoticeText from './NoticeText'
import Path from './Path'
import StatusLine, { failureStatus, type Status } from './StatusLine'

type Pending = { kind: 'restore'; path: string } | { kind: 'cloud'; snapshot: CloudSnapshot } | { kind: 'undo' }

// History lists every backup in every backup folder, with Restore This,
// Verify and Open Folder on each, and Undo Last Restore; then the cloud
// copy's snapshots, when this computer is connected to one, each with Restore This.
export default function History({ refresh, onDataChanged }: { refresh?: number; onDataChanged: () => void }) {
  const t = useT()
  const [list, setList] = useState<BackupList | null>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState('')

  const reload = useCallback(async () => {
    try {
      setList(await listBackups())
    } catch (e) {
      setStatus(failureStatus(e, '', t('history.loading')))
    }
  }, [t])

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
      const res = p.kind === 'undo' ? await undoLastRestore() : p.kind === 'cloud' ? await restoreCloudSnapshot(p.snapshot.id) : await restoreFromHistory(p.path)
      const members = t('count.members', { count: res.preview.members, n: formatCount(res.preview.members) })
      setStatus({ kind: 'ok', text: t('history.restored', { members }) })
      onDataChanged()
    } catch (e) {
      setStatus(failureStatus(e, t('history.cancelled'), t('history.failed')))
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
      setStatus({ kind: 'ok', text: <Text k="history.sound" values={{ path: b.path }} /> })
      // Go has marked it verified in the history: the row now says "checked".
      reload()
    } catch (e) {
      setStatus(failureStatus(e, '', t('history.verifyFailed')))
    } finally {
      setBusy('')
    }
  }

  async function show(path: string) {
    try {
      await showInFolder(path)
    } catch (e) {
      setStatus(failureStatus(e, '', t('history.openFailed')))
    }
  }

  const facts = (b: FoundBackup) =>
    [
      formatBytes(b.size),
      ...(b.encrypted
        ? [t('history.encrypted')]
        : [
            b.members < 0 ? t('history.membersUnknown') : t('count.members', { count: b.members, n: formatCount(b.members) }),
            t('count.photos', { count: b.photos, n: formatCount(b.photos) }),
          ]),
      b.verified ? t('history.checked') : t('history.notChecked'),
      ...(b.safety ? [t('history.safety')] : []),
      ...(!b.format ? [t('history.notBackup')] : []),
    ].join(' · ')

  const hasSafety = list?.backups.some((b) => b.safety) ?? false
  const cloud = list?.cloud ?? []
  const cloudFacts = (c: CloudSnapshot) =>
    [
      formatBytes(c.size),
      t('count.members', { count: c.members, n: formatCount(c.members) }),
      t('count.photos', { count: c.mediaFiles, n: formatCount(c.mediaFiles) }),
      t('history.cloudPlace'),
    ].join(' · ')
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.title')}</h2>
      {!list && <p role="status">{t('history.loading')}</p>}
      {list?.warnings.map((w) => (
        <p key={w.text} className="warning" role="note">
          <NoticeText notice={w} />
        </p>
      ))}
      {list && list.backups.length === 0 && <p>{t('history.none')}</p>}
      {list && list.backups.length > 0 && (
        <ul className="history" aria-label={t('history.list')}>
          {list.backups.map((b) => (
            <li key={b.path}>
              <div>
                <strong>{formatDate(b.time)}</strong> · {facts(b)}
              </div>
              <Path>{b.path}</Path>
              <div className="row">
                <button type="button" disabled={!!busy || !b.format} onClick={() => setPending({ kind: 'restore', path: b.path })}>
                  {t('history.restore')}
                </button>
                <button type="button" disabled={!!busy || !b.format} onClick={() => verify(b)}>
                  {busy === b.path ? t('history.verifying') : t('history.verify')}
                </button>
                <button type="button" onClick={() => show(b.path)}>
                  {t('history.open')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {cloud.length > 0 && (
        <ul className="history" aria-label={t('history.cloudList')}>
          {cloud.map((c) => (
            <li key={c.id}>
              <div>
                <strong>{formatDate(c.time)}</strong> · {cloudFacts(c)}
              </div>
              <div className="row">
                <button type="button" disabled={!!busy} onClick={() => setPending({ kind: 'cloud', snapshot: c })}>
                  {t('history.restore')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {hasSafety && (
        <div className="row">
          <button type="button" className="danger" disabled={!!busy} onClick={() => setPending({ kind: 'undo' })}>
            {t('history.undo')}
          </button>
        </div>
      )}
      {pending && (
        <div className="confirm" role="alertdialog" aria-modal="true" aria-labelledby="history-confirm-title" onKeyDown={(e) => e.key === 'Escape' && setPending(null)}>
          <h4 id="history-confirm-title">{pending.kind === 'undo' ? t('history.undoTitle') : t('history.confirmTitle')}</h4>
          <p>{pending.kind === 'undo' ? t('history.undoText') : <Text k="history.confirmText" values={{ path: pending.kind === 'cloud' ? t('history.cloudSnapshot', { time: formatDate(pending.snapshot.time) }) : pending.path }} />}</p>
          <div className="row">
            <button type="button" className="danger" onClick={confirm}>
              {t('history.yes')}
            </button>
            <button type="button" onClick={() => setPending(null)} autoFocus>
              {t('history.no')}
            </button>
          </div>
        </div>
      )}
      <StatusLine status={status} />
    </section>
  )
}
