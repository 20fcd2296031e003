import { sql } from '@payloadcms/db-postgres/drizzle'

import type { SqlExecutor } from './sqlExecutor'

import { switchboardQueue, telegramQueue } from '../constants'
import { fixedTable } from './tables'

/** Payload's jobs table, as Switchboard reads it for health, recovery and de-duplication. */
export const jobsTable = fixedTable('payload_jobs', [
  'id',
  'queue',
  'task_slug',
  'concurrency_key',
  'input',
  'processing',
  'completed_at',
  'has_error',
  'error',
  'total_tried',
  'wait_until',
  'created_at',
  'updated_at',
])
const table = jobsTable.sql

/** Switchboard's queues: `switchboard`, `switchboard-telegram` and the per-account `switchboard-telegram:<id>`. */
const switchboardQueues = sql`(queue = ${switchboardQueue} or queue like ${`${telegramQueue}%`})`

/** Not finished and not failed for good: a job that will still run. */
export const openJob = sql`completed_at is null and not coalesce(has_error, false)`

/** A job whose heartbeat stopped this long ago (its runner died) counts as abandoned. */
const quietFor = (seconds: number) => sql`updated_at < now() - ${seconds} * interval '1 second'`

export interface JobRow {
  id: number
  queue: string
  task_slug: null | string
  concurrency_key: null | string
}

/**
 * Releases the Switchboard jobs `processing` without a heartbeat for `afterSeconds`: due again,
 * their concurrency key free; abandoned a second time, failed for good with a message. One
 * statement, so two workers releasing at once release each job once.
 */
export const releaseAbandonedJobRows = async (db: SqlExecutor, afterSeconds: number) =>
  (
    await db.execute<JobRow & { has_error: boolean }>(sql`
      update ${table} set
        processing = false,
        has_error = coalesce((error ->> 'abandoned')::int, 0) >= 1,
        error = jsonb_build_object(
          'abandoned', coalesce((error ->> 'abandoned')::int, 0) + 1,
          'message', case when coalesce((error ->> 'abandoned')::int, 0) >= 1
            then 'Abandoned twice: the worker running it stopped (killed, out of memory) both times. Not retried again; queue it anew once the cause is fixed.'
            else 'Abandoned: the worker running it stopped without finishing. Released for a retry.' end),
        updated_at = now()
      where processing and completed_at is null and ${switchboardQueues} and ${quietFor(afterSeconds)}
      returning id, queue, task_slug, concurrency_key, has_error`)
  ).rows

/** Switchboard jobs `processing` without a heartbeat for `afterSeconds`, oldest first, at most 50. */
export const stuckJobRows = async (db: SqlExecutor, afterSeconds: number) =>
  (
    await db.execute<JobRow & { updated_at: string }>(sql`
      select id, queue, task_slug, concurrency_key, updated_at from ${table}
      where processing and completed_at is null and ${switchboardQueues} and ${quietFor(afterSeconds)}
      order by updated_at limit 50`)
  ).rows

/** A running job's heartbeat: its row's `updated_at` moves while it is `processing`. */
export const touchJobHeartbeat = async (db: SqlExecutor, jobId: number): Promise<void> => {
  await db.execute(sql`update ${table} set updated_at = now() where id = ${jobId} and processing`)
}

/** Whether an open job of `task` exists for the conversation in its input. */
export const hasOpenConversationJob = async (db: SqlExecutor, task: string, conversationId: number | string): Promise<boolean> => {
  const { rows } = await db.execute<{ pending: boolean }>(sql`
    select exists (select 1 from ${table} where task_slug = ${task} and ${openJob}
      and input->>'conversationId' = ${String(conversationId)}) as pending`)
  return Boolean(rows[0]?.pending)
}

/**
 * Makes due now every open job of `taskSlugs` (of one concurrency key, when given) waiting out a
 * retry backoff: one that failed an attempt or carries a retry round. Returns how many.
 */
export const wakeRetryingJobs = async (db: SqlExecutor, taskSlugs: string[], concurrencyKey?: string): Promise<number> => {
  const { rows } = await db.execute<{ id: number }>(sql`
    update ${table} set wait_until = now()
    where task_slug::text in ${taskSlugs} and ${openJob}
      and not coalesce(processing, false) and wait_until > now()
      and (coalesce(total_tried, 0) > 0 or input ? 'retryRound')
      ${concurrencyKey ? sql`and concurrency_key = ${concurrencyKey}` : sql``}
    returning id`)
  return rows.length
}

export interface QueueHealthRow {
  queue: string
  pending: number
  processing: number
  scheduled: number
  oldest_pending_at: null | string
  oldest_age: null | number
}

/** Per Switchboard queue: jobs due and waiting, running, and not yet due; the oldest due one. */
export const queueHealthRows = async (db: SqlExecutor) =>
  (
    await db.execute<QueueHealthRow>(sql`
      with due as (
        -- Due since: a new job from its creation, a retry or scheduled job from when its wait ended.
        select queue, processing, greatest(created_at, coalesce(wait_until, created_at)) as due_at,
          wait_until is null or wait_until <= now() as is_due
        from ${table}
        where ${openJob} and ${switchboardQueues}
      )
      select queue,
        count(*) filter (where is_due and not coalesce(processing, false))::int as pending,
        count(*) filter (where coalesce(processing, false))::int as processing,
        count(*) filter (where not is_due and not coalesce(processing, false))::int as scheduled,
        min(due_at) filter (where is_due and not coalesce(processing, false)) as oldest_pending_at,
        floor(extract(epoch from now() - min(due_at) filter (where is_due and not coalesce(processing, false))))::int as oldest_age
      from due group by queue order by queue`)
  ).rows

/** The open jobs of `taskSlugs`: due now, waiting to retry after a failure, and failed for good. */
export const retryingJobCounts = async (db: SqlExecutor, taskSlugs: string[]) => {
  const { rows } = await db.execute<{ due: number; retrying: number; failed_for_good: number }>(sql`
    select
      count(*) filter (where not coalesce(has_error, false) and (wait_until is null or wait_until <= now()))::int as due,
      count(*) filter (where not coalesce(has_error, false) and wait_until > now()
        and (coalesce(total_tried, 0) > 0 or input ? 'retryRound'))::int as retrying,
      count(*) filter (where coalesce(has_error, false))::int as failed_for_good
    from ${table} where completed_at is null and task_slug::text in ${taskSlugs}`)
  return { due: rows[0]?.due ?? 0, retrying: rows[0]?.retrying ?? 0, failedForGood: rows[0]?.failed_for_good ?? 0 }
}

/** The Telegram queues' backlog (shared and per account): open jobs and since when the oldest waits. */
export const telegramBacklog = async (db: SqlExecutor) => {
  const { rows } = await db.execute<{ pending: number; oldest: null | string }>(sql`
    select count(*)::int as pending, min(created_at) as oldest from ${table}
    where (queue = ${telegramQueue} or queue like ${`${telegramQueue}:%`}) and ${openJob}`)
  return { pending: rows[0]?.pending ?? 0, oldestCreatedAt: rows[0]?.oldest ?? null }
}
