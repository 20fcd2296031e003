import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../../types'
import type { MessageRow, TelegramUserRow } from '../mapper'

import { reopenOnCustomerMessage, updateLoggingReopen } from '../../hooks/updateConversationActivity'
import { messagePreview } from '../../messagePreview'
import { notifyMessages } from '../../realtime/notify'
import { dbFor, type SqlExecutor } from '../../db/sqlExecutor'
import { tableName } from '../../db/tableName'
import { downloadableMedia } from '../media'
import { upsertTelegramUsers } from './telegramUsers'
import { telegramDiscoverTask, telegramQueue } from '../../constants'

/** Where the conversation's sync state moves when the page commits. */
export interface CursorUpdate {
  /** The incremental cursor only ever moves forward (`greatest`). */
  lastSyncedMessageId?: number
  /**
   * The cursor comes from live updates, which may follow a gap (updates Telegram could not
   * replay): it moves only while no history sync or discovery that starts from it is pending,
   * or the sync would start after the gap and never fetch it.
   */
  live?: boolean
  /** The backfill position: the oldest id reached by the full sync. */
  backfillCursor?: number
  fullSyncCompleted?: boolean
  /** Telegram's estimate of the conversation's size, for progress. */
  total?: number
}

/**
 * A customer may be waiting for an answer from `sentAt` on (option
 * `notifications.emailAfterWaitingMinutes`): the worker queues the waiting-time email check.
 */
export type CustomerWaiting = (req: PayloadRequest, message: { conversationId: number; sentAt: Date }) => Promise<void>

export interface PageWrite {
  conversationId: number
  messages: MessageRow[]
  users: TelegramUserRow[]
  /** Message ids Telegram no longer has: soft-deleted. */
  deletedIds?: number[]
  cursor?: CursorUpdate
  /**
   * When Telegram reported these messages (a page: when its request was sent). A message deleted
   * after this stays deleted.
   * @default now
   */
  observedAt?: Date
  /** Incoming new messages add to the unread count (live messages; history does not). */
  countUnread?: boolean
  /** With `countUnread`: called in the page's transaction when new customer messages arrive (see `CustomerWaiting`). */
  customerWaiting?: CustomerWaiting
  /**
   * Runs in the page's transaction before anything is written; throwing rolls the page back
   * (the worker checks its lease's fencing token here).
   */
  guard?: (req: PayloadRequest) => Promise<void>
  /** An abort before commit rolls the page back: nothing of it is stored. */
  signal?: AbortSignal
  /** A request to reuse across the pages of one run (saves building one per page); not shared between runs. */
  req?: PayloadRequest
  /**
   * History pages: committed without waiting for the WAL flush. A crash can lose the last pages
   * committed, but only together with the cursor that covers them, so the next run fetches them again.
   */
  bulk?: boolean
}

export interface PageResult {
  inserted: number
  updated: number
  deleted: number
  newUsers: number
}

/** Most new messages a single write announces when the conversation had none before (its first page). */
const firstPageAnnounced = 100

/**
 * New rows worth a realtime event: those newer than what the conversation showed before. History
 * reaching back in time (a backfill of 100,000 messages) is not news to an open inbox, which would
 * otherwise receive every one of them; it sees them when it scrolls or reloads.
 */
const newsworthy = (inserted: Record<string, unknown>[], rows: MessageRow[], lastMessageAt: unknown): number[] => {
  const sentAt = new Map(rows.map((m) => [m.externalId, m.sentAt.getTime()]))
  const since = lastMessageAt ? new Date(lastMessageAt as string).getTime() : undefined
  const fresh = inserted
    .map((row) => ({ id: Number(row.id), at: sentAt.get(Number(row.external_id)) ?? 0 }))
    .filter((row) => since === undefined || row.at > since)
    .sort((a, b) => b.at - a.at)
  return (since === undefined ? fresh.slice(0, firstPageAnnounced) : fresh).map((row) => row.id)
}

const dedupe = (rows: MessageRow[]): MessageRow[] => [...new Map(rows.map((m) => [m.externalId, m])).values()]

/**
 * Writes one page (or several that piled up) in one transaction: senders (telegram-users, through
 * Payload so the linking rule runs for new ones), one `INSERT … SELECT FROM json_to_recordset(…)
 * ON CONFLICT (conversation, externalId) DO UPDATE` for the messages with the sender relations of
 * new rows in the same statement (edits take the new text and `editedAt`; unchanged rows are not
 * rewritten), soft deletions, and the conversation's cursor, progress and last activity. The
 * realtime notification is sent in the same transaction, so it is heard only if the page commits.
 */
export const writePage = async (payload: Payload, options: ResolvedSwitchboardOptions, write: PageWrite): Promise<PageResult> => {
  const req = write.req ?? (await createLocalReq({}, payload))
  delete req.transactionID
  await initTransaction(req)
  try {
    if (write.bulk) await (await dbFor(req)).execute(sql`set local synchronous_commit = off`)
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
  const db = await dbFor(req)
  const messagesTable = tableName(options.slugs.messages)
  const messages = sql.identifier(messagesTable)
  const rows = dedupe(write.messages)
  const { ids: userIds, created: newUsers } = await upsertTelegramUsers(req, options, write.users)

  const mediaWanted = options.telegram.media.enabled
  const enumType = (field: string) => `"enum_${messagesTable}_${field}"`
  // Every column of a message row; those that are null on every row of the page are left out of
  // the statement (they default to null), so a page of plain texts sends six fields a row, not seventeen.
  const columns: { name: string; type: string; value: (m: MessageRow) => unknown; always?: boolean }[] = [
    { name: 'external_id', type: 'bigint', value: (m) => m.externalId, always: true },
    { name: 'sender_name', type: 'varchar', value: (m) => m.senderName },
    { name: 'text', type: 'varchar', value: (m) => m.text, always: true },
    { name: 'direction', type: enumType('direction'), value: (m) => m.direction, always: true },
    { name: 'kind', type: enumType('kind'), value: (m) => m.kind, always: true },
    { name: 'sent_at', type: 'timestamptz', value: (m) => m.sentAt.toISOString(), always: true },
    { name: 'edited_at', type: 'timestamptz', value: (m) => m.editedAt?.toISOString() ?? null, always: true },
    { name: 'service_action', type: 'varchar', value: (m) => m.serviceAction },
    { name: 'reply_to_external_id', type: 'bigint', value: (m) => m.replyToExternalId },
    { name: 'forward_from_name', type: 'varchar', value: (m) => m.forwardFromName },
    { name: 'forward_from_id', type: 'varchar', value: (m) => m.forwardFromId },
    { name: 'forward_date', type: 'timestamptz', value: (m) => m.forwardDate?.toISOString() ?? null },
    { name: 'media_type', type: enumType('media_type'), value: (m) => m.mediaType },
    { name: 'media_mime_type', type: 'varchar', value: (m) => m.mediaMimeType },
    { name: 'media_size', type: 'numeric', value: (m) => (m.mediaSize === null ? null : String(m.mediaSize)) },
    { name: 'media_file_name', type: 'varchar', value: (m) => m.mediaFileName },
    {
      name: 'media_status',
      type: enumType('media_status'),
      value: (m) => (mediaWanted && m.mediaType && downloadableMedia.has(m.mediaType) ? 'pending' : null),
    },
  ]
  const used = columns.filter((column) => column.always || rows.some((m) => column.value(m) !== null))
  // The page travels as one JSON document: serialising it is native, and Postgres expands it
  // into typed rows (json_to_recordset) faster than the driver escapes one array per column.
  const records = JSON.stringify(rows.map((m) => Object.fromEntries(used.map((c) => [c.name, c.value(m)]))))
  const sendersOf = rows.flatMap((m) => {
    const userId = m.senderTelegramId === null ? undefined : userIds.get(m.senderTelegramId)
    return userId === undefined ? [] : [{ externalId: m.externalId, userId }]
  })

  // Pages and live updates can arrive out of order (pages are buffered; a live edit can land in
  // between): a stored version is replaced only by one at least as new (Telegram's edit date), and
  // a deleted message comes back only in a page fetched after the deletion was recorded.
  const editable = ['text', 'edited_at', 'media_type', 'media_mime_type', 'media_size', 'media_file_name']
  const notOlder = sql`coalesce(excluded.edited_at, '-infinity') >= coalesce(m.edited_at, '-infinity')`
  const deletedBefore = sql`m.deleted_at < ${(write.observedAt ?? new Date()).toISOString()}::timestamptz`

  // One statement: the messages, then (for new rows) their sender relations, which Payload keeps in
  // `<messages>_rels` because a sender is a user or a telegram-user.
  const upserted = rows.length
    ? (
        await db.execute(sql`
          with upserted as (
            insert into ${messages} as m (conversation_id, ${sql.raw(used.map((c) => `"${c.name}"`).join(', '))})
            select ${write.conversationId}, * from json_to_recordset(${records}::json)
              as t(${sql.raw(used.map((c) => `"${c.name}" ${c.type}`).join(', '))})
            on conflict (conversation_id, external_id) do update set
              ${sql.join(
                editable.map((column) => sql`${sql.identifier(column)} = case when ${notOlder} then excluded.${sql.identifier(column)} else m.${sql.identifier(column)} end`),
                sql`, `,
              )},
              deleted_at = case when ${deletedBefore} then null else m.deleted_at end, updated_at = now()
            where (${notOlder} and (m.text is distinct from excluded.text or m.edited_at is distinct from excluded.edited_at)) or ${deletedBefore}
            returning id, external_id, (xmax = 0) as inserted
          ), senders as (
            insert into ${sql.identifier(`${messagesTable}_rels`)} (parent_id, path, ${sql.identifier(`${tableName(options.slugs.telegramUsers)}_id`)})
            select upserted.id, 'sender', s.user_id
            from upserted join unnest(${sql.param(sendersOf.map((s) => s.externalId))}::bigint[], ${sql.param(sendersOf.map((s) => s.userId))}::integer[])
              as s(external_id, user_id) on s.external_id = upserted.external_id
            where upserted.inserted
          )
          select id, external_id, inserted from upserted`)
      ).rows
    : []
  const inserted = upserted.filter((row) => row.inserted)
  const updatedIds = upserted.filter((row) => !row.inserted).map((row) => Number(row.id))

  const deletedIds = write.deletedIds?.length
    ? (
        await db.execute(sql`
          update ${messages} set deleted_at = now(), updated_at = now()
          where conversation_id = ${write.conversationId} and external_id = any(${sql.param(write.deletedIds)}::bigint[]) and deleted_at is null
          returning id`)
      ).rows.map((row) => Number(row.id))
    : []

  const previousLastMessageAt = await updateConversation(db, options, write, rows, inserted.length)
  await notifyMessages(req, write.conversationId, 'created', newsworthy(inserted, rows, previousLastMessageAt))
  await notifyMessages(req, write.conversationId, 'updated', updatedIds)
  await notifyMessages(req, write.conversationId, 'deleted', deletedIds)
  // Live customer messages (notifications.emailAfterWaitingMinutes): the customer may be waiting from now on.
  if (write.countUnread && write.customerWaiting && options.notifications.emailAfterWaitingMinutes) {
    const newIds = new Set(inserted.map((row) => String(row.external_id)))
    const incoming = rows.filter((m) => m.direction === 'in' && m.kind !== 'service' && newIds.has(String(m.externalId)))
    if (incoming.length) {
      const sentAt = new Date(Math.min(...incoming.map((m) => m.sentAt.getTime())))
      await write.customerWaiting(req, { conversationId: write.conversationId, sentAt })
    }
  }
  return { inserted: inserted.length, updated: updatedIds.length, deleted: deletedIds.length, newUsers }
}

/** A history sync of the conversation (alias `c`) or a discovery of its account is queued, due or running. */
const syncPending = sql`(c.sync_status in ('queued', 'running') or exists (
  select 1 from payload_jobs j
  where j.task_slug = ${telegramDiscoverTask} and j.queue = ${`${telegramQueue}:`} || c.account_id::text
    and j.completed_at is null and not coalesce(j.has_error, false) and (j.wait_until is null or j.wait_until <= now())))`

/** Cursor, progress and last activity of the conversation: one UPDATE, atomic with the page; returns the last activity before it. */
const updateConversation = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, write: PageWrite, rows: MessageRow[], inserted: number) => {
  const cursor = write.cursor ?? {}
  const newest = rows.reduce<MessageRow | undefined>((a, m) => (!a || m.sentAt > a.sentAt ? m : a), undefined)
  const unread = write.countUnread ? rows.filter((m) => m.direction === 'in').length : 0
  const sets: SQL[] = [
    sql`synced_message_count = coalesce(synced_message_count, 0) + ${inserted}`,
    sql`total_message_count = greatest(coalesce(${cursor.total ?? null}::numeric, total_message_count, 0), coalesce(synced_message_count, 0) + ${inserted})`,
    sql`last_synced_at = now()`,
  ]
  if (cursor.lastSyncedMessageId !== undefined) {
    const advanced = sql`greatest(coalesce(last_synced_message_id, 0), ${cursor.lastSyncedMessageId})`
    sets.push(
      cursor.live
        ? sql`last_synced_message_id = case when ${syncPending} then last_synced_message_id else ${advanced} end`
        : sql`last_synced_message_id = ${advanced}`,
    )
  }
  if (cursor.backfillCursor !== undefined) sets.push(sql`backfill_cursor = ${cursor.backfillCursor}`)
  if (cursor.fullSyncCompleted !== undefined) sets.push(sql`full_sync_completed = ${cursor.fullSyncCompleted}`)
  // Live customer messages (never history reaching back) reopen a pending, snoozed or resolved conversation.
  if (unread) sets.push(sql`unread_count = coalesce(unread_count, 0) + ${unread}`, ...reopenOnCustomerMessage(sql`true`))
  if (newest) {
    const at = newest.sentAt.toISOString()
    sets.push(
      sql`last_message_preview = case when last_message_at is null or last_message_at <= ${at}::timestamptz then ${messagePreview({ ...newest })} else last_message_preview end`,
      sql`last_message_at = greatest(coalesce(last_message_at, ${at}::timestamptz), ${at}::timestamptz)`,
    )
  }
  // One statement with the status log: a reopen is recorded at the page's first customer message.
  const firstIncoming = rows.filter((m) => m.direction === 'in').reduce<Date | undefined>((a, m) => (!a || m.sentAt < a ? m.sentAt : a), undefined)
  const { rows: updated } = await db.execute<{ previous: unknown }>(updateLoggingReopen(options, write.conversationId, sets, firstIncoming ?? new Date()))
  return updated[0]?.previous
}
