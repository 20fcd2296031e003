import { hostConfig } from './host/config'

const missingDatabaseUrl =
  'DATABASE_URL is not set. Start the app with `npm run dev` (it starts an embedded PostgreSQL) or set DATABASE_URL=postgres://user:pass@host:5432/db.'

/**
 * `next build` and `payload generate:importmap` / `generate:types` read the config's shape and
 * never open a database, so they run offline with no DATABASE_URL. They may run with
 * NODE_ENV=production (`next build` always does), where the host config insists on
 * PAYLOAD_SECRET; they sign nothing, so they get a placeholder in their own process only —
 * `next start` still requires the real secret.
 */
const building = process.env.NEXT_PHASE === 'phase-production-build'
const configOnlyCommand = process.argv.slice(2).some((arg) => /^generate:(importmap|types)$/.test(arg))
const configOnly = building || configOnlyCommand

if (configOnly && !process.env.PAYLOAD_SECRET) process.env.PAYLOAD_SECRET = 'config-only-placeholder-secret'

const databaseUrl = process.env.DATABASE_URL
if (!databaseUrl && !configOnly) throw new Error(missingDatabaseUrl)

export default hostConfig({
  // A config-only run never connects; the placeholder only makes the adapter's shape complete.
  databaseUrl: databaseUrl ?? 'postgres://config-only@127.0.0.1:1/unset',
  // The web app runs Switchboard's jobs queue (Stream mirroring, relinking) itself.
  runJobs: !configOnly,
})
