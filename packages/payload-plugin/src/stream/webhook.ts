import { commitTransaction, type Endpoint, initTransaction, killTransaction, type PayloadRequest } from 'payload'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { EndpointError, handleEndpointErrors } from '../http/errors'
import { readBodyText } from '../http/readBody'
import { verifyStreamSignature } from './client'
import { streamIds } from './ids'
import { findDoc, findFirst, findOwnDocs } from '../localApi'
import { notifyMessageChange } from '../realtime/notify'
import { advisoryXactLock } from '../db/advisoryLock'
import { dbFor } from '../db/sqlExecutor'
import { fromStreamContext } from '../constants'
import { applyStreamDeletion, applyStreamEdit, messageIdOfStreamMessage } from '../db/streamMessages'

interface StreamEvent {
  type?: string
  cid?: string
  channel_id?: string
  message?: { id?: string; text?: string; user?: { id?: string }; created_at?: string; updated_at?: string; deleted_at?: string }
}

const handled = new Set(['message.new', 'message.updated', 'message.deleted'])

/**
 * `POST /api/switchboard/stream/webhook`: Stream's events back into the messages table. The
 * signature (hex HMAC-SHA256 of the raw body, `X-Signature`) is checked before anything is read;
 * a bad one is a 401 and nothing is stored; a body over `stream.webhookMaxBytes` is a 413 before
 * it is read whole. Idempotent by Stream message id, so a replayed webhook stores one message, and
 * order-proof (see `applyEvent`): a late or replayed event never reverts newer state. Our own
 * messages coming back are ignored.
 */
export const streamWebhookEndpoint = (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): Endpoint => ({
  path: '/switchboard/stream/webhook',
  method: 'post',
  handler: (req) => handleEndpointErrors(req, () => receiveEvent(req, options, stream)),
})

const receiveEvent = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): Promise<Response> => {
  // Bounded before it is buffered: the signature can only be checked on the whole body.
  const raw = await readBodyText(req, stream.webhookMaxBytes)
  const signature = req.headers.get('x-signature') ?? ''
  if (!signature || !verifyStreamSignature(stream, raw, signature)) {
    throw new EndpointError(401, 'The webhook signature does not match. Check STREAM_API_SECRET.')
  }
  let event: StreamEvent
  try {
    event = JSON.parse(raw) as StreamEvent
  } catch {
    throw new EndpointError(400, 'The webhook body is not JSON.')
  }
  if (!event.type || !handled.has(event.type)) return Response.json({ ignored: event.type ?? 'unknown' })
  const message = event.message
  const ids = streamIds(stream)
  if (!message?.id || ids.isOurMessage(message.id)) return Response.json({ ignored: 'own message' })

  const channelId = event.channel_id ?? event.cid?.split(':')[1]
  const conversation = channelId
    ? await findFirst(req, options.slugs.conversations, { streamChannelId: { equals: channelId } })
    : undefined
  if (!conversation) return Response.json({ ignored: 'unknown channel' })

  const sender = await senderOf(req, options, stream, message.user?.id)
  const outcome = await inTransaction(req, () => applyEvent(req, options, event.type as HandledType, message as StreamMessage, conversation.id, sender))
  return Response.json(outcome)
}

type HandledType = 'message.deleted' | 'message.new' | 'message.updated'
type StreamMessage = NonNullable<StreamEvent['message']> & { id: string }
type Sender = Awaited<ReturnType<typeof senderOf>>

/** A Stream timestamp as a `Date` (millisecond precision, as the date columns store it), or `now`. */
const timestamp = (value: string | undefined): Date => {
  const date = value ? new Date(value) : new Date(Number.NaN)
  return Number.isNaN(date.getTime()) ? new Date() : date
}

/** Runs `work` in a transaction of `req`'s own (joining the caller's if it has one). */
const inTransaction = async <T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> => {
  const started = await initTransaction(req)
  try {
    const result = await work()
    if (started) await commitTransaction(req)
    return result
  } catch (error) {
    if (started) await killTransaction(req)
    throw error
  }
}

/**
 * Applies one message event so that older information never overwrites newer: webhooks arrive
 * late, out of order and more than once. Every event for a Stream message takes that message's
 * lock first (one transaction-scoped advisory lock), so two deliveries never race each other.
 * - `message.updated` changes the text only if the stored message is not deleted and its
 *   `editedAt` is older than the event's `updated_at` — decided by the UPDATE's own WHERE.
 * - `message.deleted` marks the message deleted unless it already is; a deletion is final, so
 *   an update that arrives after it (older or not) changes nothing.
 * - An update or deletion for a message not stored yet (its `message.new` is late) stores the
 *   message as the event has it: edited, or deleted. The late `message.new` is then a no-op,
 *   as is any `message.new` for a message already stored.
 */
const applyEvent = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  type: HandledType,
  message: StreamMessage,
  conversationId: number | string,
  sender: Sender,
): Promise<Record<string, unknown>> => {
  const db = await dbFor(req)
  await advisoryXactLock(db, `switchboard:stream-message:${message.id}`)

  if (type !== 'message.new') {
    const row =
      type === 'message.updated'
        ? await applyStreamEdit(db, options, message.id, { text: message.text ?? '', editedAt: timestamp(message.updated_at) })
        : await applyStreamDeletion(db, options, message.id, timestamp(message.deleted_at))
    if (row) {
      const kind = type === 'message.updated' ? 'updated' : 'deleted'
      await notifyMessageChange(req, { conversationId: Number(row.conversation_id), messageId: Number(row.id), kind })
      return { [kind]: Number(row.id) }
    }
  }

  const existing = await messageIdOfStreamMessage(db, options, message.id)
  // Stored already, and what it holds is as new as this event or newer: nothing to do.
  if (existing !== undefined) return { stored: existing, stale: true }

  const created = await req.payload.create({
    collection: options.slugs.messages,
    data: {
      conversation: conversationId,
      streamMessageId: message.id,
      text: message.text ?? '',
      sentAt: timestamp(message.created_at).toISOString(),
      ...(type === 'message.updated' ? { editedAt: timestamp(message.updated_at).toISOString() } : {}),
      ...(type === 'message.deleted' ? { deletedAt: timestamp(message.deleted_at).toISOString() } : {}),
      direction: sender?.staff ? 'out' : 'in',
      kind: 'text',
      sender: sender?.relation,
      senderName: sender?.name,
    },
    context: { [fromStreamContext]: true },
    depth: 0,
    overrideAccess: true,
    req,
  })
  return { stored: created.id }
}

/** Maps a Stream user id back to our user or Telegram account (ids we derived ourselves only). */
const senderOf = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions, streamUserId?: string) => {
  const parsed = streamUserId ? streamIds(stream).parseUser(streamUserId) : undefined
  if (!parsed) return undefined
  if (parsed.kind === 'user') {
    const user = await findDoc(req, options.usersCollection, parsed.id)
    if (!user) return undefined
    const roles = (user.roles as string[] | undefined) ?? []
    return {
      relation: { relationTo: options.usersCollection, value: user.id },
      name: (user.displayName as string | undefined) ?? undefined,
      staff: roles.includes('staff') || roles.includes('admin'),
    }
  }
  const [account] = await findOwnDocs(req.payload, options, 'telegramUsers', { telegramId: { equals: parsed.telegramId } }, { limit: 1, req })
  return account
    ? { relation: { relationTo: options.slugs.telegramUsers, value: account.id }, name: account.displayName, staff: false }
    : undefined
}
