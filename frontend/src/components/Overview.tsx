import type { Overview as OverviewData } from '../api'
import { Text, useT } from '../i18n'
import Path from './Path'
import { formatBytes, formatCount, formatDate, formatDay } from './format'

// Overview shows where the data is, what it holds, when it was last backed
// up (with a warning when that was too long ago) and, after a restore, which
// backup the data came from.
export default function Overview({ overview, error }: { overview: OverviewData | null | undefined; error: string }) {
  const t = useT()
  if (!overview) {
    return (
      <section className="card" aria-labelledby="overview-title">
        <h2 id="overview-title">{t('overview.title')}</h2>
        <p className="error" role="alert">
          {error ? <Text k="overview.readFailedDetail" values={{ detail: error }} /> : t('overview.readFailed')}
        </p>
      </section>
    )
  }
  const last = overview.lastBackup
  const restored = overview.restoredFrom
  return (
    <section className="card" aria-labelledby="overview-title">
      <h2 id="overview-title">{t('overview.title')}</h2>
      {restored && (
        <p className="info-box" role="note" aria-label={t('overview.restoredLabel')}>
          {restored.backupCreatedAt
            ? t('overview.restoredFrom', { date: formatDay(restored.backupCreatedAt) })
            : t('overview.restoredFromUnknown')}
          <br />
          <Path>{restored.path}</Path>
        </p>
      )}
      {overview.backupOverdue && (
        <p className="warning" role="alert">
          {last || restored ? t('overview.overdue') : t('overview.neverBackedUp')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('facts.members')}</dt>
        <dd data-testid="overview-members">{formatCount(overview.members)}</dd>
        <dt>{t('facts.houses')}</dt>
        <dd data-testid="overview-houses">{formatCount(overview.houses)}</dd>
        <dt>{t('facts.areas')}</dt>
        <dd>{formatCount(overview.areas)}</dd>
        <dt>{t('facts.photos')}</dt>
        <dd data-testid="overview-photos">
          {t('facts.photosValue', { n: formatCount(overview.photos), size: formatBytes(overview.mediaBytes) })}
        </dd>
        <dt>{t('facts.databaseSize')}</dt>
        <dd>{formatBytes(overview.dbSize)}</dd>
        <dt>{t('facts.dataFolder')}</dt>
        <dd><Path>{overview.dataDir}</Path></dd>
        <dt>{t('facts.lastBackup')}</dt>
        <dd>
          {last ? (
            <>
              {formatDate(last.at)}
              <br />
              <Path>{last.path}</Path>
            </>
          ) : (
            t('facts.never')
          )}
        </dd>
      </dl>
    </section>
  )
}
