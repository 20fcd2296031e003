import type { Payload } from 'payload'

import { createDatabaseIfMissing, dropDatabase } from '../dev/host/database'
import { openMigratedPayload } from '../dev/host/openPayload'

/** `SWITCHBOARD_BENCH_DATABASE` names another database (two checkouts benchmarking on one server). */
export const benchDatabaseName = process.env.SWITCHBOARD_BENCH_DATABASE || 'switchboard_bench'

/**
 * Drops and recreates `switchboard_bench` on the server of `serverUrl`, so every run starts from
 * the same empty schema, boots Payload on it and applies the committed migrations (the schema
 * production has, GIN index included). Payload logs go to stderr at error level so stdout stays
 * the result table.
 */
export const openBenchPayload = async (serverUrl: string): Promise<{ payload: Payload; databaseUrl: string }> => {
  await dropDatabase(serverUrl, benchDatabaseName)
  const databaseUrl = await createDatabaseIfMissing(serverUrl, benchDatabaseName)
  // The fan-out case opens 10,000 streams on one chat session from one address: no stream caps.
  const switchboard = { realtime: { maxStreamsPerSession: 0, maxStreamsPerAddress: 0, maxStreamsPerUser: 0 } }
  const payload = await openMigratedPayload({ databaseUrl, switchboard }, { key: benchDatabaseName, logger: 'errors-to-stderr' })
  return { payload, databaseUrl }
}
