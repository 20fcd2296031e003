import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * What a chat session token says: which `chat-sessions` row it belongs to, and until when. The
 * row decides everything else (its conversation, revocation, the customer); the expiry in the
 * token only spares the database a lookup for tokens that are plainly over.
 */
export interface ChatSessionClaims {
  sessionId: number
  expiresAt: Date
}

const prefix = 'sbs_'

/** A key of its own for sessions, derived from Payload's secret (rotating that secret ends all sessions). */
const keyFrom = (secret: string) => createHash('sha256').update(`switchboard-chat-session:${secret}`).digest()

const sign = (secret: string, body: string) => createHmac('sha256', keyFrom(secret)).update(body).digest('base64url')

/** A chat session token: `sbs_<payload>.<HMAC-SHA256>`, naming one session row. */
export const signChatSession = (secret: string, claims: ChatSessionClaims): string => {
  const body = Buffer.from(JSON.stringify({ s: claims.sessionId, e: Math.floor(claims.expiresAt.getTime() / 1000) })).toString('base64url')
  return `${prefix}${body}.${sign(secret, body)}`
}

/**
 * The claims of a genuine token, or `undefined` when it is malformed, forged or expired at `now`
 * (pass `new Date(0)` to accept an expired one, as resuming does).
 */
export const verifyChatSession = (secret: string, token: unknown, now = new Date()): ChatSessionClaims | undefined => {
  if (typeof token !== 'string' || !token.startsWith(prefix) || token.length > 512) return undefined
  const [body, signature] = token.slice(prefix.length).split('.')
  if (!body || !signature) return undefined
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  try {
    const { s, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { s: unknown; e: unknown }
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(e)) return undefined
    const expiresAt = new Date((e as number) * 1000)
    if (expiresAt <= now) return undefined
    return { sessionId: s as number, expiresAt }
  } catch {
    return undefined
  }
}
