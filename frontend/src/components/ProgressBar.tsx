import type { ProgressUpdate } from '../api'
import { formatBytes } from './format'

const PHASES: Record<string, string> = {
  scan: 'Looking through the media files',
  snapshot: 'Copying the database',
  archive: 'Writing the backup file',
  sync: 'Saving to disk',
  copy: 'Copying the backup to another backup folder',
  validate: 'Checking the backup file',
  verify: 'Checking every file against its checksum',
  extract: 'Unpacking the backup',
  safety: 'Saving a safety backup of the current data',
  swap: 'Putting the restored data in place',
  install: 'Setting up',
  done: 'Finishing',
}

export function phaseText(phase: string | undefined): string {
  return phase ? (PHASES[phase] ?? phase) : 'Starting'
}

// percentOf is the share of the current phase that is done, or null when
// the phase does not know its total yet.
export function percentOf(u: ProgressUpdate | null): number | null {
  if (!u) return null
  if (u.bytesTotal > 0) return Math.min(100, Math.floor((u.bytesDone / u.bytesTotal) * 100))
  if (u.filesTotal > 0) return Math.min(100, Math.floor((u.filesDone / u.filesTotal) * 100))
  return null
}

export default function ProgressBar({ label, update }: { label: string; update: ProgressUpdate | null }) {
  const percent = percentOf(update)
  const phase = phaseText(update?.phase)
  const details: string[] = []
  if (update && update.bytesTotal > 0) details.push(`${formatBytes(update.bytesDone)} of ${formatBytes(update.bytesTotal)}`)
  if (update && update.filesTotal > 0) details.push(`${update.filesDone} of ${update.filesTotal} ${update.phase === 'install' ? 'steps' : 'files'}`)

  return (
    <div className="progress">
      <div className="progress-head">
        <span className="progress-phase">{phase}</span>
        {percent != null && <span className="progress-percent">{percent}%</span>}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent != null ? `${phase}: ${percent}%` : phase}
      >
        <div
          className={percent == null ? 'progress-fill indeterminate' : 'progress-fill'}
          style={percent == null ? undefined : { width: `${percent}%` }}
        />
      </div>
      {details.length > 0 && <div className="progress-details">{details.join(' · ')}</div>}
      {update?.current && (
        <div className="progress-current" title={update.current}>
          {update.current}
        </div>
      )}
    </div>
  )
}
