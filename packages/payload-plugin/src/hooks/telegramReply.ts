import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import type { Message } from '../payload-types'

import { randomBytes } from 'node:crypto'

import type { ResolvedSwitchboardOptions } from '../types'

import { isNote } from '../helpdesk'
import { queueTelegramSend } from '../jobs/telegramJobs'
import { findOwnDoc, relationId } from '../localApi'
import { fromTelegramContext } from '../constants'

/** A random 63-bit id (Telegram's `random_id` is a signed 64-bit integer). */
const randomId = () => (randomBytes(8).readBigUInt64BE() >> 1n).toString()

/**
 * messages `beforeChange` (create): a staff reply in a Telegram conversation becomes an outgoing
 * message `pending` delivery, with the random id Telegram will deduplicate its send by.
 */
export const prepareTelegramReply =
  (options: ResolvedSwitchboardOptions): CollectionBeforeChangeHook<Message> =>
  async ({ context, data, operation, req }) => {
    // Internal notes are never sent.
    if (operation !== 'create' || context[fromTelegramContext] || data.externalId || data.direction !== 'out' || isNote(data)) return data
    const conversationId = relationId(data.conversation)
    const conversation = conversationId === undefined ? null : await findOwnDoc(req.payload, options, 'conversations', conversationId, req)
    if (conversation?.source !== 'telegram' || !relationId(conversation.account)) return data
    return { ...data, deliveryStatus: 'pending', telegramRandomId: randomId(), deliveryError: null }
  }

/** messages `afterChange` (create): queues the send with the same `req`, so it commits with the message. */
export const queueTelegramReply =
  (options: ResolvedSwitchboardOptions): CollectionAfterChangeHook<Message> =>
  async ({ doc, operation, req }) => {
    if (operation !== 'create' || doc.deliveryStatus !== 'pending' || isNote(doc)) return doc
    const conversation = await findOwnDoc(req.payload, options, 'conversations', relationId(doc.conversation)!, req)
    const accountId = relationId(conversation?.account)
    if (accountId !== undefined) await queueTelegramSend(req, Number(doc.id), Number(accountId))
    return doc
  }
