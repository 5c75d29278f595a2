// Small helpers for what the user reads.

const UNITS = ['KB', 'MB', 'GB', 'TB']

// formatBytes is the size convention of the whole program (the CLI's Go
// formatter writes the same): 1024-based with Windows Explorer's labels,
// one decimal below 100 and none from 100 up: "512 bytes", "1.5 KB",
// "12.3 MB", "1.1 GB", "250 MB".
export function formatBytes(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return ''
  if (n < 1024) return `${n} bytes`
  let v = n / 1024
  let i = 0
  // Step up while the value would be shown as 1024 or more of its unit.
  while (Math.round(v) >= 1024 && i < UNITS.length - 1) {
    v /= 1024
    i++
  }
  // 99.96 shows as "100", not "100.0".
  const text = Math.round(v * 10) / 10 < 100 ? v.toFixed(1) : v.toFixed(0)
  return `${text} ${UNITS[i]}`
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
