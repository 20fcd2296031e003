import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { jobsTable, openJob } from './jobs'
import { collectionTable } from './tables'

/** Conversations' Stream mirror state. */
const conversations = collectionTable('conversations', ['id', 'source', 'stream_sync_status', 'stream_error', 'updated_at'])

/**
 * Mirrored conversations whose Stream state is `pending` or `failed` and that have no open job on
 * their channel's concurrency key (`channelKeyPrefix` + id): least recently changed first, at most `limit`.
 */
export const unsyncedStreamConversations = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  stream: ResolvedStreamOptions,
  { channelKeyPrefix, limit }: { channelKeyPrefix: string; limit: number },
) =>
  (
    await db.execute<{ id: number }>(sql`
      select c.id from ${conversations.ref(options)} c
      where c.source::text in ${stream.mirroredSources} and c.stream_sync_status::text in ('pending', 'failed')
        and not exists (select 1 from ${jobsTable.sql} where concurrency_key = ${channelKeyPrefix} || c.id::text and ${openJob})
      order by c.updated_at limit ${limit}`)
  ).rows.map((row) => row.id)

/** Mirrored conversations by Stream state, and the error of the one that failed most recently. */
export const streamStateCounts = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions) => {
  const { rows } = await db.execute<{ synced: number; pending: number; failed: number; last_error: null | string; last_error_at: null | string }>(sql`
    select
      count(*) filter (where stream_sync_status::text = 'synced')::int as synced,
      count(*) filter (where stream_sync_status::text = 'pending')::int as pending,
      count(*) filter (where stream_sync_status::text = 'failed')::int as failed,
      (array_agg(stream_error order by updated_at desc) filter (where stream_sync_status::text = 'failed'))[1] as last_error,
      max(updated_at) filter (where stream_sync_status::text = 'failed') as last_error_at
    from ${conversations.ref(options)} where source::text in ${stream.mirroredSources}`)
  return rows[0]
}
