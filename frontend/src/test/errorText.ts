// How the tests read an error ErrorText shows: the words a person reads
// (the window's language), and Go's own message under "Technical details".
import { en } from '../i18n/en'
import type { ErrorCode } from '../api'

// visibleText is el's text outside any <details>: what is read without
// opening "Technical details".
export function visibleText(el: HTMLElement): string {
  const copy = el.cloneNode(true) as HTMLElement
  copy.querySelectorAll('details').forEach((d) => d.remove())
  return copy.textContent ?? ''
}

// technicalText is the text folded under "Technical details" in el, without
// its summary.
export function technicalText(el: HTMLElement): string {
  const d = el.querySelector('details')
  if (!d) return ''
  const copy = d.cloneNode(true) as HTMLElement
  copy.querySelector('summary')?.remove()
  return copy.textContent ?? ''
}

// englishError is what ErrorText shows in English after lead for an error
// with this code.
export function englishError(lead: string, err: { code: string; dataUnchanged?: boolean }): string {
  const words = en.errors.code[err.code as ErrorCode]
  return `${lead}: ${words}${err.dataUnchanged ? ` ${en.errors.unchanged}` : ''}`
}
