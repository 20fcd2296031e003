import type { Payload } from 'payload'

import { type JobRow, releaseAbandonedJobRows, stuckJobRows } from '../db/jobs'
import { poolSql } from '../db/sqlExecutor'

export interface ReleasedJob {
  id: number
  task: null | string
  concurrencyKey: null | string
  /** Abandoned a second time: failed for good instead of retried (it may be what kills the worker). */
  failed: boolean
}

const jobOf = (row: JobRow) => ({
  id: Number(row.id),
  task: row.task_slug === null ? null : String(row.task_slug),
  concurrencyKey: row.concurrency_key === null ? null : String(row.concurrency_key),
})

/**
 * Releases Switchboard jobs whose runner died: `processing`, not finished, and no heartbeat (see
 * `withJobHeartbeat`) for `afterSeconds`. A released job is due again and its concurrency key is
 * free; the next runner retries it, once: a job abandoned twice is marked failed, with a message,
 * so a job that kills its worker (out of memory) cannot do it forever. One statement, so two
 * workers releasing at once release each job once.
 */
export const releaseAbandonedJobs = async (payload: Payload, afterSeconds: number): Promise<ReleasedJob[]> => {
  const rows = await releaseAbandonedJobRows(poolSql(payload), afterSeconds)
  const released = rows.map((row) => ({ ...jobOf(row), failed: Boolean(row.has_error) }))
  for (const job of released)
    payload.logger.warn({
      msg: `switchboard worker: job ${job.id} (${job.task ?? 'task'}, key ${job.concurrencyKey ?? 'none'}) was abandoned by a stopped worker; ${job.failed ? 'abandoned twice, marked failed' : 'released for a retry'}`,
    })
  return released
}

export interface StuckJob {
  id: number
  queue: string
  task: null | string
  concurrencyKey: null | string
  /** The job's last heartbeat. */
  quietSince: string
}

/** Jobs `processing` without a heartbeat for `afterSeconds`: what health reports by key until a worker releases them. */
export const findStuckJobs = async (payload: Payload, afterSeconds: number): Promise<StuckJob[]> =>
  (await stuckJobRows(poolSql(payload), afterSeconds)).map((row) => ({
    ...jobOf(row),
    queue: String(row.queue),
    quietSince: new Date(String(row.updated_at)).toISOString(),
  }))
