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
  const log = (error: Error) => payload.logger.warn({ msg: `switchboard: a database connection was lost (${error.message})` })
  const watch = (client: pg.PoolClient) => client.on('error', log)
  pool.on('error', log)
  pool.on('connect', watch)
  // Clients opened before this ran (migrations at start-up).
  for (const client of pool._clients ?? []) watch(client)
}
