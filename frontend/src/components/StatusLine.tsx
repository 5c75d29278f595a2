import type { ReactNode } from 'react'
import { toUIError } from '../api'
import ErrorText from './ErrorText'

// StatusLine shows the outcome of an operation: {kind: 'ok'|'error'|'info', text}.
// Errors are alerts so screen readers announce them at once.
export interface Status {
  kind: 'ok' | 'error' | 'info'
  text: ReactNode
}

// failureStatus is what an operation's failure shows: a quiet note when the
// user cancelled it (told by the error's code), else what went wrong, all in
// the window's language (ErrorText), Go's own words folded away last.
export function failureStatus(e: unknown, cancelledText: string, failedText: string): Status {
  const err = toUIError(e)
  return err.code === 'cancelled' ? { kind: 'info', text: cancelledText } : errorStatus(e, failedText)
}

// errorStatus is a failure told as an error, cancelled or not.
export function errorStatus(e: unknown, failedText: string): Status {
  return { kind: 'error', text: <ErrorText lead={failedText} error={toUIError(e)} /> }
}

export default function StatusLine({ status, children }: { status: Status | null; children?: ReactNode }) {
  if (!status) return null
  const cls = { ok: 'success', error: 'error', info: 'muted' }[status.kind]
  return (
    <>
      {/* a div: an error's text may hold a <details>, which a <p> cannot */}
      <div className={`status ${cls}`} role={status.kind === 'error' ? 'alert' : 'status'}>
        {status.text}
      </div>
      {children}
    </>
  )
}
