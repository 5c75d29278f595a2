import { describe, expect, it } from 'vitest'
import { formatBytes } from './format'

describe('formatBytes', () => {
  // backend/size's TestFormat table: one convention in Go and here.
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [512, '512 bytes'],
    [1023, '1023 bytes'],
    [1024, '1.0 KB'],
    [1536, '1.5 KB'],
    [99 * 1024 + 1000, '100 KB'], // 99.98 KB rounds up to 100: no decimal
    [250 * 1024, '250 KB'],
    [1024 * 1024 - 1, '1.0 MB'], // not "1024 KB"
    [12_900_000, '12.3 MB'],
    [95 * 1024 ** 2, '95.0 MB'],
    [250 * 1024 ** 2, '250 MB'],
    [1_181_116_006, '1.1 GB'],
    [3 * 1024 ** 4, '3.0 TB'],
    [-1536, '-1.5 KB'],
    [Number.MAX_SAFE_INTEGER, '8.0 PB'],
    [1024 ** 3 + 100 * 1024 ** 2, '1.1 GB'],
    [1023 * 1024 * 1024 + 1, '1023 MB'],
  ])('%d is %s', (n, want) => {
    expect(formatBytes(n)).toBe(want)
  })

  it('shows nothing for a missing size', () => {
    expect(formatBytes(undefined)).toBe('')
    expect(formatBytes(null)).toBe('')
  })
})
