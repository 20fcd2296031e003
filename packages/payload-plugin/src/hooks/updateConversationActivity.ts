import type { CollectionAfterChangeHook } from 'payload'

import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { isNote, reopenedByCustomer } from '../helpdesk'
import { queueWaitingEmail } from '../jobs/waitingEmailTask'
import { dbFor } from '../db/sqlExecutor'
import { messagePreview } from '../messagePreview'
import { tableName } from '../db/tableName'

/**
 * The SQL that reopens a conversation a customer wrote to while it was pending, snoozed or
 * resolved, when `incoming` (an SQL boolean) holds. Shared by this hook and the Telegram page
 * writer, so every way a customer message arrives (widget, Telegram, Stream) does the same. Use it
 * inside `updateLoggingReopen`, which records the change in `statusEvents`.
 */
export const reopenOnCustomerMessage = (incoming: SQL): SQL[] => {
  const reopen = sql`${incoming} and status in (${sql.join(reopenedByCustomer.map((s) => sql`${s}`), sql`, `)})`
  return [sql`status = case when ${reopen} then 'open' else status end`, sql`snoozed_until = case when ${reopen} then null else snoozed_until end`]
}

/**
 * One statement: the conversation's UPDATE (`sets`, which may hold `reopenOnCustomerMessage`)
 * and, when it changed the status, a `statusEvents` row `{ status, previous, at }` (`at`: the
 * customer's message that reopened it). The row is locked first (`for no key update`, the lock the
 * UPDATE takes anyway: concurrent inserts of the conversation's messages hold key-share locks on
 * it, which `for update` would deadlock with), so the previous status is the one the update
 * replaced even under concurrent writes. Returns `previous`: the conversation's
 * `last_message_at` before the update.
 */
export const updateLoggingReopen = (options: ResolvedSwitchboardOptions, conversationId: unknown, sets: SQL[], at: Date): SQL => {
  const table = tableName(options.slugs.conversations)
  const conversations = sql.identifier(table)
  const events = sql.identifier(`${table}_status_events`)
  const statusEnum = sql.identifier(`enum_${table}_status_events_status`)
  const previousEnum = sql.identifier(`enum_${table}_status_events_previous`)
  return sql`
    with old as (
      select id as old_id, status as old_status, last_message_at as old_last_message_at from ${conversations} where id = ${conversationId} for no key update
    ), changed as (
      update ${conversations} c set ${sql.join(sets, sql`, `)} from old where c.id = old.old_id
      returning c.id, old.old_status, c.status as new_status, old.old_last_message_at as previous
    ), logged as (
      insert into ${events} (_order, _parent_id, id, status, previous, at)
      select coalesce((select max(e._order) from ${events} e where e._parent_id = changed.id), 0) + 1, changed.id,
             substr(md5(random()::text || clock_timestamp()::text), 1, 24), changed.new_status::text::${statusEnum},
             changed.old_status::text::${previousEnum}, ${at.toISOString()}::timestamptz
      from changed where changed.old_status is distinct from changed.new_status
    )
    select previous from changed`
}

/**
 * messages `afterChange` (create): the conversation's last activity, preview and unread count
 * follow in the same transaction. One atomic UPDATE, so concurrent messages cannot lose counts,
 * and a message older than the newest (history arriving late) does not replace the preview.
 * A customer's new message reopens the conversation (`reopenOnCustomerMessage`), logged in the same statement.
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
    const sets = [
      sql`last_message_preview = case when last_message_at is null or last_message_at <= ${sentAt} then ${messagePreview(doc)} else last_message_preview end`,
      sql`last_message_at = greatest(coalesce(last_message_at, ${sentAt}), ${sentAt})`,
      sql`unread_count = coalesce(unread_count, 0) + ${incoming}`,
      ...reopenOnCustomerMessage(sql`${incoming === 1}::boolean and (last_message_at is null or last_message_at <= ${sentAt})`),
    ]
    await (await dbFor(req)).execute(updateLoggingReopen(options, conversationId, sets, sentAt))
    if (incoming) await queueWaitingEmail(req, options, { conversationId, sentAt })
    return doc
  }
