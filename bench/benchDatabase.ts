import { getPayload, type Payload } from 'payload'

import { createDatabaseIfMissing, dropDatabase } from '../host/database'
import { hostConfig } from '../host/config'
import { migrations } from '../migrations'

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
  const config = await hostConfig({ databaseUrl })
  // The sanitized config types `logger` as fully resolved pino options; Payload accepts this
  // input shape at init, which is where the logger is created.
  const logger = { options: { level: 'error' }, destination: process.stderr } as unknown as typeof config.logger
  const payload = await getPayload({
    config: { ...config, logger },
    key: benchDatabaseName,
  })
  await payload.db.migrate({ migrations: migrations as never })
  return { payload, databaseUrl }
}
