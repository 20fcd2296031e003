import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../../types'
import type { MessageRow, TelegramUserRow } from '../mapper'

import { messagePreview } from '../../hooks/updateConversationActivity'
import { dbFor, notifyMessages } from '../../realtime/notify'
import { tableName } from '../../schema/tableName'
import { downloadableMedia } from '../media'
import { upsertTelegramUsers } from './telegramUsers'

/** Where the conversation's sync state moves when the page commits. */
export interface CursorUpdate {
  /** The incremental cursor only ever moves forward (`greatest`). */
  lastSyncedMessageId?: number
  /** The backfill position: the oldest id reached by the full sync. */
  backfillCursor?: number
  fullSyncCompleted?: boolean
  /** Telegram's estimate of the conversation's size, for progress. */
  total?: number
}

export interface PageWrite {
  conversationId: number
  messages: MessageRow[]
  users: TelegramUserRow[]
  /** Message ids Telegram no longer has: soft-deleted. */
  deletedIds?: number[]
  cursor?: CursorUpdate
  /** Incoming new messages add to the unread count (live messages; history does not). */
  countUnread?: boolean
  /**
   * Runs in the page's transaction before anything is written; throwing rolls the page back
   * (the worker checks its lease's fencing token here).
   */
  guard?: (req: PayloadRequest) => Promise<void>
  /** An abort before commit rolls the page back: nothing of it is stored. */
  signal?: AbortSignal
  /** A request to reuse across the pages of one run (saves building one per page); not shared between runs. */
  req?: PayloadRequest
}

export interface PageResult {
  inserted: number
  updated: number
  deleted: number
  newUsers: number
}

type Executor = { execute: (query: SQL) => Promise<{ rows: Record<string, unknown>[] }> }

const dedupe = (rows: MessageRow[]): MessageRow[] => [...new Map(rows.map((m) => [m.externalId, m])).values()]

/**
 * Writes one page in one transaction: senders (telegram-users, through Payload so the linking
 * rule runs for new ones), one `INSERT … SELECT FROM unnest(…) ON CONFLICT (conversation,
 * externalId) DO UPDATE` for the messages (edits take the new text and `editedAt`; unchanged rows
 * are not rewritten), the sender relations of new rows, soft deletions, and the conversation's
 * cursor, progress and last activity. The realtime notification is sent in the same transaction,
 * so it is heard only if the page commits.
 */
export const writePage = async (payload: Payload, options: ResolvedSwitchboardOptions, write: PageWrite): Promise<PageResult> => {
  const req = write.req ?? (await createLocalReq({}, payload))
  delete req.transactionID
  await initTransaction(req)
  try {
    await write.guard?.(req)
    const result = await writePageIn(req, options, write)
    write.signal?.throwIfAborted()
    await commitTransaction(req)
    return result
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}

const writePageIn = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, write: PageWrite): Promise<PageResult> => {
  const db = (await dbFor(req)) as Executor
  const messagesTable = tableName(options.slugs.messages)
  const messages = sql.identifier(messagesTable)
  const rows = dedupe(write.messages)
  const { ids: userIds, created: newUsers } = await upsertTelegramUsers(req, options, write.users)

  const mediaWanted = options.telegram.media.enabled
  const column = <T>(pick: (m: MessageRow) => T) => sql.param(rows.map(pick))
  const enumType = (field: string) => sql.raw(`"enum_${messagesTable}_${field}"[]`)
  const upserted = rows.length
    ? (
        await db.execute(sql`
          insert into ${messages} (conversation_id, external_id, sender_name, text, direction, kind, sent_at, edited_at, service_action,
            reply_to_external_id, forward_from_name, forward_from_id, forward_date, media_type, media_mime_type, media_size, media_file_name, media_status)
          select ${write.conversationId}, * from unnest(
            ${column((m) => m.externalId)}::bigint[],
            ${column((m) => m.senderName)}::varchar[],
            ${column((m) => m.text)}::varchar[],
            ${column((m) => m.direction)}::${enumType('direction')},
            ${column((m) => m.kind)}::${enumType('kind')},
            ${column((m) => m.sentAt.toISOString())}::timestamptz[],
            ${column((m) => m.editedAt?.toISOString() ?? null)}::timestamptz[],
            ${column((m) => m.serviceAction)}::varchar[],
            ${column((m) => m.replyToExternalId)}::bigint[],
            ${column((m) => m.forwardFromName)}::varchar[],
            ${column((m) => m.forwardFromId)}::varchar[],
            ${column((m) => m.forwardDate?.toISOString() ?? null)}::timestamptz[],
            ${column((m) => m.mediaType)}::${enumType('media_type')},
            ${column((m) => m.mediaMimeType)}::varchar[],
            ${column((m) => (m.mediaSize === null ? null : String(m.mediaSize)))}::numeric[],
            ${column((m) => m.mediaFileName)}::varchar[],
            ${column((m) => (mediaWanted && m.mediaType && downloadableMedia.has(m.mediaType) ? 'pending' : null))}::${enumType('media_status')}
          )
          on conflict (conversation_id, external_id) do update set
            text = excluded.text, edited_at = excluded.edited_at, media_type = excluded.media_type,
            media_mime_type = excluded.media_mime_type, media_size = excluded.media_size,
            media_file_name = excluded.media_file_name, deleted_at = null, updated_at = now()
          where ${messages}.text is distinct from excluded.text or ${messages}.edited_at is distinct from excluded.edited_at
            or ${messages}.deleted_at is not null
          returning id, external_id, (xmax = 0) as inserted`)
      ).rows
    : []
  const inserted = upserted.filter((row) => row.inserted)
  const updatedIds = upserted.filter((row) => !row.inserted).map((row) => Number(row.id))

  const bySender = new Map(rows.map((m) => [m.externalId, m.senderTelegramId]))
  const senders = inserted.flatMap((row) => {
    const telegramId = bySender.get(Number(row.external_id))
    const userId = telegramId === null || telegramId === undefined ? undefined : userIds.get(telegramId)
    return userId === undefined ? [] : [{ parent: Number(row.id), userId }]
  })
  if (senders.length)
    await db.execute(sql`
      insert into ${sql.identifier(`${messagesTable}_rels`)} (parent_id, path, ${sql.identifier(`${tableName(options.slugs.telegramUsers)}_id`)})
      select parent, 'sender', user_id from unnest(${sql.param(senders.map((s) => s.parent))}::integer[], ${sql.param(senders.map((s) => s.userId))}::integer[]) as t(parent, user_id)`)

  const deletedIds = write.deletedIds?.length
    ? (
        await db.execute(sql`
          update ${messages} set deleted_at = now(), updated_at = now()
          where conversation_id = ${write.conversationId} and external_id = any(${sql.param(write.deletedIds)}::bigint[]) and deleted_at is null
          returning id`)
      ).rows.map((row) => Number(row.id))
    : []

  await updateConversation(db, options, write, rows, inserted.length)
  await notifyMessages(req, write.conversationId, 'created', inserted.map((row) => Number(row.id)))
  await notifyMessages(req, write.conversationId, 'updated', updatedIds)
  await notifyMessages(req, write.conversationId, 'deleted', deletedIds)
  return { inserted: inserted.length, updated: updatedIds.length, deleted: deletedIds.length, newUsers }
}

/** Cursor, progress and last activity of the conversation: one UPDATE, atomic with the page. */
const updateConversation = async (db: Executor, options: ResolvedSwitchboardOptions, write: PageWrite, rows: MessageRow[], inserted: number) => {
  const cursor = write.cursor ?? {}
  const newest = rows.reduce<MessageRow | undefined>((a, m) => (!a || m.sentAt > a.sentAt ? m : a), undefined)
  const unread = write.countUnread ? rows.filter((m) => m.direction === 'in').length : 0
  const sets: SQL[] = [
    sql`synced_message_count = coalesce(synced_message_count, 0) + ${inserted}`,
    sql`total_message_count = greatest(coalesce(${cursor.total ?? null}::numeric, total_message_count, 0), coalesce(synced_message_count, 0) + ${inserted})`,
    sql`last_synced_at = now()`,
  ]
  if (cursor.lastSyncedMessageId !== undefined)
    sets.push(sql`last_synced_message_id = greatest(coalesce(last_synced_message_id, 0), ${cursor.lastSyncedMessageId})`)
  if (cursor.backfillCursor !== undefined) sets.push(sql`backfill_cursor = ${cursor.backfillCursor}`)
  if (cursor.fullSyncCompleted !== undefined) sets.push(sql`full_sync_completed = ${cursor.fullSyncCompleted}`)
  if (unread) sets.push(sql`unread_count = coalesce(unread_count, 0) + ${unread}`)
  if (newest) {
    const at = newest.sentAt.toISOString()
    sets.push(
      sql`last_message_preview = case when last_message_at is null or last_message_at <= ${at}::timestamptz then ${messagePreview({ ...newest })} else last_message_preview end`,
      sql`last_message_at = greatest(coalesce(last_message_at, ${at}::timestamptz), ${at}::timestamptz)`,
    )
  }
  await db.execute(sql`update ${sql.identifier(tableName(options.slugs.conversations))} set ${sql.join(sets, sql`, `)} where id = ${write.conversationId}`)
}
