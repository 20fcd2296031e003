import { sql } from '@payloadcms/db-postgres/drizzle'

import type { MediaType } from '../telegram/mapper'
import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

const messages = collectionTable('messages', [
  'id',
  'conversation_id',
  'external_id',
  'text',
  'kind',
  'direction',
  'sent_at',
  'edited_at',
  'deleted_at',
  'delivery_status',
  'delivery_error',
  'media_status',
  'media_error',
  'media_file_id',
  'media_attempts',
  'media_size',
  'media_mime_type',
  'media_file_name',
  'media_type',
  'updated_at',
])
const attachments = collectionTable('attachments', ['conversation_id', 'filename'])
const conversations = collectionTable('conversations', ['id', 'account_id', 'external_id', 'telegram_access_hash'])

/** Deletes a conversation's messages and attachments; returns the attachments' file names, to remove from storage. */
export const deleteConversationContent = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, conversationId: number | string) => {
  await db.execute(sql`delete from ${messages.ref(options)} where conversation_id = ${conversationId}`)
  const { rows } = await db.execute<{ filename: null | string }>(
    sql`delete from ${attachments.ref(options)} where conversation_id = ${conversationId} returning filename`,
  )
  return rows.map((row) => row.filename)
}

/**
 * Records a staff reply's delivery. A `sent` message takes its Telegram id; a row the listener
 * already stored for that Telegram message gives way, so the reply stays one message.
 */
export const recordDelivery = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  message: { id: number; conversationId: number },
  outcome: { status: 'failed' | 'sent'; externalId?: null | number; error?: string },
): Promise<void> => {
  const table = messages.ref(options)
  if (outcome.externalId)
    await db.execute(sql`delete from ${table} where conversation_id = ${message.conversationId} and external_id = ${outcome.externalId} and id <> ${message.id}`)
  await db.execute(sql`
    update ${table} set delivery_status = ${outcome.status}, delivery_error = ${outcome.error ?? null},
      external_id = coalesce(${outcome.externalId ?? null}::bigint, external_id), updated_at = now()
    where id = ${message.id}`)
}

/** The newest `limit` stored Telegram messages of a conversation that are not deleted, by id. */
export const newestTelegramMessages = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, conversationId: number, limit: number) =>
  (
    await db.execute<{ external_id: string; text: string | null; edited_at: string | null }>(sql`
      select external_id, text, edited_at from ${messages.ref(options)}
      where conversation_id = ${conversationId} and external_id is not null and deleted_at is null
      order by external_id desc limit ${limit}`)
  ).rows

export interface PendingMedia {
  id: number
  conversation_id: number
  external_id: string
  peer: string
  access_hash: string | null
  media_size: string | null
  media_mime_type: string | null
  media_file_name: string | null
  media_type: MediaType
}

/**
 * An account's media waiting for download, newest messages first: pending, or failed fewer than
 * `maxAttempts` times and rested 5 minutes per attempt since.
 */
export const pendingMedia = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  accountId: number,
  { maxAttempts, limit }: { maxAttempts: number; limit: number },
) =>
  (
    await db.execute<PendingMedia>(sql`
      select m.id, m.conversation_id, m.external_id, c.external_id as peer, c.telegram_access_hash as access_hash,
        m.media_size, m.media_mime_type, m.media_file_name, m.media_type
      from ${messages.ref(options)} m join ${conversations.ref(options)} c on c.id = m.conversation_id
      where c.account_id = ${accountId} and m.deleted_at is null and (m.media_status = 'pending'
        or (m.media_status = 'failed' and m.media_attempts < ${maxAttempts} and m.updated_at < now() - interval '5 minutes' * m.media_attempts))
      order by m.sent_at desc
      limit ${limit}`)
  ).rows

/** Records a media download's outcome on its message; a failure counts an attempt. */
export const settleMedia = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  messageId: number,
  { status, error, fileId }: { status: 'downloaded' | 'failed' | 'skipped'; error: null | string; fileId: null | number },
): Promise<void> => {
  await db.execute(sql`
    update ${messages.ref(options)} set media_status = ${status}, media_error = ${error}, media_file_id = coalesce(${fileId}, media_file_id),
      media_attempts = coalesce(media_attempts, 0) + ${status === 'failed' ? 1 : 0}, updated_at = now()
    where id = ${messageId}`)
}
