// Small helpers for what the user reads.

const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB']

// formatBytes mirrors backend/size.Format, the one size convention of the
// program (the CLI prints the same): 1024-based with Windows Explorer's
// labels, one decimal below 100 and none from 100 up: "512 bytes", "1.5 KB",
// "12.3 MB", "250 MB", "1.1 GB". Change both together; the tests share a table.
export function formatBytes(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return ''
  if (n < 0) return `-${formatBytes(-n)}`
  if (n === 1) return '1 byte'
  if (n < 1024) return `${n} bytes`
  let v = n
  for (let i = 0; i < UNITS.length; i++) {
    v /= 1024
    // Round as it will be printed, so 1023.96 KB reads "1.0 MB", not
    // "1024 KB", and 99.96 reads "100", not "100.0".
    let r = Math.round(v * 10) / 10
    if (r >= 100) r = Math.round(v)
    if (r >= 1024 && i < UNITS.length - 1) continue
    return r >= 100 ? `${r.toFixed(0)} ${UNITS[i]}` : `${r.toFixed(1)} ${UNITS[i]}`
  }
  return ''
}

export function formatDate(value: unknown): string {
  if (!value) return ''
  const d = new Date(value as string)
  if (Number.isNaN(d.getTime())) return String(value)
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}

export function formatCount(n: number | null | undefined): string {
  return (n ?? 0).toLocaleString()
}

// shortcut gives a control a keyboard shortcut (Alt+key in the app's
// webview) and announces it to assistive technology; the button's tooltip
// shows it to everyone else.
export function shortcut(key: string) {
  const combo = `Alt+${key.toUpperCase()}`
  return { accessKey: key, 'aria-keyshortcuts': combo, title: combo }
}
