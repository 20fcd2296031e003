import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { Conversation } from '../payload-types'

import { isStaff } from '../access/roles'
import { notifySeen } from '../realtime/notify'

/**
 * conversations `beforeChange`: staff reading a conversation (its unread count going to 0, as
 * opening it in the inbox or "Mark read" does) has seen every customer message so far:
 * `customerSeenAt` becomes now. One timestamp on the conversation, not a flag per message: a read
 * is one write however many messages it covers, and "seen" is simply every customer message sent
 * at or before it.
 */
export const markCustomerSeen: CollectionBeforeChangeHook<Conversation> = ({ data, operation, originalDoc, req }) => {
  if (operation !== 'update' || !isStaff(req.user)) return data
  if (Number(data.unreadCount) !== 0 || !(Number(originalDoc?.unreadCount ?? 0) > 0)) return data
  return { ...data, customerSeenAt: new Date().toISOString() }
}

/** conversations `afterChange`: the widget hears of a new `customerSeenAt` (`seen`), once it commits. */
export const announceCustomerSeen: CollectionAfterChangeHook<Conversation> = async ({ doc, previousDoc, req }) => {
  if (doc.customerSeenAt && doc.customerSeenAt !== previousDoc?.customerSeenAt) {
    await notifySeen(req, Number(doc.id), new Date(doc.customerSeenAt).toISOString())
  }
  return doc
}
