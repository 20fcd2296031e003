import { sql } from '@payloadcms/db-postgres/drizzle'

import type { SqlExecutor } from './sqlExecutor'

import { fixedTable } from './tables'

/**
 * The table rate limits are counted in, declared by the schema extension (`extendSchema`): one
 * row per limited key with its count and when its window ends.
 */
export const rateLimitTable = 'switchboard_rate_limits'

const rateLimits = fixedTable(rateLimitTable, ['key', 'hits', 'reset_at'])

/**
 * Counts one hit on `key` in a fixed window of `windowSeconds` (one atomic upsert), judged by the
 * database's clock: the hits in the window so far and the seconds until it ends.
 */
export const countRateLimitHit = async (db: SqlExecutor, key: string, windowSeconds: number) => {
  const { rows } = await db.execute<{ hits: number; wait: number }>(sql`
    insert into ${rateLimits.sql} as r (key, hits, reset_at)
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      hits = case when r.reset_at <= now() then 1 else r.hits + 1 end,
      reset_at = case when r.reset_at <= now() then excluded.reset_at else r.reset_at end
    returning hits, ceil(extract(epoch from r.reset_at - now()))::int as wait`)
  return rows[0]
}

/** Deletes the counters of windows that have ended. */
export const deleteEndedRateLimits = async (db: SqlExecutor): Promise<void> => {
  await db.execute(sql`delete from ${rateLimits.sql} where reset_at < now()`)
}
