// StatusLine shows the outcome of an operation: {kind: 'ok'|'error'|'info', text}.
// Errors are alerts so screen readers announce them at once.
export default function StatusLine({ status }) {
  if (!status) return null
  const cls = { ok: 'success', error: 'error', info: 'muted' }[status.kind]
  return (
    <p className={`status ${cls}`} role={status.kind === 'error' ? 'alert' : 'status'}>
      {status.text}
    </p>
  )
}
