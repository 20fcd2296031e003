import { describe, expect, it } from 'vitest'

import { stepCursor } from './listCursor'

describe('stepCursor', () => {
  it('moves one step and stays inside the list', () => {
    expect(stepCursor(1, 5, 1)).toBe(2)
    expect(stepCursor(1, 5, -1)).toBe(0)
    expect(stepCursor(4, 5, 1)).toBe(4)
    expect(stepCursor(0, 5, -1)).toBe(0)
  })

  it('starts at the top going down and at the bottom going up', () => {
    expect(stepCursor(-1, 5, 1)).toBe(0)
    expect(stepCursor(-1, 5, -1)).toBe(4)
  })
})
