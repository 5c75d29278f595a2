import type { TFunction } from 'i18next'
import type { Overview, Preview } from '../api'
import { formatCount } from './format'

// summary says what a data folder (Overview) or a backup (Preview) holds:
// "412 members, 96 houses, 380 photos", with each word's plural form in the
// window's language; withAnd joins the last with "and".
export function summary(t: TFunction, o: Overview | Preview, withAnd = false): string {
  const photos = 'photos' in o ? o.photos : o.mediaFiles
  const parts = {
    members: t('count.members', { count: o.members, n: formatCount(o.members) }),
    houses: t('count.houses', { count: o.houses, n: formatCount(o.houses) }),
    photos: t('count.photos', { count: photos, n: formatCount(photos) }),
  }
  return withAnd ? t('count.summaryAnd', parts) : t('count.summary', parts)
}
