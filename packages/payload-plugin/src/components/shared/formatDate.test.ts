import { describe, expect, it } from 'vitest'

import { formatDate } from './formatDate'

describe('formatDate', () => {
  it('formats a date and leaves missing or unparseable ones empty', () => {
    expect(formatDate('2026-01-05T09:30:00Z')).toMatch(/2026/)
    expect(formatDate(undefined)).toBe('')
    expect(formatDate(null)).toBe('')
    expect(formatDate('soon')).toBe('')
  })
})
