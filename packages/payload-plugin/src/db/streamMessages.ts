import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

/** Messages by their Stream message id, as Stream's webhook changes them. */
const messages = collectionTable('messages', ['id', 'conversation_id', 'stream_message_id', 'text', 'edited_at', 'deleted_at', 'updated_at'])

export interface ChangedMessage {
  id: number
  conversation_id: number
}

/** Takes an edit unless the message is deleted or already holds an edit as new or newer. */
export const applyStreamEdit = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  streamMessageId: string,
  { text, editedAt }: { text: string; editedAt: Date },
): Promise<ChangedMessage | undefined> => {
  const at = editedAt.toISOString()
  const { rows } = await db.execute<ChangedMessage>(sql`
    update ${messages.ref(options)} set text = ${text}, edited_at = ${at}::timestamptz, updated_at = now()
    where stream_message_id = ${streamMessageId} and deleted_at is null
      and (edited_at is null or edited_at < ${at}::timestamptz)
    returning id, conversation_id`)
  return rows[0]
}

/** Marks the message deleted unless it already is. */
export const applyStreamDeletion = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  streamMessageId: string,
  deletedAt: Date,
): Promise<ChangedMessage | undefined> => {
  const { rows } = await db.execute<ChangedMessage>(sql`
    update ${messages.ref(options)} set deleted_at = ${deletedAt.toISOString()}::timestamptz, updated_at = now()
    where stream_message_id = ${streamMessageId} and deleted_at is null
    returning id, conversation_id`)
  return rows[0]
}

/** The stored message with this Stream id, if any. */
export const messageIdOfStreamMessage = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, streamMessageId: string) => {
  const { rows } = await db.execute<{ id: number }>(sql`select id from ${messages.ref(options)} where stream_message_id = ${streamMessageId}`)
  return rows[0] ? Number(rows[0].id) : undefined
}
