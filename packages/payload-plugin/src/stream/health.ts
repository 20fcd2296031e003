import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { retryingJobCounts } from '../db/jobs'
import type { SqlExecutor } from '../db/sqlExecutor'
import { streamStateCounts } from '../db/streamSync'
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
  const [s, jobs] = await Promise.all([streamStateCounts(db, options, stream), retryingJobCounts(db, streamTaskSlugs)])
  const at = s?.last_error_at ? new Date(s.last_error_at) : null
  return {
    conversations: { synced: count(s?.synced), pending: count(s?.pending), failed: count(s?.failed) },
    lastError: s?.last_error ?? null,
    lastErrorAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null,
    jobs,
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
