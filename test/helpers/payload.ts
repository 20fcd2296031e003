import { randomBytes } from 'node:crypto'
import { getPayload, type Payload } from 'payload'
import { inject } from 'vitest'

import type { HostConfigOptions } from '../../host/config'

import { closePayload } from '../../host/closePayload'
import { createDatabaseIfMissing, dropDatabase } from '../../host/database'
import { hostConfig } from '../../host/config'
import { migrations } from '../../migrations'

export interface TestApp {
  payload: Payload
  config: Awaited<ReturnType<typeof hostConfig>>
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
}

interface DrizzleKitAdapter {
  drizzle: unknown
  schema: unknown
  requireDrizzleKit: () => { pushSchema: (schema: unknown, db: unknown) => Promise<{ apply: () => Promise<void> }> }
}

/** Boots Payload on a fresh database of its own. */
export const createTestApp = async ({ schema = 'migrate', ...options }: TestAppOptions = {}): Promise<TestApp> => {
  const serverUrl = inject('postgresServerUrl')
  const name = `sb_test_${randomBytes(6).toString('hex')}`
  const databaseUrl = await createDatabaseIfMissing(serverUrl, name)
  const config = await hostConfig({ ...options, databaseUrl })
  const payload = await getPayload({ config, key: name })
  if (schema === 'push') {
    // The database is empty, so drizzle-kit has nothing to warn about and never prompts.
    const adapter = payload.db as unknown as DrizzleKitAdapter
    const { apply } = await adapter.requireDrizzleKit().pushSchema(adapter.schema, adapter.drizzle)
    await apply()
  } else {
    await payload.db.migrate({ migrations: migrations as never })
  }

  const rest: TestApp['rest'] = async (path, { token, headers, ...init } = {}) => {
    const { handleEndpoints } = await import('payload')
    const request = new Request(`http://localhost:3000/api${path}`, {
      ...init,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `JWT ${token}` } : {}),
        ...(headers as Record<string, string>),
      },
    })
    return handleEndpoints({ config, request, payloadInstanceCacheKey: name })
  }

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
