import { sql } from '@payloadcms/db-postgres/drizzle'

import type { SqlExecutor } from './sqlExecutor'

/**
 * Takes the transaction-scoped advisory lock named `key` (hashed to PostgreSQL's lock space),
 * waiting while another transaction holds it. It is released when the caller's transaction ends.
 */
export const advisoryXactLock = async (db: SqlExecutor, key: string): Promise<void> => {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`)
}
