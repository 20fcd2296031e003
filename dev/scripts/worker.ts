import { closePayload } from '../host/closePayload'
import { ensureDatabase } from '../host/database'
import { openMigratedPayload } from '../host/openPayload'
import { runWorkerUntilSignal } from '../../packages/payload-plugin/src/worker/runWorkerProcess'

/**
 * `npm run worker`: the jobs queues and one Telegram listener per connected account it can lease,
 * until SIGTERM/SIGINT. Run as many as you like against one database: leases share the accounts.
 */
const log = (message: string) => console.log(`[switchboard worker] ${message}`)
const database = await ensureDatabase(log)
const payload = await openMigratedPayload({ databaseUrl: database.url })
const worker = runWorkerUntilSignal(payload, async () => {
  await closePayload(payload)
  await database.stop()
})
log(`running as ${worker.holder}; stop with Ctrl+C or SIGTERM`)
