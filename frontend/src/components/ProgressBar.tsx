import type { ProgressUpdate } from '../api'
import { useT } from '../i18n'
import { formatBytes, formatCount } from './format'

const PHASES = ['scan', 'snapshot', 'archive', 'sync', 'copy', 'validate', 'verify', 'extract', 'safety', 'swap', 'install', 'done'] as const
type Phase = (typeof PHASES)[number]
const isPhase = (p: string): p is Phase => (PHASES as readonly string[]).includes(p)

// percentOf is the share of the current phase that is done, or null when
// the phase does not know its total yet. The bar's fill, its percentage and
// aria-valuenow are all this one number.
export function percentOf(u: ProgressUpdate | null): number | null {
  if (!u) return null
  if (u.bytesTotal > 0) return Math.min(100, Math.floor((u.bytesDone / u.bytesTotal) * 100))
  if (u.filesTotal > 0) return Math.min(100, Math.floor((u.filesDone / u.filesTotal) * 100))
  return null
}

export default function ProgressBar({ label, update }: { label: string; update: ProgressUpdate | null }) {
  const t = useT()
  const percent = percentOf(update)
  const p = update?.phase
  // An unknown phase from a newer Go side still reads as progress.
  const phase = !p ? t('progress.phase.start') : isPhase(p) ? t(`progress.phase.${p}`) : t('progress.phase.start')
  const details: string[] = []
  if (update && update.bytesTotal > 0) details.push(t('progress.bytes', { done: formatBytes(update.bytesDone), total: formatBytes(update.bytesTotal) }))
  if (update && update.filesTotal > 0) {
    const counts = { done: formatCount(update.filesDone), total: formatCount(update.filesTotal) }
    details.push(update.phase === 'install' ? t('progress.steps', counts) : t('progress.files', counts))
  }
  const percentText = percent != null ? t('progress.percent', { percent }) : ''

  return (
    <div className="progress">
      <div className="progress-head">
        <span className="progress-phase">{phase}</span>
        {percent != null && <span className="progress-percent">{percentText}</span>}
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent != null ? `${phase}: ${percentText}` : phase}
      >
        <div
          className={percent == null ? 'progress-fill indeterminate' : 'progress-fill'}
          data-testid="progress-fill"
          style={percent == null ? undefined : { width: `${percent}%` }}
        />
      </div>
      {details.length > 0 && <div className="progress-details">{details.join(' · ')}</div>}
      {update?.current && (
        <div className="progress-current path" translate="no" title={update.current}>
          {update.current}
        </div>
      )}
    </div>
  )
}
