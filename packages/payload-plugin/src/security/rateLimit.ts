import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import { poolSql } from '../db/sqlExecutor'

/**
 * The table rate limits are counted in, declared by the schema extension (`extendSchema`):
 * one row per limited key with its count and when its window ends. It lives in PostgreSQL so a
 * limit holds however many web instances share the database.
 */
export const rateLimitTable = 'switchboard_rate_limits'

export interface RateLimit {
  /** What is counted, e.g. `chat-sessions:ip:203.0.113.9`. */
  key: string
  /** Hits allowed per window. */
  limit: number
  windowSeconds: number
}

/** Ended windows are deleted at most this often per process, in the background. */
const sweepEveryMs = 60_000
const lastSweep = new WeakMap<Payload, number>()

const sweep = (payload: Payload) => {
  const now = Date.now()
  if (now - (lastSweep.get(payload) ?? 0) < sweepEveryMs) return
  lastSweep.set(payload, now)
  poolSql(payload)
    .execute(sql`delete from ${sql.identifier(rateLimitTable)} where reset_at < now()`)
    .catch((error: unknown) => payload.logger.warn({ msg: `switchboard: sweeping ended rate-limit windows failed (${String(error)})` }))
}

/**
 * Counts one hit on `key` in a fixed window (one atomic upsert, outside any request transaction
 * so a request that fails still counts) and returns the seconds until the window ends when the
 * hit is over the limit, else 0. Judged by the database's clock, as every instance shares it.
 */
export const hitRateLimit = async (payload: Payload, { key, limit, windowSeconds }: RateLimit): Promise<number> => {
  const table = sql.identifier(rateLimitTable)
  const { rows } = await poolSql(payload).execute<{ hits: number; wait: number }>(sql`
    insert into ${table} as r (key, hits, reset_at)
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
      reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
    returning hits, ceil(extract(epoch from r.reset_at - now()))::int as wait`)
  sweep(payload)
  const row = rows[0]
  return row && row.hits > limit ? Math.max(1, row.wait) : 0
}
