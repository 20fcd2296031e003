import type { CollectionAfterChangeHook } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { dbFor } from '../schema/sqlExecutor'
import { tableName } from '../schema/tableName'

const previewLength = 140

/** What the inbox list shows for a message: its text, else what it is. */
export const messagePreview = (doc: Record<string, unknown>): string => {
  const text = typeof doc.text === 'string' ? doc.text.trim().replace(/\s+/g, ' ') : ''
  if (text) return text.slice(0, previewLength)
  if (doc.kind === 'service') return String(doc.serviceAction ?? 'Service message')
  if (doc.kind === 'media') return `[${String(doc.mediaType ?? 'media')}]`
  return ''
}

/**
 * messages `afterChange` (create): the conversation's last activity, preview and unread count
 * follow in the same transaction. One atomic UPDATE, so concurrent messages cannot lose counts,
 * and a message older than the newest (history arriving late) does not replace the preview.
 * Written in SQL on purpose: it is bookkeeping, not a change Stream or other hooks should see.
 */
export const updateConversationActivity =
  (options: ResolvedSwitchboardOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, req }) => {
    if (operation !== 'create' || doc.deletedAt) return doc
    const conversationId = typeof doc.conversation === 'object' ? doc.conversation.id : doc.conversation
    const sentAt = new Date(doc.sentAt as string)
    const incoming = doc.direction === 'in' ? 1 : 0
    await (await dbFor(req)).execute(sql`
      update ${sql.identifier(tableName(options.slugs.conversations))} set
        last_message_preview = case when last_message_at is null or last_message_at <= ${sentAt} then ${messagePreview(doc)} else last_message_preview end,
        last_message_at = greatest(coalesce(last_message_at, ${sentAt}), ${sentAt}),
        unread_count = coalesce(unread_count, 0) + ${incoming}
      where id = ${conversationId}`)
    return doc
  }
