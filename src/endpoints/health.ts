import type { Endpoint } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

/**
 * `GET /api/switchboard/health`: 200 when the database answers, 503 otherwise, with the lease
 * holders so an operator sees which worker runs what. Public: it reveals no conversation data.
 */
export const healthEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/health',
  method: 'get',
  handler: async (req) => {
    const startedAt = performance.now()
    try {
      await (req.payload.db as unknown as { drizzle: { execute: (q: unknown) => Promise<unknown> } }).drizzle.execute(sql`select 1`)
      const leases = await req.payload.find({
        collection: options.slugs.syncLeases,
        depth: 0,
        limit: 100,
        overrideAccess: true,
        select: { name: true, holder: true, heartbeatAt: true, expiresAt: true },
      })
      return Response.json({
        status: 'ok',
        database: { ok: true, latencyMs: Math.round(performance.now() - startedAt) },
        leases: leases.docs,
      })
    } catch (error) {
      req.payload.logger.error({ err: error, msg: 'switchboard health check failed' })
      return Response.json(
        { status: 'unhealthy', database: { ok: false }, errors: [{ message: 'The database is not reachable. Check DATABASE_URL and that PostgreSQL is running.' }] },
        { status: 503 },
      )
    }
  },
})
