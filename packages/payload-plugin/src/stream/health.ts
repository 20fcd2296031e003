import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import type { SqlExecutor } from '../db/sqlExecutor'
import { tableName } from '../db/tableName'
import { laterRetryMaxMs } from './retry'
import { streamTaskSlugs } from '../constants'

/** The Stream mirror as the health check reports it. Counts only: no names, no message text. */
export interface StreamHealth {
  /** Mirrored conversations by Stream state (`pending`: a sync is queued; `failed`: the last attempt failed). */
  conversations: { synced: number; pending: number; failed: number }
  /** The error of the conversation that failed most recently, as recorded on it. */
  lastError: null | string
  lastErrorAt: null | string
  /** Open Stream jobs (channels and messages): due now, and waiting to retry after a failure. */
  jobs: { due: number; retrying: number; failedForGood: number }
}

const count = (value: unknown): number => Number(value ?? 0)

/** Two queries, judged by the database's clock like the rest of the health check. */
export const readStreamHealth = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  stream: ResolvedStreamOptions,
): Promise<StreamHealth> => {
  const conversations = sql.identifier(tableName(options.slugs.conversations))
  const [states, jobs] = await Promise.all([
    db.execute(sql`
      select
        count(*) filter (where stream_sync_status::text = 'synced')::int as synced,
        count(*) filter (where stream_sync_status::text = 'pending')::int as pending,
        count(*) filter (where stream_sync_status::text = 'failed')::int as failed,
        (array_agg(stream_error order by updated_at desc) filter (where stream_sync_status::text = 'failed'))[1] as last_error,
        max(updated_at) filter (where stream_sync_status::text = 'failed') as last_error_at
      from ${conversations} where source::text in ${stream.mirroredSources}`),
    db.execute(sql`
      select
        count(*) filter (where not coalesce(has_error, false) and (wait_until is null or wait_until <= now()))::int as due,
        count(*) filter (where not coalesce(has_error, false) and wait_until > now()
          and (coalesce(total_tried, 0) > 0 or input ? 'retryRound'))::int as retrying,
        count(*) filter (where coalesce(has_error, false))::int as failed_for_good
      from payload_jobs where completed_at is null and task_slug::text in ${streamTaskSlugs}`),
  ])
  const s = states.rows[0] ?? {}
  const j = jobs.rows[0] ?? {}
  const at = s.last_error_at ? new Date(String(s.last_error_at)) : null
  return {
    conversations: { synced: count(s.synced), pending: count(s.pending), failed: count(s.failed) },
    lastError: s.last_error === null || s.last_error === undefined ? null : String(s.last_error),
    lastErrorAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null,
    jobs: { due: count(j.due), retrying: count(j.retrying), failedForGood: count(j.failed_for_good) },
  }
}

/**
 * A warning while Stream refuses or is unreachable: it never fails the check (a Stream outage is
 * not something restarting Switchboard fixes, and nothing is lost meanwhile).
 */
export const streamWarning = (health: StreamHealth): string | undefined => {
  const { failed } = health.conversations
  const { retrying, failedForGood } = health.jobs
  if (!failed && !retrying && !failedForGood) return undefined
  const parts = [
    failed ? `${failed} conversation${failed === 1 ? ' is' : 's are'} not mirrored to Stream Chat` : undefined,
    retrying ? `${retrying} Stream job${retrying === 1 ? ' is' : 's are'} waiting to retry` : undefined,
    failedForGood ? `${failedForGood} Stream job${failedForGood === 1 ? '' : 's'} failed for good (see the Payload jobs)` : undefined,
  ].filter(Boolean)
  const last = health.lastError ? ` Last error${health.lastErrorAt ? ` (${health.lastErrorAt})` : ''}: ${health.lastError}.` : ''
  return (
    `${parts.join('; ')}.${last} Switchboard retries with backoff (at most every ${laterRetryMaxMs / 60_000} min) and catches up ` +
    'when Stream answers again; if this lasts, check STREAM_API_KEY, STREAM_API_SECRET, STREAM_BASE_URL and Stream’s status page.'
  )
}
