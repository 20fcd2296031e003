import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/** What a chat session grants: one conversation, opened through one chat token, until `expiresAt`. */
export interface ChatSession {
  conversationId: number
  chatTokenId: number
  expiresAt: Date
}

const prefix = 'sbs_'

/** A key of its own for sessions, derived from Payload's secret (rotating that secret ends all sessions). */
const keyFrom = (secret: string) => createHash('sha256').update(`switchboard-chat-session:${secret}`).digest()

const sign = (secret: string, body: string) => createHmac('sha256', keyFrom(secret)).update(body).digest('base64url')

/**
 * A chat session token: `sbs_<payload>.<HMAC-SHA256>`. Stateless, so any web instance accepts it;
 * it names a single conversation, so it can never read another one.
 */
export const signChatSession = (secret: string, session: ChatSession): string => {
  const body = Buffer.from(
    JSON.stringify({ c: session.conversationId, t: session.chatTokenId, e: Math.floor(session.expiresAt.getTime() / 1000) }),
  ).toString('base64url')
  return `${prefix}${body}.${sign(secret, body)}`
}

/** The session a token grants, or `undefined` when it is malformed, forged or expired. */
export const verifyChatSession = (secret: string, token: unknown, now = new Date()): ChatSession | undefined => {
  if (typeof token !== 'string' || !token.startsWith(prefix) || token.length > 512) return undefined
  const [body, signature] = token.slice(prefix.length).split('.')
  if (!body || !signature) return undefined
  const expected = Buffer.from(sign(secret, body))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
  try {
    const { c, t, e } = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { c: number; t: number; e: number }
    const expiresAt = new Date(e * 1000)
    if (!Number.isInteger(c) || !Number.isInteger(t) || expiresAt <= now) return undefined
    return { conversationId: c, chatTokenId: t, expiresAt }
  } catch {
    return undefined
  }
}
