import type { PayloadRequest } from 'payload'

import { wakeRetryingJobs } from '../db/jobs'
import { dbFor } from '../db/sqlExecutor'

/**
 * How the Stream jobs ride out an outage. First the jobs queue's own retries: a failed attempt
 * is tried again after 1, 2, 4 and 8 s (15 s in all), which covers a blip.
 * A job whose last attempt still finds Stream down is not given up: it queues its successor
 * with a longer wait — 30 s, 1, 2, 4, 8 min, then every 15 min for as long as the outage lasts
 * (the round travels in the job's input); a successor that fails queues the next round at once. The first Stream job that succeeds again after a
 * failure makes every waiting retry due at once (`wakeWaitingStreamRetries`), so recovery does
 * not wait out the longest backoff. Nothing is lost meanwhile: each job is a row in the jobs
 * table, and channel and message ids are deterministic, so a retry never creates anything twice.
 */
export const streamTaskRetries = { attempts: 4, backoff: { type: 'exponential' as const, delay: 1_000 } }

/** First wait after the queue's own retries are spent, and the longest wait between two rounds. */
export const laterRetryFirstMs = 30_000
export const laterRetryMaxMs = 15 * 60_000

/** The wait before round `round` (1, 2, …) of a job that keeps finding Stream down. */
export const laterRetryDelayMs = (round: number): number => Math.min(laterRetryMaxMs, laterRetryFirstMs * 2 ** Math.max(0, round - 1))

/** The part of a Stream job's input that carries its outage round. */
export interface RetryRoundInput {
  /** Set on a job queued to continue after an earlier one ran out of attempts: how many rounds so far. */
  retryRound?: null | number
}

/**
 * True when a failure now should go to the next round rather than the queue's quick retry: on a
 * job's last attempt (failing would fail it for good), and on every job of a later round (Stream
 * has been down for a while; quick retries would only add calls).
 */
export const isLastAttempt = (job: { totalTried?: null | number }, input: RetryRoundInput): boolean =>
  (input.retryRound ?? 0) > 0 || (job.totalTried ?? 0) >= streamTaskRetries.attempts

/** The next round of a job that ran out of attempts, and when it is due. */
export const nextRound = (input: RetryRoundInput): { retryRound: number; waitUntil: Date } => {
  const retryRound = (input.retryRound ?? 0) + 1
  return { retryRound, waitUntil: new Date(Date.now() + laterRetryDelayMs(retryRound)) }
}

/** True when this job had failed before: its success means Stream answers again. */
export const isRecovery = (job: { totalTried?: null | number }, input: RetryRoundInput): boolean =>
  (job.totalTried ?? 0) > 0 || (input.retryRound ?? 0) > 0

/**
 * Stream answers again: every Stream job waiting out an outage backoff (of one concurrency key,
 * when given) is made due now. Jobs waiting for a rate limit's reset (no retry round, no failed
 * attempt) keep their time.
 */
export const wakeWaitingStreamRetries = async (req: PayloadRequest, taskSlugs: string[], concurrencyKey?: string): Promise<number> =>
  wakeRetryingJobs(await dbFor(req), taskSlugs, concurrencyKey)
