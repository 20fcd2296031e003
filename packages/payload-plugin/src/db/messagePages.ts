import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { MessageRow } from '../telegram/mapper'

import { downloadableMedia } from '../telegram/media'
import type { SqlExecutor } from './sqlExecutor'
import { tableName } from './tableName'
import { collectionTable, relsTable } from './tables'

/** A page's messages as the upsert stores them. */
export interface MessagePage {
  conversationId: number
  /** Unique by `externalId`. */
  rows: MessageRow[]
  /** The sender's `telegram-users` row id by message id, for the messages that have one. */
  senders: Map<number, number>
  /** When Telegram reported these messages: a message deleted after this stays deleted. */
  observedAt: Date
  /**
   * Commit without waiting for the WAL flush (history pages: a crash loses the last pages only
   * together with the cursor that covers them). Set in this statement, saving a round trip per page.
   */
  bulk?: boolean
}

export interface UpsertedMessage {
  id: number
  externalId: number
  inserted: boolean
}

/** The message columns a page writes (`columnsOf` names most of them as data, not in SQL). */
const messages = collectionTable('messages', [
  'id',
  'conversation_id',
  'external_id',
  'sender_name',
  'text',
  'direction',
  'kind',
  'sent_at',
  'edited_at',
  'deleted_at',
  'updated_at',
  'service_action',
  'reply_to_external_id',
  'forward_from_name',
  'forward_from_id',
  'forward_date',
  'media_type',
  'media_mime_type',
  'media_size',
  'media_file_name',
  'media_status',
])
/** The messages' sender relations; the column of the sender, `<telegram-users table>_id`, follows that slug. */
const messageRels = relsTable('messages', ['parent_id', 'path'])

const columnsOf = (options: ResolvedSwitchboardOptions) => {
  const mediaWanted = options.telegram.media.enabled
  const enumType = (field: string) => `"enum_${messages.name(options)}_${field}"`
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
  return columns
}

/** Columns an edit replaces (when it is at least as new as the stored version). */
const editable = ['text', 'edited_at', 'media_type', 'media_mime_type', 'media_size', 'media_file_name']

/**
 * One `INSERT … SELECT FROM json_to_recordset(…) ON CONFLICT (conversation, externalId) DO UPDATE`
 * for a page of Telegram messages, with the sender relations of new rows in the same statement.
 * Edits take the new text and `editedAt`; unchanged rows are not rewritten. Returns the rows
 * inserted or changed.
 */
export const upsertMessagePage = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, page: MessagePage): Promise<UpsertedMessage[]> => {
  if (!page.rows.length) return []
  const used = columnsOf(options).filter((column) => column.always || page.rows.some((m) => column.value(m) !== null))
  // The page travels as one JSON document: serialising it is native, and Postgres expands it
  // into typed rows (json_to_recordset) faster than the driver escapes one array per column.
  const records = JSON.stringify(page.rows.map((m) => Object.fromEntries(used.map((c) => [c.name, c.value(m)]))))
  const senders = [...page.senders]

  // Pages and live updates can arrive out of order (pages are buffered; a live edit can land in
  // between): a stored version is replaced only by one at least as new (Telegram's edit date), and
  // a deleted message comes back only in a page fetched after the deletion was recorded.
  const notOlder = sql`coalesce(excluded.edited_at, '-infinity') >= coalesce(m.edited_at, '-infinity')`
  const deletedBefore = sql`m.deleted_at < ${page.observedAt.toISOString()}::timestamptz`
  // `set_config(…, true)` is `set local`: evaluated once, with the statement's result.
  const commitSetting = page.bulk ? sql`, (select set_config('synchronous_commit', 'off', true)) as bulk` : sql``

  // The messages, then (for new rows) their sender relations, which Payload keeps in
  // `<messages>_rels` because a sender is a user or a telegram-user.
  const { rows } = await db.execute<{ id: number | string; external_id: number | string; inserted: boolean }>(sql`
    with upserted as (
      insert into ${messages.ref(options)} as m (conversation_id, ${sql.raw(used.map((c) => `"${c.name}"`).join(', '))})
      select ${page.conversationId}, * from json_to_recordset(${records}::json)
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
      insert into ${messageRels.ref(options)} (parent_id, path, ${sql.identifier(`${tableName(options.slugs.telegramUsers)}_id`)})
      select upserted.id, 'sender', s.sender
      from upserted join unnest(${sql.param(senders.map(([externalId]) => externalId))}::bigint[], ${sql.param(senders.map(([, userId]) => userId))}::integer[])
        as s(external_id, sender) on s.external_id = upserted.external_id
      where upserted.inserted
    )
    select id, external_id, inserted from upserted${commitSetting}`)
  return rows.map((row) => ({ id: Number(row.id), externalId: Number(row.external_id), inserted: row.inserted }))
}

/** Soft-deletes the conversation's messages with these Telegram ids; returns the row ids it deleted. */
export const softDeleteMessages = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  conversationId: number,
  externalIds: number[],
): Promise<number[]> => {
  if (!externalIds.length) return []
  const { rows } = await db.execute<{ id: number | string }>(sql`
    update ${messages.ref(options)} set deleted_at = now(), updated_at = now()
    where conversation_id = ${conversationId} and external_id = any(${sql.param(externalIds)}::bigint[]) and deleted_at is null
    returning id`)
  return rows.map((row) => Number(row.id))
}
