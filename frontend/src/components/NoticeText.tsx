import type { ReactNode } from 'react'
import type { Notice } from '../api'
import { useT } from '../i18n'
import { TechnicalDetails } from './ErrorText'

// MARK cuts the catalog's sentence where a param's value goes.
const MARK = '\u0000'

// NoticeText tells one warning from the Go side (backend/notice) in the
// window's language: the catalog's words for its code, with the paths,
// drive names and counts it names put in. What it names is marked
// translate="no" (a path is not the window's language), and the technical
// detail stays folded under "Technical details". A code this window does
// not know (a newer Go side) shows Go's English Text.
export default function NoticeText({ notice }: { notice: Notice }): ReactNode {
  const t = useT()
  const key = `notices.${notice.code}`
  const params = notice.params ?? {}
  // Each param goes in as a marked placeholder, so the sentence can be cut
  // into the catalog's words and the values they name; count chooses the
  // plural form and shows as {{n}}.
  const marked: Record<string, unknown> = {}
  for (const k of Object.keys(params)) marked[k] = `${MARK}${k}${MARK}`
  if (params.count !== undefined) marked.count = Number(params.count)
  const words = t(key as never, { ...marked, n: params.count, defaultValue: '' }) as string
  if (words === '') {
    return (
      <span className="detail" translate="no">
        {notice.text}
      </span>
    )
  }
  const parts = words.split(MARK)
  return (
    <>
      <span>
        {parts.map((p, i) =>
          i % 2 === 0 ? (
            p
          ) : (
            <span key={i} className="path" translate="no">
              {params[p] ?? p}
            </span>
          ),
        )}
      </span>
      <TechnicalDetails text={params.detail} />
    </>
  )
}

// NoticeList is a labelled list of notices, or nothing when there are none.
export function NoticeList({ notices, label }: { notices: Notice[]; label: string }): ReactNode {
  if (notices.length === 0) return null
  return (
    <ul className="warning-box" aria-label={label}>
      {notices.map((n) => (
        <li key={n.text}>
          <NoticeText notice={n} />
        </li>
      ))}
    </ul>
  )
}
