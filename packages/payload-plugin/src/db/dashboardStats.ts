import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable, usersTable } from './tables'

/** The dashboard's counts: each one grouped query over an indexed or small table. */
const conversations = collectionTable('conversations', [
  'source',
  'type',
  'status',
  'sync_status',
  'stream_sync_status',
  'unread_count',
  'is_archived',
  'is_pinned',
  'assignee_id',
])
const messages = collectionTable('messages', ['sent_at', 'deleted_at', 'kind'])
const telegramUsers = collectionTable('telegramUsers', ['link_status'])
const users = usersTable(['id', 'display_name', 'email'])

export interface ConversationKindRow {
  source: string
  type: string
  sync_status: null | string
  stream_sync_status: null | string
  total: string
  unread: string
  unread_messages: string
  archived: string
  pinned: string
}

/** Conversations (thousands of rows, grouped whole) by source, type and sync states. */
export const conversationKindRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) =>
  (
    await db.execute<ConversationKindRow>(sql`
      select source::text, type::text, sync_status::text, stream_sync_status::text, count(*) as total,
        count(*) filter (where unread_count > 0) as unread, coalesce(sum(unread_count), 0) as unread_messages,
        count(*) filter (where is_archived) as archived, count(*) filter (where is_pinned) as pinned
      from ${conversations.ref(options)} group by 1, 2, 3, 4`)
  ).rows

/** Messages (not notes, not deleted) today and over the last 7 days, on the `sent_at` index. */
export const recentMessageCounts = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) => {
  const { rows } = await db.execute<{ today: string; last7: string }>(sql`
    select count(*) filter (where sent_at >= date_trunc('day', now(), 'UTC')) as today, count(*) as last7
    from ${messages.ref(options)} where sent_at >= now() - interval '7 days' and deleted_at is null and kind <> 'note'`)
  return rows[0]
}

/** Telegram users by link status. */
export const linkStatusRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) =>
  (
    await db.execute<{ link_status: null | string; total: string }>(sql`
      select link_status::text, count(*) as total from ${telegramUsers.ref(options)} group by 1`)
  ).rows

/** Conversations in the inbox (not archived) per status, and how many of each nobody is assigned. */
export const inboxStatusRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) =>
  (
    await db.execute<{ status: string; total: string; unassigned: string }>(sql`
      select coalesce(status::text, 'open') as status, count(*) as total, count(*) filter (where assignee_id is null) as unassigned
      from ${conversations.ref(options)} where not coalesce(is_archived, false) group by 1`)
  ).rows

/** The 20 people with the most open conversations (not archived). */
export const openByAssigneeRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) =>
  (
    await db.execute<{ id: number; name: null | string; open: string }>(sql`
      select u.id, coalesce(nullif(u.display_name, ''), u.email) as name, count(*) as open
      from ${conversations.ref(options)} c join ${users.ref(options)} u on u.id = c.assignee_id
      where c.status = 'open' and not coalesce(c.is_archived, false)
      group by 1, 2 order by 3 desc, 2 limit 20`)
  ).rows
