import { sql } from '@payloadcms/db-postgres/drizzle'

import type { SqlExecutor } from './sqlExecutor'

/** Whether the database answers: a round trip, nothing read. */
export const pingDatabase = async (db: SqlExecutor): Promise<void> => {
  await db.execute(sql`select 1`)
}
