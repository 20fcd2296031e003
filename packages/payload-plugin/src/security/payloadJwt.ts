import type { Payload } from 'payload'

import { createHmac, timingSafeEqual } from 'node:crypto'
import { JWT_AUTH_VERSION } from 'payload'
import { parseCookies } from 'payload/shared'

/** Who a valid Payload token names: Payload's own JWT strategy loads this user afterwards. */
export interface JwtSubject {
  id: number | string
  collection: string
  sid?: string
}

const bearer = (prefix: string) => (headers: Headers) => {
  const value = headers.get('Authorization')
  return value?.startsWith(prefix) ? value.slice(prefix.length) : null
}

/**
 * The token of a request, found as Payload's `extractJWT` finds it (not exported by Payload):
 * `config.auth.jwtOrder`, and the cookie only from an allowed origin (the CSRF list), or without
 * an Origin from a same-site navigation when a CSRF list is set.
 */
const extractors: Record<string, (headers: Headers, payload: Payload) => null | string> = {
  JWT: bearer('JWT '),
  Bearer: bearer('Bearer '),
  cookie: (headers, payload) => {
    const token = parseCookies(headers).get(`${payload.config.cookiePrefix}-token`)
    if (!token) return null
    const { csrf } = payload.config
    const origin = headers.get('Origin')
    if (origin) return csrf.length === 0 || csrf.includes(origin) ? token : null
    if (csrf.length === 0) return token
    return ['same-origin', 'same-site', 'none'].includes(headers.get('Sec-Fetch-Site') ?? '') ? token : null
  },
}

const json = (part: string): unknown => {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/**
 * The subject of the request's Payload token when its HS256 signature (Payload's secret), auth
 * version and expiry check out — what Payload's JWT strategy checks before it fetches the user.
 * Whether that user still exists, still has its session and which roles it has now is the
 * caller's to check in the database.
 */
export const verifiedJwtSubject = (headers: Headers, payload: Payload): JwtSubject | undefined => {
  const token = payload.config.auth.jwtOrder.map((kind) => extractors[kind]?.(headers, payload)).find(Boolean)
  const [head = '', body = '', signature = '', ...extra] = token?.split('.') ?? []
  if (!token || extra.length) return undefined
  const expected = createHmac('sha256', payload.secret).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
  const header = json(head) as { alg?: unknown; authVersion?: unknown; crit?: unknown } | undefined
  if (header?.alg !== 'HS256' || header.authVersion !== JWT_AUTH_VERSION || header.crit !== undefined) return undefined
  const claims = json(body) as { id?: unknown; collection?: unknown; sid?: unknown; exp?: unknown; nbf?: unknown } | undefined
  const now = Date.now() / 1000
  if (typeof claims?.exp !== 'number' || claims.exp <= now) return undefined
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return undefined
  const { id, collection, sid } = claims
  if ((typeof id !== 'number' && typeof id !== 'string') || typeof collection !== 'string') return undefined
  if (sid !== undefined && typeof sid !== 'string') return undefined
  return { id, collection, ...(sid ? { sid } : {}) }
}
