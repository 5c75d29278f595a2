import type { Overview as OverviewData } from '../api'
import { formatBytes, formatCount, formatDate } from './format'

// Overview shows where the data is, what it holds and when it was last
// backed up, with a warning when that was too long ago.
export default function Overview({ overview, error }: { overview: OverviewData | null | undefined; error: string }) {
  if (!overview) {
    return (
      <section className="card" aria-labelledby="overview-title">
        <h2 id="overview-title">Overview</h2>
        <p className="error" role="alert">
          The data could not be read{error ? `: ${error}` : '.'}
        </p>
      </section>
    )
  }
  const last = overview.lastBackup
  return (
    <section className="card" aria-labelledby="overview-title">
      <h2 id="overview-title">Overview</h2>
      {overview.backupOverdue && (
        <p className="warning" role="alert">
          {last
            ? 'No backup for 7 days or more. Create a backup now to keep your register safe.'
            : 'No backup has been made yet. Create a backup now to keep your register safe.'}
        </p>
      )}
      <dl className="facts">
        <dt>Members</dt>
        <dd data-testid="overview-members">{formatCount(overview.members)}</dd>
        <dt>Houses</dt>
        <dd data-testid="overview-houses">{formatCount(overview.houses)}</dd>
        <dt>Areas</dt>
        <dd>{formatCount(overview.areas)}</dd>
        <dt>Photos</dt>
        <dd data-testid="overview-photos">
          {formatCount(overview.photos)} ({formatBytes(overview.mediaBytes)})
        </dd>
        <dt>Database size</dt>
        <dd>{formatBytes(overview.dbSize)}</dd>
        <dt>Data folder</dt>
        <dd className="path">{overview.dataDir}</dd>
        <dt>Last backup</dt>
        <dd>
          {last ? (
            <>
              {formatDate(last.at)}
              <br />
              <span className="path">{last.path}</span>
            </>
          ) : (
            'Never'
          )}
        </dd>
      </dl>
    </section>
  )
}
