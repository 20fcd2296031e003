import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'

import { resolveOptions } from '../../packages/payload-plugin/src/options'
import { SessionKeyError, sessionCipher } from '../../packages/payload-plugin/src/security/sessionCipher'

const telegramWith = (encryptionKey?: string, previousEncryptionKeys: string[] = []) => ({
  ...resolveOptions().telegram,
  encryptionKey,
  previousEncryptionKeys,
})

describe('session encryption at rest', () => {
  it('seals with AES-256-GCM under a fresh IV, and opens what it sealed', () => {
    const cipher = sessionCipher(telegramWith(randomBytes(32).toString('hex')), 'secret')
    const sealed = cipher.seal('1BQANOTEuMTA4LjU2LjE1MgG7…')
    expect(sealed).toMatch(/^sbs1\.[0-9a-f]{8}\./)
    expect(sealed).not.toContain('1BQANOTE')
    expect(cipher.seal('same')).not.toBe(cipher.seal('same'))
    expect(cipher.open(sealed)).toBe('1BQANOTEuMTA4LjU2LjE1MgG7…')
  })

  it('refuses a tampered value', () => {
    const cipher = sessionCipher(telegramWith(randomBytes(32).toString('base64')), 'secret')
    const sealed = cipher.seal('session')
    const parts = sealed.split('.')
    parts[4] = Buffer.from('forged').toString('base64url')
    expect(() => cipher.open(parts.join('.'))).toThrow()
  })

  it('opens values sealed with a previous key after a rotation, and says which key is missing otherwise', () => {
    const oldKey = randomBytes(32).toString('hex')
    const newKey = randomBytes(32).toString('hex')
    const sealedOld = sessionCipher(telegramWith(oldKey), 'secret').seal('session')
    const rotated = sessionCipher(telegramWith(newKey, [oldKey]), 'secret')
    expect(rotated.open(sealedOld)).toBe('session')
    expect(rotated.isStale(sealedOld)).toBe(true)
    expect(rotated.isStale(rotated.seal('session'))).toBe(false)
    expect(() => sessionCipher(telegramWith(newKey), 'secret').open(sealedOld)).toThrow(/SWITCHBOARD_ENCRYPTION_KEY_PREVIOUS/)
  })

  it('rejects a key of the wrong size with the command that makes a right one', () => {
    expect(() => sessionCipher(telegramWith('too-short'), 'secret')).toThrow(SessionKeyError)
    expect(() => sessionCipher(telegramWith('too-short'), 'secret')).toThrow(/openssl rand -hex 32/)
  })
})
