import type { Payload } from 'payload'
import type pg from 'pg'

import { stopSwitchboard } from '@switchboard/payload-plugin/server'

type PoolInternals = pg.Pool & { _clients?: Array<pg.PoolClient & { release: () => void }> }

/**
 * Shuts Payload down completely. `payload.destroy()` leaves the pg pool open, and the postgres
 * adapter keeps one client checked out for reconnect detection, so `pool.end()` alone would
 * wait forever: release that client, then end the pool. `end()` resolves before the sockets
 * have closed, so a server stopped right after would make a closing client emit `error` with
 * no listener left and crash the process: those errors are expected now and swallowed.
 */
export const closePayload = async (payload: Payload): Promise<void> => {
  const pool = (payload.db as unknown as { pool?: PoolInternals }).pool
  await stopSwitchboard(payload)
  await payload.destroy()
  if (!pool || pool.ended) return
  pool.on('error', () => {})
  for (const client of pool._clients ?? []) {
    try {
      client.release()
    } catch {
      // Already idle: nothing to release.
    }
  }
  await pool.end()
}
