import type { PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { EndpointError } from '../endpoints/errors'
import { type ChatTokenDoc, assertChatTokenOpen } from './chatTokenLookup'
import { type ChatSession, verifyChatSession } from './sessionToken'
import { findDoc } from '../localApi'

export interface AuthorizedSession {
  session: ChatSession
  conversation: Record<string, unknown> & { id: number; customer?: null | number | { id: number } }
}

/**
 * The conversation a chat session token opens — after checking its signature and expiry, that
 * its chat link is still open, and that the conversation still exists. Every chat endpoint
 * starts here: a session reaches exactly one conversation.
 */
export const authorizeSession = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  token: unknown,
): Promise<AuthorizedSession> => {
  const session = verifyChatSession(req.payload.secret, token)
  if (!session) throw new EndpointError(401, 'Your chat session has ended. Reopen the chat to continue.')
  const chatToken = (await findDoc(req, options.slugs.chatTokens, session.chatTokenId, { expiresAt: true, revokedAt: true })) as Pick<ChatTokenDoc, 'expiresAt' | 'revokedAt'> | null
  if (!chatToken) throw new EndpointError(401, 'Your chat session has ended. Reopen the chat to continue.')
  assertChatTokenOpen(chatToken)
  const conversation = await findDoc(req, options.slugs.conversations, session.conversationId)
  if (!conversation) throw new EndpointError(401, 'This conversation no longer exists. Reopen the chat to start a new one.')
  return { session, conversation: conversation as AuthorizedSession['conversation'] }
}

/** The session token from `Authorization: Bearer …`. */
export const bearerToken = (req: PayloadRequest): string | undefined => {
  const header = req.headers.get('authorization') ?? ''
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1]
}
