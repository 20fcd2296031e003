import { getPayload, type Payload } from 'payload'

import { type HostConfigOptions, hostConfig } from './config'
import { migrations } from '../migrations'

/**
 * Boots Payload on the host config and applies pending migrations, the one way every script,
 * benchmark and test gets a database with production's schema. `key` separates Payload's
 * instance cache when one process opens several databases.
 */
export const openMigratedPayload = async (
  options: HostConfigOptions,
  { key, logger }: { key?: string; logger?: 'errors-to-stderr' } = {},
): Promise<Payload> => {
  const config = await hostConfig(options)
  // Keeps stdout for a command's own output (the bench table); Payload accepts this logger input.
  const quiet = { options: { level: 'error' }, destination: process.stderr } as unknown as typeof config.logger
  const payload = await getPayload({ config: logger ? { ...config, logger: quiet } : config, key })
  // A database that goes away (Ctrl+C reaches an embedded server too) does not crash the process:
  // the plugin logs lost connections (logLostConnections), queries fail and say so.
  await payload.db.migrate({ migrations: migrations as never })
  return payload
}
