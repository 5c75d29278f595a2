import type { ReactNode } from 'react'
import type { UIError } from '../api'
import { useT } from '../i18n'

// ErrorText tells a failed call in the window's language: what was being
// done (lead), the words of its code, and "Your data was not changed." when
// Go says it is true. Go's English message (the CLI's words, with paths and
// the system's error) stays for engineers, folded under "Technical details";
// it is marked translate="no", as it is not the window's language.
export default function ErrorText({ lead, error }: { lead?: string; error: UIError }): ReactNode {
  const t = useT()
  const reason = [t(`errors.code.${error.code}`), error.dataUnchanged ? t('errors.unchanged') : ''].filter(Boolean).join(' ')
  return (
    <>
      <span>{lead ? t('errors.lead', { what: lead, reason }) : reason}</span>
      <TechnicalDetails text={error.message} />
    </>
  )
}

// TechnicalDetails is Go's own words (English, with paths and the system's
// error) folded under "Technical details": for engineers, after the plain
// words. Nothing when there are none.
export function TechnicalDetails({ text }: { text?: string }): ReactNode {
  const t = useT()
  if (!text) return null
  return (
    <details className="technical">
      <summary>{t('errors.technical')}</summary>
      <span className="detail" translate="no">
        {text}
      </span>
    </details>
  )
}
