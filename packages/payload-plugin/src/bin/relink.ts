import type { SanitizedConfig } from 'payload'

import { relinkAll } from '../exports/server'
import { runCommand, scriptArgs } from './cli'

/**
 * `payload switchboard:relink [--dry-run]`: applies the automatic Telegram linking rule to all
 * existing telegram-users and prints what it did (or, with --dry-run, what it would do).
 */
export const script = async (config: SanitizedConfig): Promise<void> => {
  const args = scriptArgs('switchboard:relink')
  const dryRun = args.includes('--dry-run')
  const unknown = args.filter((arg) => arg !== '--dry-run')
  if (unknown.length) {
    console.error(`Unknown argument(s): ${unknown.join(' ')}. Usage: payload switchboard:relink [--dry-run]`)
    process.exit(2)
  }

  await runCommand(config, async (payload) => {
    const report = await relinkAll(payload, {
      dryRun,
      onProgress: (r) => console.error(`… ${r.examined} Telegram accounts examined`),
    })
    console.log(dryRun ? 'Dry run: nothing was written. A real run would give:' : 'Done.')
    console.log(`  newly linked               ${report.linked}`)
    console.log(`  marked stale               ${report.stale}`)
    console.log(`  stale links restored       ${report.restored}`)
    console.log(`  skipped, ambiguous         ${report.ambiguous}  (several Telegram accounts share the username)`)
    console.log(`  skipped, username re-used  ${report.reused}  (the username moved away from the user's linked account)`)
    console.log(`  withdrawn                  ${report.withdrawn}  (automatic links on bots or a connected account's own user)`)
    console.log(`  unchanged                  ${report.unchanged}`)
  })
}
