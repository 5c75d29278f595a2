import type { Preview } from '../api'
import { useT } from '../i18n'
import { formatBytes, formatCount, formatDate } from './format'
import NoticeText from './NoticeText'

const FORMATS = ['mahall-backup/1', 'A', 'B', 'C'] as const
type Format = (typeof FORMATS)[number]
const isFormat = (f: string): f is Format => (FORMATS as readonly string[]).includes(f)

// BackupPreview shows what a backup holds before anything is replaced.
export default function BackupPreview({ preview }: { preview: Preview }) {
  const t = useT()
  const warnings = preview.warnings ?? []
  return (
    <section className="preview" aria-label={t('preview.region')}>
      <h4>{t('preview.title')}</h4>
      <dl className="facts">
        <dt>{t('facts.made')}</dt>
        <dd>{preview.createdAt ? formatDate(preview.createdAt) : t('preview.unknownDate')}</dd>
        <dt>{t('facts.members')}</dt>
        <dd>{formatCount(preview.members)}</dd>
        <dt>{t('facts.houses')}</dt>
        <dd>{formatCount(preview.houses)}</dd>
        <dt>{t('facts.areas')}</dt>
        <dd>{formatCount(preview.areas)}</dd>
        <dt>{t('facts.photos')}</dt>
        <dd>{t('facts.photosValue', { n: formatCount(preview.mediaFiles), size: formatBytes(preview.mediaBytes) })}</dd>
        <dt>{t('facts.size')}</dt>
        <dd>{formatBytes(preview.size)}</dd>
        <dt>{t('facts.format')}</dt>
        <dd>{isFormat(preview.format) ? t(`preview.format.${preview.format}`) : <span translate="no">{preview.format}</span>}</dd>
      </dl>
      {warnings.length > 0 && (
        <div className="warning-box" role="note" aria-label={t('preview.warningsRegion')}>
          <strong>{t('preview.warnings')}</strong>
          <ul>
            {warnings.map((w) => (
              // e.g. a photo a member names is missing, in the window's language.
              <li key={w.text}>
                <NoticeText notice={w} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
