import { useEffect, useState } from 'react'
import {
  BACKUP,
  RESTORE,
  chooseBackupDestination,
  copyText,
  createBackup,
  restoreBackup,
  showInFolder,
  type BackupResult,
  type Overview,
  type Preview,
} from '../api'
import { Text, useT } from '../i18n'
import BackupChooser from './BackupChooser'
import CancelButton from './CancelButton'
import ConfirmBox from './ConfirmBox'
import NoticeText, { NoticeList } from './NoticeText'
import ProgressBar from './ProgressBar'
import ShortcutHint from './ShortcutHint'
import StatusLine, { errorStatus, failureStatus, type Status } from './StatusLine'
import { formatBytes, formatCount, formatDay, shortcut } from './format'
import { summary } from './summary'
import { useBackupChoice } from './useBackupChoice'
import { useOperation } from './useOperation'

interface CardProps {
  busy: boolean
  // fresh is false once the other card has started an operation: this
  // card's message no longer describes the data, so it goes.
  fresh: boolean
  onRunning: (running: boolean) => void
  onDone: () => void
}

// useStatus is a card's outcome line, shown only while it is fresh.
function useStatus(fresh: boolean) {
  const [status, setStatus] = useState<Status | null>(null)
  return [fresh ? status : null, setStatus] as const
}

// CreateBackupCard saves a backup where the user chooses in the native save
// dialog, then offers to show it in its folder or copy its path.
function CreateBackupCard({ busy, fresh, onRunning, onDone }: CardProps) {
  const t = useT()
  const op = useOperation(BACKUP)
  const [status, setStatus] = useStatus(fresh)
  const [saved, setSaved] = useState<BackupResult | null>(null)
  const [copied, setCopied] = useState(false)

  async function start() {
    setStatus(null)
    setSaved(null)
    setCopied(false)
    let dest
    try {
      dest = await chooseBackupDestination(t('backup.dialogTitle'))
    } catch (e) {
      setStatus(errorStatus(e, t('backup.saveDialogFailed')))
      return
    }
    if (!dest) return
    onRunning(true)
    try {
      const res = await op.run(() => createBackup(dest))
      onRunning(false)
      setStatus({ kind: 'ok', text: <Text k="backup.saved" values={{ path: res.path, size: formatBytes(res.size) }} /> })
      setSaved(res)
      onDone()
    } catch (e) {
      onRunning(false)
      setStatus(failureStatus(e, t('backup.cancelled'), t('backup.failed')))
    }
  }

  async function show(path: string) {
    try {
      await showInFolder(path)
    } catch (e) {
      setStatus(errorStatus(e, t('backup.openFolderFailed')))
    }
  }

  return (
    <section className="card" aria-labelledby="create-backup-title">
      <h3 id="create-backup-title">{t('backup.title')}</h3>
      <p>{t('backup.intro')}</p>
      <div className="row">
        <button type="button" className="primary" onClick={start} disabled={busy || op.running} {...shortcut('b')}>
          {op.running ? t('backup.running') : t('backup.button')} <ShortcutHint k="b" />
        </button>
        {op.running && <CancelButton />}
      </div>
      {op.running && <ProgressBar label={t('backup.progress')} update={op.progress} />}
      <StatusLine status={status}>
        {/* What the backup could not hold (a photo missing from the media
            folder, a name Windows cannot keep): the backup is made all the same. */}
        {saved && <NoticeList notices={saved.warnings} label={t('preview.warnings')} />}
        {saved && (
          <div className="row">
            <button type="button" onClick={() => show(saved.path)}>
              {t('backup.openFolder')}
            </button>
            <button
              type="button"
              onClick={async () => setCopied(await copyText(saved.path).catch(() => false))}
            >
              {t('backup.copyPath')}
            </button>
            {copied && <span role="status">{t('backup.copied')}</span>}
          </div>
        )}
      </StatusLine>
    </section>
  )
}

// risks says, loudly, what a restore of preview over the current data would
// lose: fewer members or photos than now, or an older backup than the newest.
function useRisks(preview: Preview | null, current: Overview | null | undefined): string[] {
  const t = useT()
  if (!preview || !current) return []
  const risks: string[] = []
  if (preview.members < current.members) {
    risks.push(t('restore.fewerMembers', { backup: formatCount(preview.members), now: formatCount(current.members) }))
  }
  if (preview.mediaFiles < current.photos) {
    risks.push(t('restore.fewerPhotos', { backup: formatCount(preview.mediaFiles), now: formatCount(current.photos) }))
  }
  const newest = current.lastBackup?.at
  if (preview.createdAt && newest && new Date(preview.createdAt).getTime() < new Date(newest).getTime()) {
    risks.push(t('restore.older', { backup: formatDay(preview.createdAt), newest: formatDay(newest) }))
  }
  return risks
}

// RestoreBackupCard previews a chosen (or dropped) backup, asks for
// confirmation naming what will be replaced and what would be lost, then
// restores it.
function RestoreBackupCard({
  busy,
  fresh,
  dataDir,
  safetyBackups,
  current,
  dropped,
  onRunning,
  onDone,
}: CardProps & { dataDir: string; safetyBackups: string; current: Overview | null | undefined; dropped: { path: string } | null }) {
  const t = useT()
  const op = useOperation(RESTORE)
  const choice = useBackupChoice()
  const [confirming, setConfirming] = useState(false)
  const [status, setStatus] = useStatus(fresh)
  const risks = useRisks(choice.preview, current)
  const { open } = choice

  useEffect(() => {
    if (dropped?.path && !busy) {
      setStatus(null)
      open(dropped.path)
    }
    // A drop is acted on once, when it arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dropped, open])

  async function choose() {
    setStatus(null)
    await choice.choose()
  }

  function confirm() {
    setStatus(null)
    setConfirming(true)
  }

  async function restore() {
    setConfirming(false)
    setStatus(null)
    onRunning(true)
    try {
      const res = await op.run(() => restoreBackup(choice.path))
      onRunning(false)
      const counts = summary(t, res.preview, true)
      // What the engine adds about what it did: a backup without photos
      // kept the current ones.
      const notes = (res.notes ?? []).map((n) => (
        <span key={n.text}>
          {' '}
          <NoticeText notice={n} />
        </span>
      ))
      setStatus({
        kind: 'ok',
        text: (
          <>
            {res.safetyBackup ? (
              <Text k="restore.doneSafety" values={{ counts, safety: res.safetyBackup }} />
            ) : (
              t('restore.done', { counts })
            )}
            {notes}
          </>
        ),
      })
      choice.clear()
      onDone()
    } catch (e) {
      onRunning(false)
      setStatus(failureStatus(e, t('restore.cancelled'), t('restore.failed')))
    }
  }

  return (
    <section className="card" aria-labelledby="restore-backup-title">
      <h3 id="restore-backup-title">{t('restore.title')}</h3>
      <p>{t('restore.intro')}</p>
      <BackupChooser choice={choice} onChoose={choose} disabled={busy || op.running} />
      <div className="row">
        <button
          type="button"
          className="danger"
          onClick={confirm}
          disabled={!choice.preview || busy || op.running || confirming}
          {...shortcut('r')}
        >
          {op.running ? t('restore.running') : t('restore.button')} <ShortcutHint k="r" />
        </button>
        {op.running && <CancelButton />}
      </div>
      {confirming && (
        <ConfirmBox
          title={t('restore.confirmTitle')}
          text={<Text k="restore.confirmText" values={{ dataDir, backup: choice.path, safety: safetyBackups }} />}
          onEscape={() => setConfirming(false)}
          before={
            risks.length > 0 && (
              <ul className="risks" aria-label={t('restore.risks')}>
                {risks.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            )
          }
        >
          <button type="button" className="danger" onClick={restore} {...shortcut('y')}>
            {t('restore.yes')} <ShortcutHint k="y" />
          </button>
          <button type="button" onClick={() => setConfirming(false)} autoFocus {...shortcut('k')}>
            {t('restore.keep')} <ShortcutHint k="k" />
          </button>
        </ConfirmBox>
      )}
      {op.running && <ProgressBar label={t('restore.progress')} update={op.progress} />}
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
  overview,
  dropped = null,
  onDataChanged,
}: {
  dataDir: string
  safetyBackups: string // where the safety backup goes, as Go names it
  overview?: Overview | null // the data now, to compare a backup with
  dropped?: { path: string } | null // a backup file dropped on the window
  onDataChanged: () => void
}) {
  const t = useT()
  const [running, setRunning] = useState('')
  // last is the card that last started an operation: only its message is fresh.
  const [last, setLast] = useState('')
  const runningAs = (name: string) => (on: boolean) => {
    if (on) setLast(name)
    setRunning(on ? name : '')
  }
  return (
    <section className="backup-restore" aria-labelledby="backup-restore-title">
      <h2 id="backup-restore-title">{t('backup.section')}</h2>
      <CreateBackupCard busy={running === 'restore'} fresh={last !== 'restore'} onRunning={runningAs('backup')} onDone={onDataChanged} />
      <RestoreBackupCard
        busy={running === 'backup'}
        fresh={last !== 'backup'}
        dataDir={dataDir}
        safetyBackups={safetyBackups}
        current={overview}
        dropped={dropped}
        onRunning={runningAs('restore')}
        onDone={onDataChanged}
      />
    </section>
  )
}
