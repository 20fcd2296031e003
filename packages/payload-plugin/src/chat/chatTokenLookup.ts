import type { PayloadRequest } from 'payload'

import type { ChatToken } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { EndpointError } from '../http/errors'
import { findOwnDocs } from '../localApi'
import { chatTokenMatches, chatTokenPrefix, hashChatToken } from '../security/chatToken'

const tokenShape = new RegExp(`^${chatTokenPrefix}[A-Za-z0-9_-]{43}$`)

/**
 * The chat token a visitor presented, if it may open a chat now. Messages speak to the customer
 * and say what to do; none of them helps guess tokens (256 random bits, looked up by SHA-256).
 */
export const usableChatToken = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  token: unknown,
): Promise<ChatToken> => {
  if (typeof token !== 'string' || !tokenShape.test(token)) {
    throw new EndpointError(400, 'This chat link is not valid. Check that you copied the whole link.')
  }
  const [found] = await findOwnDocs(req.payload, options, 'chatTokens', { tokenHash: { equals: hashChatToken(token) } }, { limit: 1, req })
  if (!found?.tokenHash || !chatTokenMatches(token, found.tokenHash)) {
    throw new EndpointError(404, 'This chat link is not valid. Ask the person who sent it for a new one.')
  }
  assertChatTokenOpen(found)
  return found
}

/**
 * Why a chat link no longer opens chats (revoked or expired), as a sentence for the customer, or
 * `undefined` while it is open. Checked when a chat is opened and on every use of its sessions.
 */
export const chatTokenClosedReason = (token: Pick<ChatToken, 'expiresAt' | 'revokedAt'>, now = new Date()): string | undefined => {
  if (token.revokedAt) return 'This chat link has been switched off. Ask the person who sent it for a new one.'
  if (token.expiresAt && new Date(token.expiresAt) <= now) return 'This chat link has expired. Ask the person who sent it for a new one.'
  return undefined
}

/** Refuses a closed link with a 410 (it is gone for good), saying why. */
export const assertChatTokenOpen = (token: Pick<ChatToken, 'expiresAt' | 'revokedAt'>): void => {
  const closed = chatTokenClosedReason(token)
  if (closed) throw new EndpointError(410, closed)
}
