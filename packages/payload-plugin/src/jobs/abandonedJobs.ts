import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import { poolSql } from '../db/sqlExecutor'
import { switchboardQueue, telegramQueue } from '../constants'

export interface ReleasedJob {
  id: number
  task: null | string
  concurrencyKey: null | string
  /** Abandoned a second time: failed for good instead of retried (it may be what kills the worker). */
  failed: boolean
}

/** Switchboard's queues: `switchboard`, `switchboard-telegram` and the per-account `switchboard-telegram:<id>`. */
export const switchboardQueues = sql`(queue = ${switchboardQueue} or queue like ${`${telegramQueue}%`})`

/** A job whose heartbeat stopped this long ago (its runner died) counts as abandoned. */
const quietFor = (seconds: number) => sql`updated_at < now() - ${seconds} * interval '1 second'`

/**
 * Releases Switchboard jobs whose runner died: `processing`, not finished, and no heartbeat (see
 * `withJobHeartbeat`) for `afterSeconds`. A released job is due again and its concurrency key is
 * free; the next runner retries it, once: a job abandoned twice is marked failed, with a message,
 * so a job that kills its worker (out of memory) cannot do it forever. One statement, so two
 * workers releasing at once release each job once.
 */
export const releaseAbandonedJobs = async (payload: Payload, afterSeconds: number): Promise<ReleasedJob[]> => {
  const { rows } = await poolSql(payload).execute(sql`
    update payload_jobs set
      processing = false,
      has_error = coalesce((error ->> 'abandoned')::int, 0) >= 1,
      error = jsonb_build_object(
        'abandoned', coalesce((error ->> 'abandoned')::int, 0) + 1,
        'message', case when coalesce((error ->> 'abandoned')::int, 0) >= 1
          then 'Abandoned twice: the worker running it stopped (killed, out of memory) both times. Not retried again; queue it anew once the cause is fixed.'
          else 'Abandoned: the worker running it stopped without finishing. Released for a retry.' end),
      updated_at = now()
    where processing and completed_at is null and ${switchboardQueues} and ${quietFor(afterSeconds)}
    returning id, task_slug, concurrency_key, has_error`)
  const released = rows.map((row) => ({
    id: Number(row.id),
    task: row.task_slug === null ? null : String(row.task_slug),
    concurrencyKey: row.concurrency_key === null ? null : String(row.concurrency_key),
    failed: Boolean(row.has_error),
  }))
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
export const findStuckJobs = async (payload: Payload, afterSeconds: number): Promise<StuckJob[]> => {
  const { rows } = await poolSql(payload).execute(sql`
    select id, queue, task_slug, concurrency_key, updated_at from payload_jobs
    where processing and completed_at is null and ${switchboardQueues} and ${quietFor(afterSeconds)}
    order by updated_at limit 50`)
  return rows.map((row) => ({
    id: Number(row.id),
    queue: String(row.queue),
    task: row.task_slug === null ? null : String(row.task_slug),
    concurrencyKey: row.concurrency_key === null ? null : String(row.concurrency_key),
    quietSince: new Date(String(row.updated_at)).toISOString(),
  }))
}
