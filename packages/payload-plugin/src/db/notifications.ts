import { sql } from '@payloadcms/db-postgres/drizzle'

import type { SqlExecutor } from './sqlExecutor'

/*
 * The notifications web instances hear: what is announced (by db/ modules and realtime/) and what
 * realtime/hub.ts listens for. Kept here, below both, so the SQL that sends them needs nothing of realtime/.
 */

/** The channel message changes (and access changes) are announced on; each web instance LISTENs to it once. */
export const messagesChannel = 'switchboard_messages'

export type MessageChangeKind = 'created' | 'deleted' | 'updated'

/** The kind of a notification that says who may read a conversation changed, not a message. */
export const accessChangeKind = 'access'

/** Ephemeral signals on the same channel: never stored, never replayed. */
export const typingKind = 'typing'
/** Staff read the customer's messages up to `at` (the conversation's `customerSeenAt`). */
export const seenKind = 'seen'

/** Who is typing: the customer (shown to staff) or staff (shown to the customer's chat sessions). */
export type TypingSide = 'customer' | 'staff'

/**
 * `pg_notify` on the messages channel. Inside a transaction Postgres delivers it only when that
 * transaction commits, so listeners never hear of a change that was rolled back.
 */
export const notifyListeners = async (db: SqlExecutor, body: string): Promise<void> => {
  await db.execute(sql`select pg_notify(${messagesChannel}, ${body})`)
}
