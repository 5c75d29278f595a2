// How a failed Go call reaches the components: one parser for what the
// bound methods reject with and what ":error" events carry, both
// uierr.Payload {code, message} (main.go's ErrorFormatter). Components
// branch on the code, never on the message's words.
import { uierr } from '../../wailsjs/go/models'

// ErrorCode is the union of the codes backend/uierr defines (generated into
// models.ts as the enum uierr.Code): 'cancelled' | 'busy' | 'noSpace' | ...
export type ErrorCode = `${uierr.Code}`

export interface UIError {
  code: ErrorCode
  // Go's English words and technical detail: the window shows them only
  // under "Technical details" (components/ErrorText), telling the error in
  // its own language from the code.
  message: string
  // The failed operation left the data folder as it was.
  dataUnchanged: boolean
}

const codes = new Set<string>(Object.values(uierr.Code))

function isCode(c: unknown): c is ErrorCode {
  return typeof c === 'string' && codes.has(c)
}

// toUIError reads a rejection. Anything that is not a payload (a string, a
// JavaScript Error from the bridge itself) keeps its text with the code
// 'failed', so the user still reads what went wrong.
export function toUIError(err: unknown): UIError {
  if (err && typeof err === 'object' && 'message' in err && typeof err.message === 'string') {
    const code = 'code' in err && isCode(err.code) ? err.code : 'failed'
    const dataUnchanged = 'dataUnchanged' in err && err.dataUnchanged === true
    return { code, message: err.message, dataUnchanged }
  }
  if (typeof err === 'string') return { code: 'failed', message: err, dataUnchanged: false }
  return { code: 'failed', message: String(err), dataUnchanged: false }
}
