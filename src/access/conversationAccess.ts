import type { Access, PayloadRequest, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { hasRole } from './roles'

/** Conversations a customer may see: theirs as token-chat customer or as a participant. */
export const customerConversationsWhere = (
  userId: number | string,
  options: ResolvedSwitchboardOptions,
): Where => ({
  or: [
    { customer: { equals: userId } },
    { participants: { equals: { relationTo: options.usersCollection, value: userId } } },
  ],
})

const isCustomerRequest = (req: PayloadRequest, options: ResolvedSwitchboardOptions): boolean =>
  Boolean(req.user && req.user.collection === options.usersCollection)

/** Read access to conversations: the team sees all, customers their own, anonymous nothing. */
export const readConversations =
  (options: ResolvedSwitchboardOptions): Access =>
  ({ req }) => {
    if (hasRole(req.user, 'admin', 'staff', 'editor')) return true
    if (!req.user || !isCustomerRequest(req, options)) return false
    return customerConversationsWhere(req.user.id, options)
  }

/**
 * Read access to messages: staff see all; a customer sees the messages of the conversations they
 * may read. The conversation ids are resolved first so the message query stays a plain `IN`.
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
      where: customerConversationsWhere(req.user.id, options),
    })
    return { conversation: { in: visible.docs.map((doc) => doc.id) } }
  }
