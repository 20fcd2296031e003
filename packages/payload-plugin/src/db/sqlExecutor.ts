import type { Payload, PayloadRequest } from 'payload'

/** Payload's drizzle handle as Switchboard's SQL uses it: `execute` returning rows. */
export interface SqlExecutor {
  execute: <Row = Record<string, unknown>>(query: unknown) => Promise<{ rows: Row[] }>
}

type DrizzleAdapter = { drizzle: SqlExecutor; sessions: Record<string, { db: SqlExecutor }> }

/** The pool's drizzle handle: statements outside any caller's transaction. */
export const poolSql = (payload: Payload): SqlExecutor => (payload.db as unknown as DrizzleAdapter).drizzle

/** The drizzle handle of `req`'s transaction when it has one, else the pool. */
export const dbFor = async (req: PayloadRequest): Promise<SqlExecutor> => {
  const adapter = req.payload.db as unknown as DrizzleAdapter
  const transactionID = req.transactionID ? await req.transactionID : undefined
  return (transactionID && adapter.sessions[String(transactionID)]?.db) || adapter.drizzle
}
