import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

import type { ResolvedTelegramOptions } from '../types'

/**
 * Telegram sessions at rest: AES-256-GCM, `sbs1.<key id>.<iv>.<tag>.<ciphertext>` (base64url).
 * The key id (first 8 hex characters of the key's SHA-256) says which key sealed a value, so after
 * a rotation old values still open with a previous key and are re-sealed with the current one.
 */
const version = 'sbs1'

export class SessionKeyError extends Error {}

interface Key {
  id: string
  bytes: Buffer
}

const parseKey = (value: string): Key => {
  const bytes = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64')
  if (bytes.length !== 32)
    throw new SessionKeyError('SWITCHBOARD_ENCRYPTION_KEY must be 32 bytes: 64 hex characters or base64 (openssl rand -hex 32).')
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes }
}

/** The development key: derived from the Payload secret, so `npm run dev` works without setup. */
const developmentKey = (secret: string): Key => parseKey(createHash('sha256').update(`switchboard-session:${secret}`).digest('hex'))

export interface SessionCipher {
  seal: (plaintext: string) => string
  open: (sealed: string) => string
  /** True when `sealed` was written with an older key and should be re-sealed. */
  isStale: (sealed: string) => boolean
}

export const sessionCipher = (telegram: ResolvedTelegramOptions, payloadSecret: string): SessionCipher => {
  let current: Key
  if (telegram.encryptionKey) current = parseKey(telegram.encryptionKey)
  else if (process.env.NODE_ENV === 'production')
    throw new SessionKeyError('SWITCHBOARD_ENCRYPTION_KEY is not set. Set it (openssl rand -hex 32) before connecting Telegram accounts.')
  else current = developmentKey(payloadSecret)
  const keys = new Map([current, ...telegram.previousEncryptionKeys.map(parseKey)].map((key) => [key.id, key]))

  const parts = (sealed: string) => {
    const [tag, keyId, iv, authTag, body] = sealed.split('.')
    if (tag !== version || !keyId || !iv || !authTag || body === undefined) throw new SessionKeyError('The stored session is not in a known format.')
    return { keyId, iv, authTag, body }
  }

  return {
    seal: (plaintext) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current.bytes, iv)
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
      return [version, current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
    },
    open: (sealed) => {
      const { keyId, iv, authTag, body } = parts(sealed)
      const key = keys.get(keyId)
      if (!key)
        throw new SessionKeyError(
          `The session was encrypted with key ${keyId}, which is not configured. Add it to SWITCHBOARD_ENCRYPTION_KEY_PREVIOUS or log the account in again.`,
        )
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(authTag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    },
    isStale: (sealed) => parts(sealed).keyId !== current.id,
  }
}
