import type { Access, PayloadRequest, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { findLinkedTelegramUsers, isSharedTelegramIdentity } from '../identity/autoLink'
import { notNote } from '../helpdesk'
import { hasRole } from './roles'

type Id = number | string

/**
 * Conversations a customer may see, as a `where` (so lists, counts and pagination stay right):
 * theirs as token-chat customer, as a participant, or through a Telegram account linked to them.
 * It follows the link: unlink the account and its conversations drop out.
 */
export const customerConversationsWhere = async (
  req: PayloadRequest,
  userId: Id,
  options: ResolvedSwitchboardOptions,
): Promise<Where> => {
  // A stale link still counts: staff resolve stale links, the customer keeps their history. A bot
  // or a connected account's own user never counts, however it got linked: it is in every chat.
  const linked = await findLinkedTelegramUsers(req, options, userId, { telegramId: true, isBot: true })
  const telegramUserIds: Id[] = []
  for (const doc of linked) if (!(await isSharedTelegramIdentity(req, options, doc))) telegramUserIds.push(doc.id)
  return {
    or: [
      { customer: { equals: userId } },
      { participants: { equals: { relationTo: options.usersCollection, value: userId } } },
      ...telegramUserIds.map((value) => ({
        participants: { equals: { relationTo: options.slugs.telegramUsers, value } },
      })),
    ],
  }
}

const isCustomerRequest = (req: PayloadRequest, options: ResolvedSwitchboardOptions): boolean =>
  Boolean(req.user && req.user.collection === options.usersCollection)

/** Read access to conversations: the team sees all, customers their own, anonymous nothing. */
export const readConversations =
  (options: ResolvedSwitchboardOptions): Access =>
  ({ req }) => {
    if (hasRole(req.user, 'admin', 'staff', 'editor')) return true
    if (!req.user || !isCustomerRequest(req, options)) return false
    return customerConversationsWhere(req, req.user.id, options)
  }

/**
 * Read access to messages: staff see all; a customer sees the messages of the conversations they
 * may read, internal notes excepted. The conversation ids are resolved first so the message query stays a plain `IN`.
 */
export const readMessages =
  (options: ResolvedSwitchboardOptions): Access =>
  async ({ req }) => {
    if (hasRole(req.user, 'admin', 'staff')) return true
    if (!req.user || !isCustomerRequest(req, options) || hasRole(req.user, 'editor')) return false
    const visible = await req.payload.find({
      collection: options.slugs.conversations,
      depth: 0,
      overrideAccess: true,
      pagination: false,
      req,
      select: {},
      where: await customerConversationsWhere(req, req.user.id, options),
    })
    // Internal notes are the team's: never readable by customers, over REST or GraphQL.
    return { and: [{ conversation: { in: visible.docs.map((doc) => doc.id) } }, notNote] }
  }
