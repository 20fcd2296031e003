import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { conversationKindRows, inboxStatusRows, linkStatusRows, openByAssigneeRows, recentMessageCounts } from '../db/dashboardStats'
import { poolSql } from '../db/sqlExecutor'

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

/**
 * The dashboard's counts, each one grouped query over an indexed or small table: conversations
 * (thousands of rows) are grouped whole; messages are only counted over the last 7 days on the
 * `sent_at` index.
 */
export const dashboardStats = async (payload: Payload, options: ResolvedSwitchboardOptions) => {
  const db = poolSql(payload)
  const [byKind, messages, links, byStatus, byAssignee] = await Promise.all([
    conversationKindRows(db, options),
    recentMessageCounts(db, options),
    linkStatusRows(db, options),
    // The helpdesk: conversations in the inbox (not archived) per status, and who the open ones wait on.
    inboxStatusRows(db, options),
    openByAssigneeRows(db, options),
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
    messages: { today: Number(messages?.today ?? 0), last7Days: Number(messages?.last7 ?? 0) },
    telegramUsers: zeros(['linked', 'stale', 'unlinked'] as const) as Record<string, number>,
    sync: {
      telegram: zeros(['idle', 'queued', 'running', 'failed'] as const) as Record<string, number>,
      stream: zeros(['pending', 'synced', 'failed'] as const) as Record<string, number>,
    },
    helpdesk: {
      byStatus: zeros(['open', 'pending', 'snoozed', 'resolved'] as const) as Record<string, number>,
      unassignedOpen: 0,
      openByAssignee: byAssignee.map((row) => ({ id: Number(row.id), name: row.name ?? `User ${row.id}`, open: Number(row.open) })),
    },
    generatedAt: new Date().toISOString(),
  }
  for (const row of byStatus) {
    stats.helpdesk.byStatus[row.status] = Number(row.total)
    if (row.status === 'open') stats.helpdesk.unassignedOpen = Number(row.unassigned)
  }
  for (const row of byKind) {
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
  for (const row of links) stats.telegramUsers[row.link_status ?? 'unlinked'] = (stats.telegramUsers[row.link_status ?? 'unlinked'] ?? 0) + Number(row.total)
  return stats
}
