import { randomBytes } from 'node:crypto'
import { getPayload, handleEndpoints, type Payload, type SanitizedConfig } from 'payload'
import { inject } from 'vitest'

import type { HostConfigOptions } from '../../dev/host/config'

import { closePayload } from '../../dev/host/closePayload'
import { hostConfig } from '../../dev/host/config'
import { createDatabaseIfMissing, dropDatabase } from '../../dev/host/database'
import { openMigratedPayload } from '../../dev/host/openPayload'

export interface TestApp {
  payload: Payload
  config: SanitizedConfig
  databaseUrl: string
  /** Runs a REST request through Payload's router, as the Next.js route would. */
  rest: (path: string, init?: RequestInit & { token?: string }) => Promise<Response>
  close: () => Promise<void>
}

export interface TestAppOptions extends Omit<HostConfigOptions, 'databaseUrl'> {
  /**
   * `migrate` (default) applies the committed migrations, as production does. `push` derives the
   * schema from the config: only for configs the migrations do not describe (custom slugs).
   */
  schema?: 'migrate' | 'push'
  /**
   * The PostgreSQL server to create the test database on.
   * @default the suite's server (`DATABASE_URL`, or the embedded one the global setup started)
   */
  serverUrl?: string
}

interface DrizzleKitAdapter {
  drizzle: unknown
  schema: unknown
  requireDrizzleKit: () => { pushSchema: (schema: unknown, db: unknown) => Promise<{ apply: () => Promise<void> }> }
}

/** Payload on a schema pushed from the config; the database is empty, so drizzle-kit never prompts. */
const pushedPayload = async (options: HostConfigOptions, key: string): Promise<Payload> => {
  const payload = await getPayload({ config: await hostConfig(options), key })
  const adapter = payload.db as unknown as DrizzleKitAdapter
  const { apply } = await adapter.requireDrizzleKit().pushSchema(adapter.schema, adapter.drizzle)
  await apply()
  return payload
}

/** Boots Payload on a fresh database of its own. */
export const createTestApp = async ({ schema = 'migrate', serverUrl = inject('postgresServerUrl'), ...options }: TestAppOptions = {}): Promise<TestApp> => {
  const name = `sb_test_${randomBytes(6).toString('hex')}`
  const databaseUrl = await createDatabaseIfMissing(serverUrl, name)
  const payload =
    schema === 'migrate'
      ? await openMigratedPayload({ ...options, databaseUrl }, { key: name })
      : await pushedPayload({ ...options, databaseUrl }, name)
  const { config } = payload

  const rest: TestApp['rest'] = (path, { token, headers, ...init } = {}) =>
    handleEndpoints({
      config,
      payloadInstanceCacheKey: name,
      request: new Request(`http://localhost:3000/api${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `JWT ${token}` } : {}),
          ...(headers as Record<string, string>),
        },
      }),
    })

  return {
    payload,
    config,
    databaseUrl,
    rest,
    close: async () => {
      await closePayload(payload)
      await dropDatabase(serverUrl, name)
    },
  }
}
