import { spawn } from 'node:child_process'

import { ensureDatabase } from '../host/database'

/**
 * Runs a command with DATABASE_URL pointing at a database: the configured one, or an embedded
 * PostgreSQL that is started first and stopped when the command exits.
 * Usage: tsx scripts/run.ts payload migrate:create
 */
const [command, ...args] = process.argv.slice(2)
if (!command) {
  console.error('Usage: tsx scripts/run.ts <command> [args…]')
  process.exit(2)
}

const database = await ensureDatabase()
const child = spawn(command, args, { stdio: 'inherit', env: process.env, shell: false })
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal))
child.on('exit', async (code, signal) => {
  await database.stop()
  process.exit(code ?? (signal ? 1 : 0))
})
