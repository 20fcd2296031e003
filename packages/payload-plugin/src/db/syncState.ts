import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

/** The Telegram history sync state of conversations, and the progress report built on it. */
const conversations = collectionTable('conversations', [
  'id',
  'title',
  'source',
  'account_id',
  'sync_status',
  'sync_error',
  'full_sync_completed',
  'synced_message_count',
  'total_message_count',
  'last_synced_at',
])
const accounts = collectionTable('telegramAccounts', ['id', 'name', 'kind', 'status', 'last_error', 'last_discovery_at', 'dialog_count'])

export type SyncStatus = 'failed' | 'idle' | 'queued' | 'running'

/** Sets a conversation's history sync status and error. */
export const markSyncStatus = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  conversationId: number,
  status: Exclude<SyncStatus, 'queued'>,
  error: null | string = null,
): Promise<void> => {
  await db.execute(sql`update ${conversations.ref(options)} set sync_status = ${status}, sync_error = ${error} where id = ${conversationId}`)
}

/**
 * Marks a Telegram conversation `queued` and returns its account, or `undefined` when it has none
 * or (with `skipBusy`) a sync is already queued or running.
 */
export const markSyncQueued = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  conversationId: number,
  { skipBusy }: { skipBusy: boolean },
): Promise<number | undefined> => {
  const { rows } = await db.execute<{ account_id: number }>(sql`
    update ${conversations.ref(options)} set sync_status = 'queued'
    where id = ${conversationId} and account_id is not null ${skipBusy ? sql`and sync_status not in ('queued', 'running')` : sql``}
    returning account_id`)
  return rows[0]?.account_id
}

export interface AccountSyncRow {
  id: number
  name: string
  kind: string
  status: string
  last_error: null | string
  last_discovery_at: null | string
  dialog_count: null | number | string
  conversations: number
  syncing: number
  failed: number
  completed: number
  synced: number | string
  total: number | string
}

/** Per account (or one), how far its Telegram conversations are synced: one grouped query. */
export const accountSyncRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId?: number) =>
  (
    await db.execute<AccountSyncRow>(sql`
      select a.id, a.name, a.kind, a.status, a.last_error, a.last_discovery_at, a.dialog_count,
        count(c.id)::int as conversations,
        count(c.id) filter (where c.sync_status in ('queued', 'running'))::int as syncing,
        count(c.id) filter (where c.sync_status = 'failed')::int as failed,
        count(c.id) filter (where c.full_sync_completed)::int as completed,
        coalesce(sum(c.synced_message_count), 0)::bigint as synced,
        coalesce(sum(greatest(c.total_message_count, c.synced_message_count)), 0)::bigint as total
      from ${accounts.ref(options)} a left join ${conversations.ref(options)} c on c.account_id = a.id and c.source = 'telegram'
      where true ${accountId === undefined ? sql`` : sql`and a.id = ${accountId}`}
      group by a.id order by a.id`)
  ).rows

export interface ConversationSyncRow {
  id: number
  title: null | string
  account_id: null | number
  sync_status: null | SyncStatus
  full_sync_completed: boolean | null
  synced_message_count: null | number | string
  total_message_count: null | number | string
  last_synced_at: null | string
  sync_error: null | string
}

/** Telegram conversations queued, running, failed or not fully synced (running first), at most 100. */
export const unfinishedSyncRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId?: number) =>
  (
    await db.execute<ConversationSyncRow>(sql`
      select c.id, c.title, c.account_id, c.sync_status, c.full_sync_completed, c.synced_message_count, c.total_message_count,
        c.last_synced_at, c.sync_error
      from ${conversations.ref(options)} c
      where c.source = 'telegram' and (c.sync_status in ('queued', 'running', 'failed') or not c.full_sync_completed)
        ${accountId === undefined ? sql`` : sql`and c.account_id = ${accountId}`}
      order by c.sync_status = 'running' desc, c.last_synced_at desc nulls last limit 100`)
  ).rows
