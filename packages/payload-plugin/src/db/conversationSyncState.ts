import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import { telegramDiscoverTask, telegramQueue } from '../constants'
import { jobsTable } from './jobs'
import { collectionTable } from './tables'

/**
 * A conversation's Telegram sync state. Declared only: the sets below land in the conversation
 * UPDATE of updateConversationActivity, which names the table.
 */
collectionTable('conversations', [
  'account_id',
  'sync_status',
  'synced_message_count',
  'total_message_count',
  'last_synced_at',
  'last_synced_message_id',
  'backfill_cursor',
  'full_sync_completed',
])

/** Where the conversation's sync state moves when a Telegram page commits. */
export interface CursorUpdate {
  /** The incremental cursor only ever moves forward (`greatest`). */
  lastSyncedMessageId?: number
  /**
   * The cursor comes from live updates, which may follow a gap (updates Telegram could not
   * replay): it moves only while no history sync or discovery that starts from it is pending,
   * or the sync would start after the gap and never fetch it.
   */
  live?: boolean
  /** The backfill position: the oldest id reached by the full sync. */
  backfillCursor?: number
  fullSyncCompleted?: boolean
  /** Telegram's estimate of the conversation's size, for progress. */
  total?: number
}

/** A history sync of the conversation (alias `c`) or a discovery of its account is queued, due or running. */
const syncPending = sql`(c.sync_status in ('queued', 'running') or exists (
  select 1 from ${jobsTable.sql} j
  where j.task_slug = ${telegramDiscoverTask} and j.queue = ${`${telegramQueue}:`} || c.account_id::text
    and j.completed_at is null and not coalesce(j.has_error, false) and (j.wait_until is null or j.wait_until <= now())))`

/**
 * The assignments of a page's conversation UPDATE (alias `c`) for its sync state: progress counts
 * (`inserted` new messages), the last sync time, and the cursors. Passed to `updateConversationActivity`,
 * so they land in the same statement as the page's last activity.
 */
export const syncStateSets = (cursor: CursorUpdate, inserted: number): SQL[] => {
  const sets: SQL[] = [
    sql`synced_message_count = coalesce(synced_message_count, 0) + ${inserted}`,
    sql`total_message_count = greatest(coalesce(${cursor.total ?? null}::numeric, total_message_count, 0), coalesce(synced_message_count, 0) + ${inserted})`,
    sql`last_synced_at = now()`,
  ]
  if (cursor.lastSyncedMessageId !== undefined) {
    const advanced = sql`greatest(coalesce(last_synced_message_id, 0), ${cursor.lastSyncedMessageId})`
    sets.push(
      cursor.live
        ? sql`last_synced_message_id = case when ${syncPending} then last_synced_message_id else ${advanced} end`
        : sql`last_synced_message_id = ${advanced}`,
    )
  }
  if (cursor.backfillCursor !== undefined) sets.push(sql`backfill_cursor = ${cursor.backfillCursor}`)
  if (cursor.fullSyncCompleted !== undefined) sets.push(sql`full_sync_completed = ${cursor.fullSyncCompleted}`)
  return sets
}
