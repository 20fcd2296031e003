import { commitTransaction, type Endpoint, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { type ChatTokenDoc, usableChatToken } from '../chat/chatTokenLookup'
import { clientIp, RateLimiter } from '../chat/rateLimiter'
import { signChatSession, verifyChatSession } from '../chat/sessionToken'
import { dbFor } from '../schema/sqlExecutor'
import { tableName } from '../schema/tableName'
import { EndpointError, handleEndpointErrors, readJsonBody } from './errors'
import { findDoc, type Id, relationId } from '../localApi'

/** Counts one use of the token, atomically refusing when its use limit is reached. */
const countUse = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, tokenId: number): Promise<void> => {
  const result = (await (await dbFor(req)).execute(
    sql`update ${sql.identifier(tableName(options.slugs.chatTokens))} set uses = coalesce(uses, 0) + 1, last_used_at = now()
        where id = ${tokenId} and (max_uses is null or coalesce(uses, 0) < max_uses) returning id`,
  )) as { rows: unknown[] }
  if (result.rows.length === 0) {
    throw new EndpointError(410, 'This chat link has been used as often as allowed. Ask the person who sent it for a new one.')
  }
}

/** A conversation someone identified on may be resumed only by that customer, logged in. */
const assertMayResume = (req: PayloadRequest, conversation: Record<string, unknown>) => {
  const customer = relationId(conversation.customer)
  if (customer !== undefined && relationId(req.user) !== customer) {
    throw new EndpointError(403, 'This conversation belongs to a customer account. Log in to continue it.')
  }
}

/**
 * `POST /api/chat/sessions` `{ token, resume? }`: opens a chat from a chat link. A personal link
 * has one conversation, created on first use and resumed after; a public link (a site's embed key)
 * gives every visitor a conversation of their own, resumed with `resume` (the visitor's previous
 * session). Returns a session token for that one conversation. Rate limited per IP and per link.
 */
export const chatSessionsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => {
  const perIp = new RateLimiter(options.chat.sessionsPerMinutePerIp, 60_000)
  const perToken = new RateLimiter(options.chat.sessionsPerMinutePerToken, 60_000)
  const limit = (limiter: RateLimiter, key: string) => {
    const wait = limiter.hit(key)
    if (wait > 0) {
      throw new EndpointError(429, `Too many chats opened. Try again in ${wait} seconds.`, {
        'Retry-After': String(wait),
        // Lets the widget on another origin read how long to wait.
        'Access-Control-Expose-Headers': 'Retry-After',
      })
    }
  }

  return {
    path: '/chat/sessions',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        limit(perIp, clientIp(req.headers))
        const body = await readJsonBody(req)
        const token = await usableChatToken(req, options, body.token)
        limit(perToken, String(token.id))

        await initTransaction(req)
        try {
          const conversationId = await openConversation(req, options, token, body.resume)
          const expiresAt = new Date(Date.now() + options.chat.sessionTtlMinutes * 60_000)
          const sessionToken = signChatSession(req.payload.secret, { conversationId, chatTokenId: token.id, expiresAt })
          await commitTransaction(req)
          return Response.json({ sessionToken, conversationId, expiresAt: expiresAt.toISOString() }, { status: 201 })
        } catch (error) {
          await killTransaction(req)
          throw error
        }
      }),
  }
}

const openConversation = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  token: ChatTokenDoc,
  resume: unknown,
): Promise<number> => {
  const findConversation = (id: Id) =>
    findDoc(req, options.slugs.conversations, id)

  // A returning visitor: their previous session (even an expired one) for this very link.
  const previous = typeof resume === 'string' ? verifyChatSession(req.payload.secret, resume, new Date(0)) : undefined
  const resumable = previous?.chatTokenId === token.id ? await findConversation(previous.conversationId) : null
  if (resumable) {
    assertMayResume(req, resumable)
    return Number(resumable.id)
  }

  const existing = token.kind === 'personal' && relationId(token.conversation) ? await findConversation(relationId(token.conversation)!) : null
  await countUse(req, options, token.id)
  if (existing) {
    assertMayResume(req, existing)
    return Number(existing.id)
  }

  const provider = relationId(token.provider)!
  const conversation = await req.payload.create({
    collection: options.slugs.conversations,
    data: {
      source: 'widget',
      type: 'widget',
      title: token.note ? `Website chat: ${token.note}` : 'Website chat',
      provider,
      participants: [{ relationTo: options.usersCollection, value: provider }],
    },
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (token.kind === 'personal') {
    await req.payload.update({
      collection: options.slugs.chatTokens,
      id: token.id,
      data: { conversation: conversation.id },
      depth: 0,
      overrideAccess: true,
      req,
    })
  }
  return Number(conversation.id)
}
