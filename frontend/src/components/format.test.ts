import { describe, expect, it } from 'vitest'
import { formatBytes } from './format'

describe('formatBytes', () => {
  // The same table as the Go formatter's test: one convention everywhere.
  it.each([
    [0, '0 bytes'],
    [512, '512 bytes'],
    [1023, '1023 bytes'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [102297, '99.9 KB'],
    [102349, '100 KB'],
    [102400, '100 KB'],
    [1048575, '1.0 MB'],
    [12897485, '12.3 MB'],
    [262144000, '250 MB'],
    [1181116006, '1.1 GB'],
    [5 * 1024 ** 4, '5.0 TB'],
    [2048 * 1024 ** 4, '2048 TB'],
  ])('%d is %s', (n, want) => {
    expect(formatBytes(n)).toBe(want)
  })

  it('shows nothing for a missing size', () => {
    expect(formatBytes(undefined)).toBe('')
    expect(formatBytes(null)).toBe('')
  })
})
