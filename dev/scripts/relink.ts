import { closePayload } from '../host/closePayload'
import { ensureDatabase } from '../host/database'
import { openMigratedPayload } from '../host/openPayload'
import { relinkAll } from '../../packages/payload-plugin/src/identity/relinkAll'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'

/**
 * `npm run relink [-- --dry-run]`: applies the automatic Telegram linking rule to all existing
 * telegram-users and prints what it did (or, with --dry-run, what it would do).
 */
const dryRun = process.argv.includes('--dry-run')
const unknown = process.argv.slice(2).filter((arg) => arg !== '--dry-run')
if (unknown.length) {
  console.error(`Unknown argument(s): ${unknown.join(' ')}. Usage: npm run relink [-- --dry-run]`)
  process.exit(2)
}

const database = await ensureDatabase()
const payload = await openMigratedPayload({ databaseUrl: database.url })
try {
  const report = await relinkAll(payload, switchboardOptionsOf(payload), {
    dryRun,
    onProgress: (r) => console.error(`… ${r.examined} Telegram accounts examined`),
  })
  console.log(dryRun ? 'Dry run: nothing was written. A real run would give:' : 'Done.')
  console.log(`  newly linked               ${report.linked}`)
  console.log(`  marked stale               ${report.stale}`)
  console.log(`  stale links restored       ${report.restored}`)
  console.log(`  skipped, ambiguous         ${report.ambiguous}  (several Telegram accounts share the username)`)
  console.log(`  skipped, username re-used  ${report.reused}  (the username moved away from the user's linked account)`)
  console.log(`  unchanged                  ${report.unchanged}`)
} finally {
  await closePayload(payload)
  await database.stop()
}
