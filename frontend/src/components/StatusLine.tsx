import type { ReactNode } from 'react'
import { toUIError } from '../api'
import { Text } from '../i18n'

// StatusLine shows the outcome of an operation: {kind: 'ok'|'error'|'info', text}.
// Errors are alerts so screen readers announce them at once.
export interface Status {
  kind: 'ok' | 'error' | 'info'
  text: ReactNode
}

// failureStatus is what an operation's failure shows: a quiet note when the
// user cancelled it (told by the error's code), else what went wrong in the
// window's language, with the error's own words last.
export function failureStatus(e: unknown, cancelledText: string, failedText: string): Status {
  const err = toUIError(e)
  return err.code === 'cancelled'
    ? { kind: 'info', text: cancelledText }
    : { kind: 'error', text: <Text k="failed" values={{ what: failedText, detail: err.message }} /> }
}

export default function StatusLine({ status, children }: { status: Status | null; children?: ReactNode }) {
  if (!status) return null
  const cls = { ok: 'success', error: 'error', info: 'muted' }[status.kind]
  return (
    <>
      <p className={`status ${cls}`} role={status.kind === 'error' ? 'alert' : 'status'}>
        {status.text}
      </p>
      {children}
    </>
  )
}
