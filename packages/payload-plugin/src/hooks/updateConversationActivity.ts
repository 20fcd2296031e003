import type { CollectionAfterChangeHook } from 'payload'

import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { isNote, reopenedByCustomer } from '../helpdesk'
import { queueWaitingEmail } from '../jobs/waitingEmailTask'
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
 * The SQL that reopens a conversation a customer wrote to while it was pending, snoozed or
 * resolved, when `incoming` (an SQL boolean) holds. Shared by this hook and the Telegram page
 * writer, so every way a customer message arrives (widget, Telegram, Stream) does the same.
 */
export const reopenOnCustomerMessage = (incoming: SQL): SQL[] => {
  const reopen = sql`${incoming} and status in (${sql.join(reopenedByCustomer.map((s) => sql`${s}`), sql`, `)})`
  return [sql`status = case when ${reopen} then 'open' else status end`, sql`snoozed_until = case when ${reopen} then null else snoozed_until end`]
}

/**
 * messages `afterChange` (create): the conversation's last activity, preview and unread count
 * follow in the same transaction. One atomic UPDATE, so concurrent messages cannot lose counts,
 * and a message older than the newest (history arriving late) does not replace the preview.
 * A customer's new message reopens the conversation (`reopenOnCustomerMessage`).
 * Written in SQL on purpose: it is bookkeeping, not a change Stream or other hooks should see.
 */
export const updateConversationActivity =
  (options: ResolvedSwitchboardOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, req }) => {
    // A note is not activity the customer can see (the preview is theirs to read) or unread.
    if (operation !== 'create' || doc.deletedAt || isNote(doc)) return doc
    const conversationId = typeof doc.conversation === 'object' ? doc.conversation.id : doc.conversation
    const sentAt = new Date(doc.sentAt as string)
    const incoming = doc.direction === 'in' ? 1 : 0
    await (await dbFor(req)).execute(sql`
      update ${sql.identifier(tableName(options.slugs.conversations))} set
        last_message_preview = case when last_message_at is null or last_message_at <= ${sentAt} then ${messagePreview(doc)} else last_message_preview end,
        last_message_at = greatest(coalesce(last_message_at, ${sentAt}), ${sentAt}),
        unread_count = coalesce(unread_count, 0) + ${incoming},
        ${sql.join(reopenOnCustomerMessage(sql`${incoming === 1}::boolean and (last_message_at is null or last_message_at <= ${sentAt})`), sql`, `)}
      where id = ${conversationId}`)
    if (incoming) await queueWaitingEmail(req, options, { conversationId, sentAt })
    return doc
  }
