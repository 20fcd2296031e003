import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

/** Telegram conversations by account and peer (`external_id`, the marked peer id). */
const conversations = collectionTable('conversations', [
  'id',
  'account_id',
  'external_id',
  'telegram_access_hash',
  'title',
  'type',
  'is_pinned',
  'is_archived',
  'is_muted',
  'unread_count',
  'participant_count',
  'last_synced_message_id',
])
const messages = collectionTable('messages', ['conversation_id', 'external_id'])

/** Marked ids at or below this are channels (`-100…`); above, users and basic groups. */
const channelIdCeiling = -1000000000000

/** The conversation of `peerId` (a marked peer id) on the account. */
export const conversationIdOfPeer = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId: number, peerId: number) => {
  const { rows } = await db.execute<{ id: number }>(sql`
    select id from ${conversations.ref(options)} where account_id = ${accountId} and external_id = ${peerId}`)
  return rows[0] ? Number(rows[0].id) : undefined
}

/** Sets the unread count Telegram reports for a peer's conversation. */
export const setUnreadCount = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId: number, peerId: number, unread: number) => {
  await db.execute(sql`
    update ${conversations.ref(options)} set unread_count = ${unread}
    where account_id = ${accountId} and external_id = ${peerId}`)
}

/**
 * Where Telegram message ids deleted on the account are stored: per id, how many stored messages
 * have it and (the lowest) conversation. In one channel (`channelPeerId`), or else outside channels.
 */
export const deletedMessageMatches = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  accountId: number,
  ids: number[],
  channelPeerId?: number,
) =>
  (
    await db.execute<{ external_id: number | string; conversation_id: number | string; matches: number }>(sql`
      select m.external_id, min(m.conversation_id) as conversation_id, count(*)::int as matches
      from ${messages.ref(options)} m join ${conversations.ref(options)} c on c.id = m.conversation_id
      where c.account_id = ${accountId}
        and ${channelPeerId === undefined ? sql`c.external_id > ${channelIdCeiling}` : sql`c.external_id = ${channelPeerId}`}
        and m.external_id = any(${sql.param(ids)}::bigint[])
      group by m.external_id`)
  ).rows

/** The account's channel conversations, with what it takes to address them. */
export const channelConversations = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId: number) =>
  (
    await db.execute<{ id: number; external_id: number | string; telegram_access_hash: null | string }>(sql`
      select id, external_id, telegram_access_hash from ${conversations.ref(options)}
      where account_id = ${accountId} and external_id <= ${channelIdCeiling}`)
  ).rows

export interface StoredDialog {
  id: number
  external_id: string
  title: string | null
  type: string
  is_pinned: boolean | null
  is_archived: boolean | null
  is_muted: boolean | null
  unread_count: string | null
  participant_count: string | null
  last_synced_message_id: string | null
  access_hash: string | null
}

/** The account's stored conversations among `peerIds`, with the fields discovery compares. */
export const storedDialogs = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId: number, peerIds: number[]) =>
  (
    await db.execute<StoredDialog>(sql`
      select id, external_id, title, type, is_pinned, is_archived, is_muted, unread_count, participant_count, last_synced_message_id,
        telegram_access_hash as access_hash
      from ${conversations.ref(options)}
      where account_id = ${accountId} and external_id = any(${sql.param(peerIds)}::bigint[])`)
  ).rows

/** Moves a conversation's sync cursor up to `messageId` (never back). */
export const advanceSyncCursor = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, conversationId: number, messageId: number) => {
  await db.execute(sql`
    update ${conversations.ref(options)}
    set last_synced_message_id = greatest(coalesce(last_synced_message_id, 0), ${messageId}) where id = ${conversationId}`)
}
