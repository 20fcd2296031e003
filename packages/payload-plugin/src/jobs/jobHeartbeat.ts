import type { Config, PayloadRequest } from 'payload'

import { touchJobHeartbeat } from '../db/jobs'
import { poolSql } from '../db/sqlExecutor'
import { workerOf } from '../worker/workerState'
import { workerSettings } from '../worker/worker'

/**
 * Payload marks a job `processing` when a runner picks it up and never looks at it again: a runner
 * that dies leaves the job, and with it the job's concurrency key, blocked for good. While one of
 * Switchboard's tasks runs, its job row's `updatedAt` is touched every heartbeat, so a job whose
 * row has gone quiet for longer than the worker's lease TTL is known to be abandoned
 * (see `releaseAbandonedJobs`).
 */
const beatWhileRunning = (req: PayloadRequest, jobId: number | string): (() => void) => {
  const { payload } = req
  // Outside a worker (a web process with autoRun) the worker's setting from the environment.
  const everyMs = workerOf(req)?.heartbeatMs ?? workerSettings().heartbeatSeconds * 1000
  const timer = setInterval(() => {
    void touchJobHeartbeat(poolSql(payload), Number(jobId)).catch((error: unknown) => payload.logger.warn({ err: error, msg: `switchboard: job ${jobId}'s heartbeat failed` }))
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** A task as Payload's config takes it: any task's input and output types. */
type ConfiguredTask = NonNullable<NonNullable<Config['jobs']>['tasks']>[number]

/** The task, its handler wrapped in the job heartbeat. */
export const withJobHeartbeat = (task: ConfiguredTask): ConfiguredTask => {
  const { handler } = task
  if (typeof handler !== 'function') return task
  return {
    ...task,
    handler: async (args) => {
      const stop = beatWhileRunning(args.req, args.job.id)
      try {
        return await handler(args)
      } finally {
        stop()
      }
    },
  }
}
