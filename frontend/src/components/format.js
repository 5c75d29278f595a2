// Small helpers for what the user reads.

export function formatBytes(n) {
  if (n == null || Number.isNaN(n)) return ''
  if (n < 1024) return `${n} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let v = n / 1024
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

export function formatDate(value) {
  if (!value) return ''
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) return String(value)
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

export function formatCount(n) {
  return (n ?? 0).toLocaleString()
}

// errorText turns a rejected binding call into its message: Wails rejects
// with the Go error's text as a string.
export function errorText(err) {
  if (typeof err === 'string') return err
  if (err && typeof err.message === 'string') return err.message
  return String(err)
}

// pathSeparator guesses the OS separator from a path the Go side sent.
export function pathSeparator(path) {
  return path && path.includes('\\') && !path.includes('/') ? '\\' : '/'
}

// shortcut gives a control a keyboard shortcut (Alt+key in the app's
// webview) and announces it to assistive technology; the button's tooltip
// shows it to everyone else.
export function shortcut(key) {
  const combo = `Alt+${key.toUpperCase()}`
  return { accessKey: key, 'aria-keyshortcuts': combo, title: combo }
}
