import type { Preview } from '../api'
import { formatBytes, formatCount, formatDate } from './format'

const FORMATS: Record<string, string> = {
  'mahall-backup/1': 'Mahall backup (this program)',
  A: 'Older Mahall backup (standalone tool)',
  B: 'Older Mahall backup (in-app button)',
  C: 'Older Mahall backup (database only)',
}

// BackupPreview shows what a backup holds before anything is replaced.
export default function BackupPreview({ preview }: { preview: Preview }) {
  const warnings = preview.warnings ?? []
  return (
    <section className="preview" aria-label="Backup contents">
      <h4>What this backup holds</h4>
      <dl className="facts">
        <dt>Made</dt>
        <dd>{preview.createdAt ? formatDate(preview.createdAt) : 'Unknown (older backup format)'}</dd>
        <dt>Members</dt>
        <dd>{formatCount(preview.members)}</dd>
        <dt>Houses</dt>
        <dd>{formatCount(preview.houses)}</dd>
        <dt>Areas</dt>
        <dd>{formatCount(preview.areas)}</dd>
        <dt>Photos</dt>
        <dd>
          {formatCount(preview.mediaFiles)} ({formatBytes(preview.mediaBytes)})
        </dd>
        <dt>Size</dt>
        <dd>{formatBytes(preview.size)}</dd>
        <dt>Format</dt>
        <dd>{FORMATS[preview.format] ?? preview.format}</dd>
      </dl>
      {warnings.length > 0 && (
        <div className="warning-box" role="note" aria-label="Backup warnings">
          <strong>Warnings</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
