import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { tableName } from '../db/tableName'

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/**
 * The dashboard's counts, each one grouped query over an indexed or small table: conversations
 * (thousands of rows) are grouped whole; messages are only counted over the last 7 days on the
 * `sent_at` index.
 */
export const dashboardStats = async (payload: Payload, options: ResolvedSwitchboardOptions) => {
  const pool = payload.db.pool
  const conversations = tableName(options.slugs.conversations)
  const users = tableName(options.usersCollection)
  const [byKind, messages, links, byStatus, byAssignee] = await Promise.all([
    pool.query<{ source: string; type: string; sync_status: null | string; stream_sync_status: null | string; total: string; unread: string; unread_messages: string; archived: string; pinned: string }>(
      `select source::text, type::text, sync_status::text, stream_sync_status::text, count(*) as total,
         count(*) filter (where unread_count > 0) as unread, coalesce(sum(unread_count), 0) as unread_messages,
         count(*) filter (where is_archived) as archived, count(*) filter (where is_pinned) as pinned
       from ${conversations} group by 1, 2, 3, 4`,
    ),
    pool.query<{ today: string; last7: string }>(
      `select count(*) filter (where sent_at >= date_trunc('day', now(), 'UTC')) as today, count(*) as last7
       from ${tableName(options.slugs.messages)} where sent_at >= now() - interval '7 days' and deleted_at is null and kind <> 'note'`,
    ),
    pool.query<{ link_status: null | string; total: string }>(
      `select link_status::text, count(*) as total from ${tableName(options.slugs.telegramUsers)} group by 1`,
    ),
    // The helpdesk: conversations in the inbox (not archived) per status, and who the open ones wait on.
    pool.query<{ status: string; total: string; unassigned: string }>(
      `select coalesce(status::text, 'open') as status, count(*) as total, count(*) filter (where assignee_id is null) as unassigned
       from ${conversations} where not coalesce(is_archived, false) group by 1`,
    ),
    pool.query<{ id: number; name: null | string; open: string }>(
      `select u.id, coalesce(nullif(u.display_name, ''), u.email) as name, count(*) as open
       from ${conversations} c join ${users} u on u.id = c.assignee_id
       where c.status = 'open' and not coalesce(c.is_archived, false)
       group by 1, 2 order by 3 desc, 2 limit 20`,
    ),
  ])

  const stats = {
    conversations: {
      total: 0,
      bySource: zeros(['telegram', 'widget', 'direct', 'stream'] as const) as Record<string, number>,
      byType: zeros(['private', 'group', 'supergroup', 'channel', 'widget', 'direct'] as const) as Record<string, number>,
      unread: 0,
      unreadMessages: 0,
      archived: 0,
      pinned: 0,
    },
    messages: { today: Number(messages.rows[0]?.today ?? 0), last7Days: Number(messages.rows[0]?.last7 ?? 0) },
    telegramUsers: zeros(['linked', 'stale', 'unlinked'] as const) as Record<string, number>,
    sync: {
      telegram: zeros(['idle', 'queued', 'running', 'failed'] as const) as Record<string, number>,
      stream: zeros(['pending', 'synced', 'failed'] as const) as Record<string, number>,
    },
    helpdesk: {
      byStatus: zeros(['open', 'pending', 'snoozed', 'resolved'] as const) as Record<string, number>,
      unassignedOpen: 0,
      openByAssignee: byAssignee.rows.map((row) => ({ id: Number(row.id), name: row.name ?? `User ${row.id}`, open: Number(row.open) })),
    },
    generatedAt: new Date().toISOString(),
  }
  for (const row of byStatus.rows) {
    stats.helpdesk.byStatus[row.status] = Number(row.total)
    if (row.status === 'open') stats.helpdesk.unassignedOpen = Number(row.unassigned)
  }
  for (const row of byKind.rows) {
    const total = Number(row.total)
    const c = stats.conversations
    c.total += total
    c.bySource[row.source] = (c.bySource[row.source] ?? 0) + total
    c.byType[row.type] = (c.byType[row.type] ?? 0) + total
    c.unread += Number(row.unread)
    c.unreadMessages += Number(row.unread_messages)
    c.archived += Number(row.archived)
    c.pinned += Number(row.pinned)
    if (row.source === 'telegram' && row.sync_status) stats.sync.telegram[row.sync_status] = (stats.sync.telegram[row.sync_status] ?? 0) + total
    if (row.stream_sync_status) stats.sync.stream[row.stream_sync_status] = (stats.sync.stream[row.stream_sync_status] ?? 0) + total
  }
  for (const row of links.rows) stats.telegramUsers[row.link_status ?? 'unlinked'] = (stats.telegramUsers[row.link_status ?? 'unlinked'] ?? 0) + Number(row.total)
  return stats
}
