import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import { dbFor } from './sqlExecutor'
import { tableName } from './tableName'

/**
 * Locks one document's row (`SELECT … FOR UPDATE`) until `req`'s transaction ends, and returns
 * the row as it is committed now (snake_case columns), or `undefined` when there is none. A
 * concurrent request locking the same row waits here, then sees what the first one committed:
 * read-then-write decisions (is there a conversation yet, whose is it) stay single-file.
 */
export const lockRow = async (req: PayloadRequest, slug: string, id: number): Promise<Record<string, unknown> | undefined> => {
  if (!req.transactionID) throw new Error(`lockRow(${slug}) needs a transaction: call initTransaction(req) first.`)
  const { rows } = await (await dbFor(req)).execute(sql`select * from ${sql.identifier(tableName(slug))} where id = ${id} for update`)
  return rows[0]
}
