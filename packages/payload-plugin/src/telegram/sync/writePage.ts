import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../../types'
import type { MessageRow, TelegramUserRow } from '../mapper'

import { updateConversationActivity } from '../../db/conversationActivity'
import { type CursorUpdate, syncStateSets } from '../../db/conversationSyncState'
import { softDeleteMessages, type UpsertedMessage, upsertMessagePage } from '../../db/messagePages'
import { dbFor } from '../../db/sqlExecutor'
import { messagePreview } from '../../messagePreview'
import { notifyMessages } from '../../realtime/notify'
import { upsertTelegramUsers } from './telegramUsers'


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
const newsworthy = (inserted: UpsertedMessage[], rows: MessageRow[], lastMessageAt: unknown): number[] => {
  const sentAt = new Map(rows.map((m) => [m.externalId, m.sentAt.getTime()]))
  const since = lastMessageAt ? new Date(lastMessageAt as string).getTime() : undefined
  const fresh = inserted
    .map((row) => ({ id: row.id, at: sentAt.get(row.externalId) ?? 0 }))
    .filter((row) => since === undefined || row.at > since)
    .sort((a, b) => b.at - a.at)
  return (since === undefined ? fresh.slice(0, firstPageAnnounced) : fresh).map((row) => row.id)
}

const dedupe = (rows: MessageRow[]): MessageRow[] => [...new Map(rows.map((m) => [m.externalId, m])).values()]

/**
 * Writes one page (or several that piled up) in one transaction: senders (telegram-users, through
 * Payload so the linking rule runs for new ones), one upsert statement for the messages and the
 * sender relations of new rows (`upsertMessagePage`), soft deletions, and one UPDATE of the
 * conversation's cursor, progress and last activity. The realtime notification is sent in the
 * same transaction, so it is heard only if the page commits.
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
  const db = await dbFor(req)
  const rows = dedupe(write.messages)
  const { ids: userIds, created: newUsers } = await upsertTelegramUsers(req, options, write.users)
  const senders = new Map(
    rows.flatMap((m) => {
      const userId = m.senderTelegramId === null ? undefined : userIds.get(m.senderTelegramId)
      return userId === undefined ? [] : [[m.externalId, userId] as const]
    }),
  )
  const upserted = await upsertMessagePage(db, options, {
    conversationId: write.conversationId,
    rows,
    senders,
    observedAt: write.observedAt ?? new Date(),
    bulk: write.bulk,
  })
  const inserted = upserted.filter((row) => row.inserted)
  const updatedIds = upserted.filter((row) => !row.inserted).map((row) => row.id)
  const deletedIds = await softDeleteMessages(db, options, write.conversationId, write.deletedIds ?? [])

  // Cursor, progress and last activity: one UPDATE, atomic with the page. Live customer messages
  // (never history reaching back) count as unread and reopen a pending, snoozed or resolved
  // conversation, logged at the page's first customer message.
  const newest = rows.reduce<MessageRow | undefined>((a, m) => (!a || m.sentAt > a.sentAt ? m : a), undefined)
  const unread = write.countUnread ? rows.filter((m) => m.direction === 'in').length : 0
  const firstIncoming = rows.filter((m) => m.direction === 'in').reduce<Date | undefined>((a, m) => (!a || m.sentAt < a ? m.sentAt : a), undefined)
  const previousLastMessageAt = await updateConversationActivity(db, options, write.conversationId, {
    sets: syncStateSets(write.cursor ?? {}, inserted.length),
    newest: newest && { at: newest.sentAt, preview: messagePreview({ ...newest }) },
    unread,
    reopen: unread ? { at: firstIncoming ?? new Date(), ifNewest: false } : undefined,
  })

  await notifyMessages(req, write.conversationId, 'created', newsworthy(inserted, rows, previousLastMessageAt))
  await notifyMessages(req, write.conversationId, 'updated', updatedIds)
  await notifyMessages(req, write.conversationId, 'deleted', deletedIds)
  // Live customer messages (notifications.emailAfterWaitingMinutes): the customer may be waiting from now on.
  if (write.countUnread && write.customerWaiting && options.notifications.emailAfterWaitingMinutes) {
    const newIds = new Set(inserted.map((row) => row.externalId))
    const incoming = rows.filter((m) => m.direction === 'in' && m.kind !== 'service' && newIds.has(m.externalId))
    if (incoming.length) {
      const sentAt = new Date(Math.min(...incoming.map((m) => m.sentAt.getTime())))
      await write.customerWaiting(req, { conversationId: write.conversationId, sentAt })
    }
  }
  return { inserted: inserted.length, updated: updatedIds.length, deleted: deletedIds.length, newUsers }
}
