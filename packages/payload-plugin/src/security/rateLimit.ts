import type { Payload } from 'payload'

import { countRateLimitHit, deleteEndedRateLimits } from '../db/rateLimits'
import { poolSql } from '../db/sqlExecutor'

/*
 * Rate limits are counted in PostgreSQL (db/rateLimits.ts), so a limit holds however many web
 * instances share the database.
 */

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
  deleteEndedRateLimits(poolSql(payload)).catch((error: unknown) => payload.logger.warn({ msg: `switchboard: sweeping ended rate-limit windows failed (${String(error)})` }))
}

/**
 * Counts one hit on `key` in a fixed window (one atomic upsert, outside any request transaction
 * so a request that fails still counts) and returns the seconds until the window ends when the
 * hit is over the limit, else 0. Judged by the database's clock, as every instance shares it.
 */
export const hitRateLimit = async (payload: Payload, { key, limit, windowSeconds }: RateLimit): Promise<number> => {
  const row = await countRateLimitHit(poolSql(payload), key, windowSeconds)
  sweep(payload)
  return row && row.hits > limit ? Math.max(1, row.wait) : 0
}
