import type { SanitizedConfig } from 'payload'

import { getPayload } from 'payload'

import { stopSwitchboard } from '../shutdown'
import { runWorkerUntilSignal } from '../worker/runWorkerProcess'

/**
 * `payload switchboard:worker`: the jobs queues and one Telegram listener per connected account
 * it can lease, until SIGTERM/SIGINT. Run as many as you like against one database: leases share
 * the accounts. On a signal it stops taking work, releases its leases and exits 0 (within 10 s).
 */
export const script = async (config: SanitizedConfig): Promise<void> => {
  const log = (message: string) => console.log(`[switchboard worker] ${message}`)
  const payload = await getPayload({ config }).catch((error: unknown) => {
    // Payload's CLI would log this and exit 0; a worker that cannot start must fail.
    console.error(`[switchboard worker] could not start: ${error instanceof Error ? error.message : String(error)}`)
    return process.exit(1)
  })
  const worker = runWorkerUntilSignal(payload, async () => {
    await stopSwitchboard(payload)
    await payload.destroy()
  })
  log(`running as ${worker.holder}; stop with Ctrl+C or SIGTERM`)
  // The signal handler ends the process once the worker has stopped; until then Payload's CLI
  // must not reach its own exit.
  await new Promise<never>(() => {})
}
