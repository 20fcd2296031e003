import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Recognisable prefix, so a leaked token is easy to spot in logs and secret scanners. */
export const chatTokenPrefix = 'sbt_'

/** 32 random bytes: 256 bits, well above the 128 the design asks for. */
const tokenBytes = 32

/** Characters of the token kept for display (`sbt_` plus the first random characters). */
const displayLength = chatTokenPrefix.length + 6

export interface IssuedChatToken {
  /** Shown once to the creator, never stored. */
  token: string
  tokenHash: string
  tokenPrefix: string
}

export const hashChatToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex')

export const issueChatToken = (): IssuedChatToken => {
  const token = chatTokenPrefix + randomBytes(tokenBytes).toString('base64url')
  return { token, tokenHash: hashChatToken(token), tokenPrefix: token.slice(0, displayLength) }
}

/** Constant-time comparison of a presented token with a stored hash. */
export const chatTokenMatches = (token: string, storedHash: string): boolean => {
  const presented = Buffer.from(hashChatToken(token), 'hex')
  const stored = Buffer.from(storedHash, 'hex')
  return presented.length === stored.length && timingSafeEqual(presented, stored)
}
