import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionBeforeChangeHook,
  PayloadRequest,
  Where,
} from 'payload'

import type { Conversation, Message, TelegramUser } from '../payload-types'
import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { isNote } from '../helpdesk'
import { isMirrored, queueConversationSync } from '../jobs/streamSyncConversation'
import { queueMessageSync } from '../jobs/streamSyncMessage'
import { findDoc, relationId } from '../localApi'
import { fromStreamContext, queueStreamSyncContext } from '../constants'

/**
 * The outbox side of the Stream mirror: hooks only queue jobs, with the same `req`, so a job
 * exists exactly when the change it mirrors was committed. No hook calls Stream.
 */

type Id = number | string
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
const normalizeRelations = (value: unknown) =>
  Array.isArray(value) ? value.map((r: { relationTo: string; value: unknown }) => `${r.relationTo}:${String(relationId(r.value))}`).sort() : []

/** conversations `beforeChange`: a mirrored conversation whose members change is marked pending. */
export const markConversationPending =
  (stream: ResolvedStreamOptions): CollectionBeforeChangeHook =>
  ({ context, data, operation, originalDoc }) => {
    if (context[fromStreamContext]) return data
    const next = { ...originalDoc, ...data }
    if (!isMirrored(stream, next.source)) return data
    const changed =
      operation === 'create' ||
      !same(normalizeRelations(next.participants), normalizeRelations(originalDoc?.participants)) ||
      relationId(next.provider) !== relationId(originalDoc?.provider) ||
      relationId(next.customer) !== relationId(originalDoc?.customer) ||
      next.source !== originalDoc?.source
    if (!changed) return data
    context[queueStreamSyncContext] = true
    return { ...data, streamSyncStatus: 'pending' }
  }

/** conversations `afterChange`: queue the channel sync the `beforeChange` asked for. */
export const queueConversationStreamSync: CollectionAfterChangeHook<Conversation> = async ({ context, doc, req }) => {
  if (context[queueStreamSyncContext]) await queueConversationSync(req, doc.id)
  return doc
}

/** messages `afterChange` / `afterDelete`: mirror new, edited and deleted messages. */
export const queueMessageStreamSync =
  (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): CollectionAfterChangeHook<Message> =>
  async ({ context, doc, previousDoc, operation, req }) => {
    // Internal notes never leave Switchboard.
    if (context[fromStreamContext] || doc.streamMessageId || isNote(doc)) return doc
    const textChanged = operation === 'create' || doc.text !== previousDoc?.text || doc.deletedAt !== previousDoc?.deletedAt
    if (!textChanged) return doc
    const conversationId = relationId(doc.conversation) as Id
    if (await conversationIsMirrored(req, options, stream, conversationId)) {
      await queueMessageSync(req, { messageId: String(doc.id), conversationId: String(conversationId) })
    }
    return doc
  }

export const queueDeletedMessageStreamSync =
  (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): CollectionAfterDeleteHook<Message> =>
  async ({ context, doc, req }) => {
    if (context[fromStreamContext] || doc.streamMessageId || isNote(doc)) return doc
    const conversationId = relationId(doc.conversation) as Id
    if (await conversationIsMirrored(req, options, stream, conversationId)) {
      await queueMessageSync(req, { messageId: String(doc.id), conversationId: String(conversationId), deleted: true })
    }
    return doc
  }

const conversationIsMirrored = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions, id: Id) => {
  const conversation = await findDoc(req, options.slugs.conversations, id, { source: true })
  return Boolean(conversation && isMirrored(stream, conversation.source))
}

/** Re-syncs every mirrored conversation a user or Telegram account takes part in. */
const queueConversationsOf = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  stream: ResolvedStreamOptions,
  who: Where,
) => {
  const conversations = await req.payload.find({
    collection: options.slugs.conversations,
    depth: 0,
    overrideAccess: true,
    pagination: false,
    req,
    select: {},
    where: { and: [{ source: { in: stream.mirroredSources } }, who] },
  })
  for (const conversation of conversations.docs) await queueConversationSync(req, conversation.id)
}

/** users `afterChange`: a new name, avatar or account type changes the user in their channels. */
export const queueUserStreamSync =
  (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): CollectionAfterChangeHook =>
  async ({ doc, operation, previousDoc, req }) => {
    if (operation === 'create') return doc
    const changed = ['displayName', 'avatarUrl', 'accountType'].some((field) => doc[field] !== previousDoc?.[field])
    if (!changed) return doc
    await queueConversationsOf(req, options, stream, {
      or: [
        { participants: { equals: { relationTo: options.usersCollection, value: doc.id } } },
        { provider: { equals: doc.id } },
        { customer: { equals: doc.id } },
      ],
    })
    return doc
  }

/** telegram-users `afterChange`: a link change changes which Stream user the account is. */
export const queueTelegramUserStreamSync =
  (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): CollectionAfterChangeHook<TelegramUser> =>
  async ({ doc, operation, previousDoc, req }) => {
    if (operation === 'create' || relationId(doc.user) === relationId(previousDoc?.user)) return doc
    await queueConversationsOf(req, options, stream, {
      participants: { equals: { relationTo: options.slugs.telegramUsers, value: doc.id } },
    })
    return doc
  }
