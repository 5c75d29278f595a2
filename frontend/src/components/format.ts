// Small helpers for what the user reads, in the window's language: numbers
// and dates in ml-IN or en-IN.
import i18n, { locale } from '../i18n'

const UNITS = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB']

// formatBytes mirrors backend/size.Format, the one size convention of the
// program (the CLI prints the same): 1024-based with Windows Explorer's
// labels, one decimal below 100 and none from 100 up: "512 bytes", "1.5 KB",
// "12.3 MB", "250 MB", "1.1 GB". Change both together; the tests share a table.
export function formatBytes(n: number | null | undefined): string {
  if (n == null || Number.isNaN(n)) return ''
  if (n < 0) return `-${formatBytes(-n)}`
  if (n === 1) return i18n.language === 'ml' ? '1 ബൈറ്റ്' : '1 byte'
  if (n < 1024) return i18n.language === 'ml' ? `${n} ബൈറ്റ്` : `${n} bytes`
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
  // Malayalam reads a 24-hour clock; ICU's ml-IN would write "AM"/"PM".
  return d.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short', hourCycle: i18n.language === 'ml' ? 'h23' : undefined })
}

// formatDay is a date without the time: "12 Oct 2026".
export function formatDay(value: unknown): string {
  if (!value) return ''
  const d = new Date(value as string)
  if (Number.isNaN(d.getTime())) return String(value)
  return d.toLocaleDateString(locale(), { dateStyle: 'medium' })
}

export function formatCount(n: number | null | undefined): string {
  return (n ?? 0).toLocaleString(locale())
}

// shortcut gives a control a keyboard shortcut (Alt+key in the app's
// webview) and announces it to assistive technology. It sets no title: the
// webview's tooltips stayed on screen over headings after their button had
// gone; ShortcutHint shows the key inside the control instead.
export function shortcut(key: string) {
  return { accessKey: key, 'aria-keyshortcuts': `Alt+${key.toUpperCase()}` }
}
