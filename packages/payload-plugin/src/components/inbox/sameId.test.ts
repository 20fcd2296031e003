import { describe, expect, it } from 'vitest'

import { sameId } from './sameId'

describe('sameId', () => {
  it('matches ids across numbers and strings, never a missing id', () => {
    expect(sameId(42, '42')).toBe(true)
    expect(sameId('a', 'a')).toBe(true)
    expect(sameId(42, 43)).toBe(false)
    expect(sameId(undefined, undefined)).toBe(false)
    expect(sameId(undefined, '42')).toBe(false)
  })
})
