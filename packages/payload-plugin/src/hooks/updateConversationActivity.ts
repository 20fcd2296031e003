import type { CollectionAfterChangeHook } from 'payload'

import type { Message } from '../payload-types'

import type { ResolvedSwitchboardOptions } from '../types'

import { isNote } from '../helpdesk'
import { queueWaitingEmail } from '../jobs/waitingEmailTask'
import { updateConversationActivity as recordActivity } from '../db/conversationActivity'
import { dbFor } from '../db/sqlExecutor'
import { messagePreview } from '../messagePreview'

/**
 * messages `afterChange` (create): the conversation's last activity, preview and unread count
 * follow in the same transaction. One atomic UPDATE, so concurrent messages cannot lose counts,
 * and a message older than the newest (history arriving late) does not replace the preview.
 * A customer's new message reopens the conversation, logged in the same statement.
 * Written in SQL on purpose: it is bookkeeping, not a change Stream or other hooks should see.
 */
export const updateConversationActivity =
  (options: ResolvedSwitchboardOptions): CollectionAfterChangeHook<Message> =>
  async ({ doc, operation, req }) => {
    // A note is not activity the customer can see (the preview is theirs to read) or unread.
    if (operation !== 'create' || doc.deletedAt || isNote(doc)) return doc
    const conversationId = typeof doc.conversation === 'object' ? doc.conversation.id : doc.conversation
    const sentAt = new Date(doc.sentAt)
    const incoming = doc.direction === 'in'
    await recordActivity(await dbFor(req), options, conversationId, {
      newest: { at: sentAt, preview: messagePreview(doc) },
      unread: incoming ? 1 : 0,
      reopen: incoming ? { at: sentAt, ifNewest: true } : undefined,
    })
    if (incoming) await queueWaitingEmail(req, options, { conversationId, sentAt })
    return doc
  }
