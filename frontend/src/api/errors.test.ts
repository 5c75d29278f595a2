import { describe, expect, it } from 'vitest'
import { uierr } from '../../wailsjs/go/models'
import { errors } from '../test/fixtures'
import { toUIError } from './errors'

describe('toUIError', () => {
  it('reads the payloads the Go side rejects with, keeping code and message', () => {
    for (const [name, payload] of Object.entries(errors)) {
      const got = toUIError(payload)
      expect(got, name).toEqual({ code: payload.code, message: payload.message, dataUnchanged: payload.dataUnchanged })
      expect(Object.values(uierr.Code), `${name}'s code is one uierr defines`).toContain(got.code)
    }
    expect(toUIError(errors.cancelledRestore).code).toBe('cancelled')
    expect(toUIError(errors.noSpace).code).toBe('noSpace')
    expect(toUIError(errors.inUse).dataUnchanged).toBe(true) // a refused restore
    expect(toUIError(errors.noSpace).dataUnchanged).toBe(false) // a failed backup
  })

  it('keeps the text of anything else, as a plain failure', () => {
    expect(toUIError('Call to main.App.State timed out')).toEqual({ code: 'failed', message: 'Call to main.App.State timed out', dataUnchanged: false })
    expect(toUIError(new Error('bridge gone'))).toEqual({ code: 'failed', message: 'bridge gone', dataUnchanged: false })
    expect(toUIError({ code: 'noSuchCode', message: 'from a newer Go side' })).toEqual({ code: 'failed', message: 'from a newer Go side', dataUnchanged: false })
    expect(toUIError(undefined)).toEqual({ code: 'failed', message: 'undefined', dataUnchanged: false })
  })
})
