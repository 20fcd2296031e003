import type { Payload } from 'payload'
import type pg from 'pg'

/**
 * A database connection that breaks (PostgreSQL restarts, a network partition) makes its `pg`
 * client emit `error`. pg-pool listens on idle clients only (and re-emits on the pool); a client
 * checked out for a query or a transaction has no listener, so the event would be an uncaught
 * exception and end the process, web or worker. The statement using it fails anyway and its
 * caller (a job's retry, a request's error response) deals with that: the event is only logged.
 */
export const logLostConnections = (payload: Payload): void => {
  const pool = (payload.db as unknown as { pool?: pg.Pool & { _clients?: pg.PoolClient[] } }).pool
  if (!pool) return
  // A restart breaks every connection at once: one line per burst, with how many went.
  let burstUntil = 0
  let lost = 0
  const log = (error: Error) => {
    lost++
    if (Date.now() < burstUntil) return
    burstUntil = Date.now() + 10_000
    const what = lost > 1 ? `${lost} database connections lost since the last report` : 'a database connection was lost'
    payload.logger.warn({ msg: `switchboard: ${what} (${error.message})` })
    lost = 0
  }
  const watch = (client: pg.PoolClient) => client.on('error', log)
  pool.on('error', log)
  pool.on('connect', watch)
  // Clients opened before this ran (migrations at start-up).
  for (const client of pool._clients ?? []) watch(client)
}
