import type { PayloadRequest } from 'payload'

import type { ChatSession, ChatToken, Conversation } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { EndpointError } from '../http/errors'
import { findDoc, findOwnDoc, relationId } from '../localApi'
import { lockRow } from '../db/lockRow'
import { chatTokenClosedReason } from './chatTokenLookup'
import { verifyChatSession } from './sessionToken'

export interface AuthorizedSession {
  session: ChatSession
  conversation: Conversation
  /** When this access lapses by itself: the session's expiry, or its chat link's if sooner. */
  validUntil: Date
}

const ended = (message: string) => new EndpointError(401, message)

/**
 * The conversation a chat session token opens. Every chat endpoint starts here, and every open
 * event stream comes back here when access may have changed, so one rule decides: the token is
 * genuine; its session row exists, is not revoked and not expired; its chat link is open; the
 * conversation exists; and once the conversation belongs to a customer, the session is that
 * customer's. Anything else is a 401 that says what to do.
 *
 * `identifying`: for `POST /api/chat/identify`, which decides about ownership itself. The
 * conversation's row is locked first (the request must be in a transaction), so two identifies
 * at once are decided one after the other.
 */
export const authorizeSession = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  token: unknown,
  { identifying = false }: { identifying?: boolean } = {},
): Promise<AuthorizedSession> => {
  const now = new Date()
  const claims = verifyChatSession(req.payload.secret, token, now)
  if (!claims) throw ended('Your chat session has ended. Reopen the chat to continue.')
  const session = await findOwnDoc(req.payload, options, 'chatSessions', claims.sessionId, req)
  if (!session) throw ended('Your chat session has ended. Reopen the chat to continue.')
  if (session.revokedAt) throw ended('This chat session was ended. Reopen the chat to start again.')
  const expiresAt = new Date(session.expiresAt)
  if (expiresAt <= now) throw ended('Your chat session has expired. Reopen the chat to continue.')

  const tokenId = relationId(session.chatToken)
  const chatToken = tokenId === undefined ? null : ((await findDoc(req, options.slugs.chatTokens, tokenId, { expiresAt: true, revokedAt: true })) as Pick<ChatToken, 'expiresAt' | 'revokedAt'> | null)
  if (!chatToken) throw ended('This chat link no longer exists. Ask the person who sent it for a new one.')
  const closed = chatTokenClosedReason(chatToken, now)
  if (closed) throw ended(closed)

  const conversationId = relationId(session.conversation)
  if (conversationId !== undefined && identifying) await lockRow(req, options.slugs.conversations, Number(conversationId))
  const conversation = conversationId === undefined ? null : await findOwnDoc(req.payload, options, 'conversations', conversationId, req)
  if (!conversation) throw ended('This conversation no longer exists. Reopen the chat to start a new one.')
  const owner = relationId(conversation.customer)
  if (!identifying && owner !== undefined && owner !== relationId(session.customer)) {
    throw ended('This conversation now belongs to a customer account. Log in to continue it.')
  }

  const linkExpiry = chatToken.expiresAt ? new Date(chatToken.expiresAt) : undefined
  return {
    session,
    conversation,
    validUntil: linkExpiry && linkExpiry < expiresAt ? linkExpiry : expiresAt,
  }
}

/** The session token from `Authorization: Bearer …`. */
export const bearerToken = (req: PayloadRequest): string | undefined => {
  const header = req.headers.get('authorization') ?? ''
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1]
}
