import { createHmac, timingSafeEqual } from 'node:crypto'
import { StreamChat } from 'stream-chat'

import type { ResolvedStreamOptions } from '../types'

const clients = new Map<string, StreamChat>()

/**
 * The server-side Stream client for these options (one per key and base URL). Only the jobs and
 * the webhook endpoint use it; no request or hook ever calls Stream.
 */
export const streamClient = ({ apiKey, apiSecret, baseURL }: ResolvedStreamOptions): StreamChat => {
  const cacheKey = `${apiKey}|${baseURL ?? ''}`
  let client = clients.get(cacheKey)
  if (!client) {
    client = new StreamChat(apiKey, apiSecret, { ...(baseURL ? { baseURL } : {}), timeout: 10_000 })
    clients.set(cacheKey, client)
  }
  return client
}

/** Verifies Stream's `X-Signature` (hex HMAC-SHA256 of the raw body) in constant time. */
export const verifyStreamSignature = ({ apiSecret }: ResolvedStreamOptions, rawBody: string, signature: string): boolean => {
  const expected = createHmac('sha256', apiSecret).update(rawBody, 'utf8').digest()
  const given = Buffer.from(signature.trim(), 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}
