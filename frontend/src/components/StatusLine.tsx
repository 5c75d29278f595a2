import { toUIError } from '../api'

// StatusLine shows the outcome of an operation: {kind: 'ok'|'error'|'info', text}.
// Errors are alerts so screen readers announce them at once.
export interface Status {
  kind: 'ok' | 'error' | 'info'
  text: string
}

// failureStatus is what an operation's failure shows: a quiet note when the
// user cancelled it (told by the error's code), else what went wrong.
// The engine's message is shown as it is: it says first, in plain words,
// what is wrong and what it means for the data (backend/explain).
export function failureStatus(e: unknown, cancelledText: string): Status {
  const err = toUIError(e)
  return err.code === 'cancelled' ? { kind: 'info', text: cancelledText } : { kind: 'error', text: err.message }
}

export default function StatusLine({ status }: { status: Status | null }) {
  if (!status) return null
  const cls = { ok: 'success', error: 'error', info: 'muted' }[status.kind]
  return (
    <p className={`status ${cls}`} role={status.kind === 'error' ? 'alert' : 'status'}>
      {status.text}
    </p>
  )
}
