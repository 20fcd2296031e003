import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Payload, PayloadRequest } from 'payload'

import { accessChangeKind, type MessageChangeKind, notifyListeners, seenKind, type TypingSide, typingKind } from '../db/notifications'
import { dbFor, poolSql } from '../db/sqlExecutor'
import { relationId } from '../localApi'

export interface MessageChange {
  conversationId: number
  messageId: number
  kind: MessageChangeKind
}

/**
 * `pg_notify` inside the writing transaction: Postgres delivers it only when that transaction
 * commits, so listeners never hear of a message that was rolled back, and always after it is
 * readable. The payload stays tiny; listeners read the row themselves.
 */
export const notifyMessageChange = async (req: PayloadRequest, change: MessageChange): Promise<void> => {
  const payload = JSON.stringify({ c: change.conversationId, m: change.messageId, k: change.kind })
  await notifyListeners(await dbFor(req), payload)
}

/** Ids per notification: Postgres caps a payload at 8000 bytes. */
const idsPerNotification = 500

/** One notification for many messages of a conversation (a synced page): `m` is then a list. */
export const notifyMessages = async (req: PayloadRequest, conversationId: number, kind: MessageChangeKind, messageIds: number[]): Promise<void> => {
  const db = await dbFor(req)
  for (let i = 0; i < messageIds.length; i += idsPerNotification) {
    const payload = JSON.stringify({ c: conversationId, m: messageIds.slice(i, i + idsPerNotification), k: kind })
    await notifyListeners(db, payload)
  }
}

/**
 * Who may read this conversation changed (a session or chat link ended, the conversation was
 * identified to a customer or deleted): every open stream on it re-checks its session and closes
 * if it may no longer read. Like message changes, delivered only once the change commits.
 */
export const notifyAccessChange = async (req: PayloadRequest, conversationId: number | string): Promise<void> => {
  const payload = JSON.stringify({ c: Number(conversationId), k: accessChangeKind })
  await notifyListeners(await dbFor(req), payload)
}

/**
 * Someone is typing in a conversation: one notification, outside any transaction (nothing is
 * written), heard by every instance; its streams pass it to the other side only.
 */
export const notifyTyping = async (payload: Payload, conversationId: number, from: TypingSide): Promise<void> => {
  const body = JSON.stringify({ c: conversationId, k: typingKind, f: from })
  await notifyListeners(poolSql(payload), body)
}

/** The customer's messages were seen up to `at`: in the writing transaction, delivered once it commits. */
export const notifySeen = async (req: PayloadRequest, conversationId: number, at: string): Promise<void> => {
  const body = JSON.stringify({ c: conversationId, k: seenKind, t: at })
  await notifyListeners(await dbFor(req), body)
}

/** messages `afterChange`: announce new, edited and soft-deleted messages. */
export const notifyMessageChanged: CollectionAfterChangeHook = async ({ doc, operation, previousDoc, req }) => {
  const kind: MessageChangeKind =
    operation === 'create' ? 'created' : doc.deletedAt && !previousDoc?.deletedAt ? 'deleted' : 'updated'
  await notifyMessageChange(req, { conversationId: Number(relationId(doc.conversation)), messageId: Number(doc.id), kind })
  return doc
}

/** messages `afterDelete`: a hard delete is announced as a deletion. */
export const notifyMessageDeleted: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await notifyMessageChange(req, { conversationId: Number(relationId(doc.conversation)), messageId: Number(doc.id), kind: 'deleted' })
  return doc
}
