import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionBeforeDeleteHook, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { relationId } from '../localApi'
import { notifyLinkSessionsAccess } from '../db/chatLinks'
import { dbFor } from '../db/sqlExecutor'
import { notifyAccessChange } from '../realtime/notify'

/*
 * Open event streams re-check their chat session when these hooks announce an access change, so
 * an ended session or link, or a conversation that changed hands, closes them within moments on
 * every web instance. The announcement is sent with the change's transaction: only if it commits.
 */

/** Announces every conversation with a live session opened through the chat link. */
const notifyLinkSessions = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, tokenId: number | string) =>
  notifyLinkSessionsAccess(await dbFor(req), options, Number(tokenId))

const changed = (a: unknown, b: unknown) => String(a ?? '') !== String(b ?? '')

/** chat-tokens `afterChange`: revoking a link, or moving its expiry, re-checks its sessions' streams. */
export const endTokenSessions =
  (options: ResolvedSwitchboardOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, previousDoc, req }) => {
    if (operation === 'update' && (changed(doc.revokedAt, previousDoc?.revokedAt) || changed(doc.expiresAt, previousDoc?.expiresAt))) {
      await notifyLinkSessions(req, options, doc.id)
    }
    return doc
  }

/** chat-tokens `beforeDelete` (while its sessions still point at it): deleting a link ends its chats. */
export const endTokenSessionsOnDelete =
  (options: ResolvedSwitchboardOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    await notifyLinkSessions(req, options, id)
  }

/** chat-sessions `afterChange`: a revoked session's streams close. */
export const endRevokedSession: CollectionAfterChangeHook = async ({ doc, previousDoc, req }) => {
  const conversation = relationId(doc.conversation)
  if (doc.revokedAt && !previousDoc?.revokedAt && conversation !== undefined) await notifyAccessChange(req, conversation)
  return doc
}

/** conversations `afterChange`: a conversation identified to a customer closes the streams of sessions that are not theirs. */
export const endSessionsOfOtherCustomers: CollectionAfterChangeHook = async ({ doc, operation, previousDoc, req }) => {
  if (operation === 'update' && changed(relationId(doc.customer), relationId(previousDoc?.customer))) await notifyAccessChange(req, doc.id)
  return doc
}

/** conversations `afterDelete`: the streams of a deleted conversation close. */
export const endSessionsOfDeletedConversation: CollectionAfterDeleteHook = async ({ doc, req }) => {
  await notifyAccessChange(req, doc.id)
  return doc
}
