import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { reopenedByCustomer } from '../helpdesk'
import type { SqlExecutor } from './sqlExecutor'
import { collectionTable, statusEventsTable } from './tables'

/** What new messages change on their conversation, and its status log for the reopens they cause. */
const conversations = collectionTable('conversations', [
  'id',
  'status',
  'last_message_at',
  'last_message_preview',
  'unread_count',
  'snoozed_until',
])
const statusEvents = statusEventsTable(['_order', '_parent_id', 'id', 'status', 'previous', 'at'])

/** What a conversation's new messages change on it. */
export interface Activity {
  /** The newest of the messages: the conversation's last activity and inbox preview follow it unless a newer message already set them. */
  newest?: { at: Date; preview: string }
  /** Incoming messages to add to the unread count. */
  unread?: number
  /**
   * A customer's message (sent at `at`) reopens a pending, snoozed or resolved conversation;
   * `ifNewest`: only when no newer message is stored (a widget message arriving late changes nothing).
   */
  reopen?: { at: Date; ifNewest: boolean }
  /** Further assignments of the same UPDATE (a Telegram page's sync state). */
  sets?: SQL[]
}

const timestamp = (at: Date) => sql`${at.toISOString()}::timestamptz`
const notOlderThanLast = (at: Date) => sql`(last_message_at is null or last_message_at <= ${timestamp(at)})`

const activitySets = ({ newest, unread, reopen, sets = [] }: Activity): SQL[] => {
  const assignments = [...sets]
  if (newest)
    assignments.push(
      sql`last_message_preview = case when ${notOlderThanLast(newest.at)} then ${newest.preview} else last_message_preview end`,
      sql`last_message_at = greatest(coalesce(last_message_at, ${timestamp(newest.at)}), ${timestamp(newest.at)})`,
    )
  if (unread) assignments.push(sql`unread_count = coalesce(unread_count, 0) + ${unread}`)
  if (reopen) {
    const reopens = sql`${reopen.ifNewest ? notOlderThanLast(reopen.at) : sql`true`} and status in (${sql.join(reopenedByCustomer.map((s) => sql`${s}`), sql`, `)})`
    assignments.push(sql`status = case when ${reopens} then 'open' else status end`, sql`snoozed_until = case when ${reopens} then null else snoozed_until end`)
  }
  return assignments
}

/**
 * Every way messages arrive (widget, staff replies, Telegram, Stream) records them on their
 * conversation here, in the caller's transaction. One statement: the conversation's UPDATE (atomic,
 * so concurrent messages cannot lose counts) and, when a reopen changed the status, a
 * `statusEvents` row `{ status, previous, at }` (`at`: the customer's message that reopened it).
 * The row is locked first (`for no key update`, the lock the UPDATE takes anyway: concurrent
 * inserts of the conversation's messages hold key-share locks on it, which `for update` would
 * deadlock with), so the previous status is the one the update replaced even under concurrent writes. Returns the conversation's `last_message_at` before the
 * update (undefined when there is no such conversation).
 */
export const updateConversationActivity = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  conversationId: number | string,
  activity: Activity,
): Promise<unknown> => {
  const sets = activitySets(activity)
  const at = activity.reopen?.at ?? new Date()
  const table = conversations.ref(options)
  const events = statusEvents.ref(options)
  const statusEnum = sql.identifier(`enum_${statusEvents.name(options)}_status`)
  const previousEnum = sql.identifier(`enum_${statusEvents.name(options)}_previous`)
  const { rows } = await db.execute<{ previous: unknown }>(sql`
    with old as (
      select id as old_id, status as old_status, last_message_at as old_last_message_at from ${table} where id = ${conversationId} for no key update
    ), changed as (
      update ${table} c set ${sql.join(sets, sql`, `)} from old where c.id = old.old_id
      returning c.id, old.old_status, c.status as new_status, old.old_last_message_at as previous
    ), logged as (
      insert into ${events} (_order, _parent_id, id, status, previous, at)
      select coalesce((select max(e._order) from ${events} e where e._parent_id = changed.id), 0) + 1, changed.id,
             substr(md5(random()::text || clock_timestamp()::text), 1, 24), changed.new_status::text::${statusEnum},
             changed.old_status::text::${previousEnum}, ${timestamp(at)}
      from changed where changed.old_status is distinct from changed.new_status
    )
    select previous from changed`)
  return rows[0]?.previous
}
