import { describe, expect, it } from 'vitest'

import { atUsername, idOf, populated, userLabel } from './linking'

describe('linking helpers', () => {
  it('tells a populated relationship from a bare id', () => {
    const user = { id: 3, email: 'ann@example.com' }
    expect(populated(user)).toBe(user)
    expect(populated(3)).toBeUndefined()
    expect(populated(null)).toBeUndefined()
    expect(idOf(user)).toBe(3)
    expect(idOf('7')).toBe('7')
    expect(idOf(null)).toBeUndefined()
  })

  it('names a user by display name, then email, then id', () => {
    expect(userLabel({ id: 1, displayName: 'Ann', email: 'ann@example.com' })).toBe('Ann')
    expect(userLabel({ id: 1, displayName: '', email: 'ann@example.com' })).toBe('ann@example.com')
    expect(userLabel({ id: 1 })).toBe('User 1')
  })

  it('writes a stored Telegram username with its @', () => {
    expect(atUsername('ann')).toBe('@ann')
    expect(atUsername(null)).toBe('')
  })
})
