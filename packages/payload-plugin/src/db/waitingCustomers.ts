import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { noteKind } from '../helpdesk'
import { collectionTable } from './tables'

/** A customer waiting for an answer: when the wait began, and that staff were emailed about it. */
const messages = collectionTable('messages', ['conversation_id', 'direction', 'kind', 'sent_at', 'deleted_at'])
const conversations = collectionTable('conversations', ['id', 'wait_notified_at'])

/**
 * When the customer's current wait began: their first message after the last staff reply
 * (notes are neither), or `undefined` when the last word is staff's.
 */
export const customerWaitingSince = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, conversationId: number): Promise<Date | undefined> => {
  const table = messages.ref(options)
  const { rows } = await db.execute<{ since: Date | null | string }>(sql`
    select min(m.sent_at) as since from ${table} m
    where m.conversation_id = ${conversationId} and m.direction = 'in' and m.deleted_at is null and m.kind is distinct from ${noteKind}
      and m.sent_at > coalesce((select max(o.sent_at) from ${table} o where o.conversation_id = ${conversationId}
        and o.direction = 'out' and o.deleted_at is null and o.kind is distinct from ${noteKind}), '-infinity'::timestamptz)`)
  return rows[0]?.since ? new Date(rows[0].since) : undefined
}

/** Records that staff were emailed about the conversation's current wait. */
export const markWaitNotified = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, conversationId: number): Promise<void> => {
  await db.execute(sql`update ${conversations.ref(options)} set wait_notified_at = now() where id = ${conversationId}`)
}
