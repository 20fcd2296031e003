import { commitTransaction, type Endpoint, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import type { ChatSession } from '@switchboard/widget/contract'
import type { ChatToken } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { usableChatToken } from '../chat/chatTokenLookup'
import { bearerToken } from '../chat/sessionAuth'
import { signChatSession, verifyChatSession } from '../chat/sessionToken'
import { findDoc, findOwnDoc, type Id, relationId } from '../localApi'
import { lockRow } from '../db/lockRow'
import { countChatLinkUse } from '../db/chatLinks'
import { dbFor } from '../db/sqlExecutor'
import { clientAddress } from '../security/clientAddress'
import { hitRateLimit } from '../security/rateLimit'
import { EndpointError, handleEndpointErrors } from '../http/errors'
import { readJsonBody } from '../http/readBody'

/** Counts one use of the token, atomically refusing when its use limit is reached. */
const countUse = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, tokenId: number): Promise<void> => {
  if (!(await countChatLinkUse(await dbFor(req), options, tokenId))) {
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

/** One hit on a per-minute limit; over it, a 429 with how long to wait. */
const limitPerMinute = async (req: PayloadRequest, key: string, limit: number) => {
  const wait = await hitRateLimit(req.payload, { key, limit, windowSeconds: 60 })
  if (wait > 0) {
    throw new EndpointError(429, `Too many chats opened. Try again in ${wait} seconds.`, {
      'Retry-After': String(wait),
      // Lets the widget on another origin read how long to wait.
      'Access-Control-Expose-Headers': 'Retry-After',
    })
  }
}

/**
 * `POST /api/chat/sessions` `{ token, resume? }`: opens a chat from a chat link. A personal link
 * has one conversation, created on first use and resumed after; a public link (a site's embed key)
 * gives every visitor a conversation of their own, resumed with `resume` (the visitor's previous
 * session, if it is not revoked and expired less than `chat.resumeWindowMinutes` ago). Returns a
 * session token for that one conversation, backed by a `chat-sessions` row. Rate limited per
 * client address and per link, in the database (so across instances).
 *
 * `DELETE /api/chat/sessions/current` (Bearer session token): the widget ends its own session.
 */
export const chatSessionsEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  {
    path: '/chat/sessions',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        await limitPerMinute(req, `chat-sessions:ip:${clientAddress(req.headers, options.trustedProxies)}`, options.chat.sessionsPerMinutePerIp)
        const body = await readJsonBody(req, options.maxBodyBytes)
        const token = await usableChatToken(req, options, body.token)
        await limitPerMinute(req, `chat-sessions:token:${token.id}`, options.chat.sessionsPerMinutePerToken)

        await initTransaction(req)
        try {
          const conversation = await openConversation(req, options, token, body.resume)
          const expiresAt = new Date(Date.now() + options.chat.sessionTtlMinutes * 60_000)
          const session = await req.payload.create({
            collection: options.slugs.chatSessions,
            data: {
              chatToken: token.id,
              conversation: conversation.id,
              // Only when the customer's login is what let this session in (assertMayResume).
              customer: relationId(conversation.customer) ?? null,
              expiresAt: expiresAt.toISOString(),
            },
            depth: 0,
            overrideAccess: true,
            req,
          })
          const sessionToken = signChatSession(req.payload.secret, { sessionId: Number(session.id), expiresAt })
          await commitTransaction(req)
          // The limits come along so the widget checks a message before sending it, against this server's options.
          const created: ChatSession = {
            sessionToken,
            conversationId: Number(conversation.id),
            expiresAt: expiresAt.toISOString(),
            limits: { maxMessageLength: options.chat.maxMessageLength },
          }
          return Response.json(created, { status: 201 })
        } catch (error) {
          await killTransaction(req)
          throw error
        }
      }),
  },
  {
    path: '/chat/sessions/current',
    method: 'delete',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        // Even an expired session can be ended: then it cannot be resumed either.
        const claims = verifyChatSession(req.payload.secret, bearerToken(req), new Date(0))
        const session = claims ? await findOwnDoc(req.payload, options, 'chatSessions', claims.sessionId, req) : null
        if (!session) throw new EndpointError(401, 'Send the chat session to end as "Authorization: Bearer <sessionToken>".')
        if (!session.revokedAt) {
          await req.payload.update({
            collection: options.slugs.chatSessions,
            id: session.id,
            data: { revokedAt: new Date().toISOString() },
            depth: 0,
            overrideAccess: true,
            req,
          })
        }
        return new Response(null, { status: 204 })
      }),
  },
]

type ConversationDoc = Record<string, unknown> & { id: Id }

/** The conversation of the visitor's previous session, if it may be resumed: same link, not revoked, within the window. */
const resumableConversation = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  token: ChatToken,
  resume: unknown,
): Promise<ConversationDoc | null> => {
  const claims = verifyChatSession(req.payload.secret, resume, new Date(0))
  if (!claims) return null
  const previous = await findOwnDoc(req.payload, options, 'chatSessions', claims.sessionId, req)
  const windowStart = Date.now() - options.chat.resumeWindowMinutes * 60_000
  if (!previous || previous.revokedAt || relationId(previous.chatToken) !== token.id || Date.parse(previous.expiresAt) < windowStart) return null
  const conversationId = relationId(previous.conversation)
  return conversationId === undefined ? null : findDoc(req, options.slugs.conversations, conversationId)
}

const openConversation = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  token: ChatToken,
  resume: unknown,
): Promise<ConversationDoc> => {
  const resumable = await resumableConversation(req, options, token, resume)
  if (resumable) {
    assertMayResume(req, resumable)
    return resumable
  }

  // A personal link's row is locked first: two first opens at once then create one conversation,
  // the second waiting here and finding the one the first committed.
  const linked = token.kind === 'personal' ? (await lockRow(req, options.slugs.chatTokens, token.id))?.conversation_id : undefined
  const existing = linked ? await findDoc(req, options.slugs.conversations, Number(linked)) : null
  await countUse(req, options, token.id)
  if (existing) {
    assertMayResume(req, existing)
    return existing
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
  return conversation
}
