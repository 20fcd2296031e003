import type { Payload } from 'payload'

import { createDatabaseIfMissing, dropDatabase } from '../dev/host/database'
import { openMigratedPayload } from '../dev/host/openPayload'

export const benchDatabaseName = 'switchboard_bench'

/**
 * Drops and recreates `switchboard_bench` on the server of `serverUrl`, so every run starts from
 * the same empty schema, boots Payload on it and applies the committed migrations (the schema
 * production has, GIN index included). Payload logs go to stderr at error level so stdout stays
 * the result table.
 */
export const openBenchPayload = async (serverUrl: string): Promise<{ payload: Payload; databaseUrl: string }> => {
  await dropDatabase(serverUrl, benchDatabaseName)
  const databaseUrl = await createDatabaseIfMissing(serverUrl, benchDatabaseName)
  const payload = await openMigratedPayload({ databaseUrl }, { key: benchDatabaseName, logger: 'errors-to-stderr' })
  return { payload, databaseUrl }
}
