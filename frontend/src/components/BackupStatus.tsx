import { useCallback, useEffect, useState } from 'react'
import { AUTO, BACKUP, CLOSE_BACKUP, RESTORE, getBackupStatus, runBackupNow, subscribe, type AutoReport, type CloseState, type BackupStatus as StatusData } from '../api'
import { Text, locale, useT } from '../i18n'
import { formatBytes, formatDate } from './format'
import NoticeText from './NoticeText'
import ProgressBar from './ProgressBar'
import StatusLine, { errorStatus, failureStatus, type Status } from './StatusLine'
import { useOperation } from './useOperation'

// ago is "3 days ago", "5 minutes ago", "now" in the window's language.
export function ago(at: string, now = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' })
  const minutes = Math.round((now - new Date(at).getTime()) / 60000)
  if (minutes < 60) return rtf.format(-Math.max(0, minutes), 'minute')
  if (minutes < 24 * 60) return rtf.format(-Math.floor(minutes / 60), 'hour')
  return rtf.format(-Math.floor(minutes / (24 * 60)), 'day')
}

// Outcomes says what a run did at each backup folder and to the cloud copy
// (when this computer has one); Go's own words for a failure come last, as
// detail.
function Outcomes({ report }: { report: AutoReport }) {
  const t = useT()
  return (
    <ul className="outcomes">
      {report.outcomes.map((o) => (
        <li key={o.destination}>
          {o.result === 'ok' ? (
            <Text k="autoBackup.ok" values={{ path: o.file }} />
          ) : o.result === 'unchanged' ? (
            <Text k="autoBackup.unchanged" values={{ path: o.destination }} />
          ) : (
            <Text k="autoBackup.notDone" values={{ path: o.destination, detail: o.message }} />
          )}
        </li>
      ))}
      {report.cloud && (
        <li className={report.cloud.result === 'failed' ? 'warning' : undefined}>
          {report.cloud.result === 'ok' ? (
            t('autoBackup.cloudSent', { size: formatBytes(report.cloud.size) })
          ) : report.cloud.result === 'unchanged' ? (
            t('autoBackup.cloudUnchanged')
          ) : (
            <Text k="autoBackup.cloudFailed" values={{ detail: report.cloud.reason || report.cloud.message }} />
          )}
        </li>
      )}
      {report.cloud?.warning && (
        <li className="warning">
          <NoticeText notice={report.cloud.warning} />
        </li>
      )}
      {report.warnings.map((w) => (
        <li key={w.text} className="warning">
          <NoticeText notice={w} />
        </li>
      ))}
    </ul>
  )
}

// BackupStatus is the overview's line "Last backup: 3 days ago (USB drive)"
// in green, amber or red, the alert of a failed automatic backup (shown
// until one succeeds), and Back Up Now. Automatic backups that the schedule
// starts show their progress here too, without taking the focus.
export default function BackupStatus({ onBackedUp }: { onBackedUp?: () => void }) {
  const t = useT()
  const [status, setStatus] = useState<StatusData | null>(null)
  const [report, setReport] = useState<AutoReport | null>(null)
  const [failure, setFailure] = useState<Status | null>(null)
  const [scheduled, setScheduled] = useState(false)
  // The backup on close is running: the window stays open until it ends.
  const [closing, setClosing] = useState(false)
  const op = useOperation(AUTO)

  const reload = useCallback(async () => {
    try {
      setStatus(await getBackupStatus())
    } catch (e) {
      setFailure(failureStatus(e, '', t('autoBackup.failed')))
    }
  }, [t])

  useEffect(() => {
    reload()
  }, [reload])

  // A run the schedule started: progress while it runs, the status after.
  useEffect(() => subscribe(AUTO.progress, () => setScheduled(true)), [])
  useEffect(
    () =>
      subscribe<AutoReport>(AUTO.done, (r) => {
        setScheduled(false)
        if (r?.outcomes) setReport(r)
        reload()
        onBackedUp?.()
      }),
    [reload, onBackedUp],
  )
  // A backup or a restore made on the Backup & Restore card changes what the
  // status says (the last backup, where the data came from): hear them end.
  useEffect(() => subscribe(BACKUP.done, () => reload()), [reload])
  useEffect(() => subscribe(RESTORE.done, () => reload()), [reload])
  useEffect(
    () =>
      subscribe(AUTO.error, () => {
        setScheduled(false)
        reload()
      }),
    [reload],
  )

  useEffect(() => subscribe<CloseState>(CLOSE_BACKUP, (s) => setClosing(!!s?.running)), [])

  async function backUpNow() {
    setReport(null)
    setFailure(null)
    try {
      setReport(await op.run(runBackupNow))
    } catch (e) {
      setFailure(errorStatus(e, t('autoBackup.failed')))
    }
    reload()
    onBackedUp?.()
  }

  const running = op.running || scheduled
  const level = status?.level === 'green' || status?.level === 'amber' ? status.level : 'red'
  return (
    <section className="card" aria-labelledby="backup-status-title">
      <h2 id="backup-status-title">{t('autoBackup.title')}</h2>
      {status ? (
        <p className={`backup-level level-${level}`} role="status" aria-label={t(`autoBackup.${level}`)}>
          <span className="dot" aria-hidden="true" />{' '}
          {!status.lastAt ? (
            t('autoBackup.none')
          ) : status.here ? (
            <Text k="autoBackup.lastHere" values={{ ago: ago(status.lastAt) }} />
          ) : (
            <Text k="autoBackup.last" values={{ ago: ago(status.lastAt), where: status.where }} />
          )}
        </p>
      ) : (
        <p role="status">{t('autoBackup.loading')}</p>
      )}
      {status?.alert && (
        <p className="warning" role="alert">
          <Text k="autoBackup.alert" values={{ detail: status.alert }} />
        </p>
      )}
      {closing && <p role="status">{t('autoBackup.closing')}</p>}
      {status?.nextDue && <p className="muted">{t('autoBackup.next', { when: formatDate(status.nextDue) })}</p>}
      <div className="row">
        <button type="button" onClick={backUpNow} disabled={running}>
          {running ? t('autoBackup.backingUp') : t('autoBackup.backUpNow')}
        </button>
      </div>
      {running && <ProgressBar label={t('autoBackup.progress')} update={op.progress} />}
      {report && <Outcomes report={report} />}
      <StatusLine status={failure} />
    </section>
  )
}
