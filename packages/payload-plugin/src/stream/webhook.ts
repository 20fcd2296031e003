import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { EndpointError, handleEndpointErrors } from '../endpoints/errors'
import { readBodyText } from '../endpoints/readBody'
import { verifyStreamSignature } from './client'
import { streamContext } from './context'
import { streamIds } from './ids'
import { findDoc, findFirst } from '../localApi'

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
 * it is read whole. Idempotent by Stream message id, so a replayed webhook stores one message.
 * Our own messages coming back are ignored.
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

  const existing = await findFirst(req, options.slugs.messages, { streamMessageId: { equals: message.id } })
  const write = { context: { [streamContext.fromStream]: true }, depth: 0, overrideAccess: true, req } as const

  if (event.type === 'message.new') {
    if (existing) return Response.json({ stored: existing.id, duplicate: true })
    const sender = await senderOf(req, options, stream, message.user?.id)
    const created = await req.payload.create({
      collection: options.slugs.messages,
      data: {
        conversation: conversation.id,
        streamMessageId: message.id,
        text: message.text ?? '',
        sentAt: message.created_at ?? new Date().toISOString(),
        direction: sender?.staff ? 'out' : 'in',
        kind: 'text',
        sender: sender?.relation,
        senderName: sender?.name,
      },
      ...write,
    })
    return Response.json({ stored: created.id })
  }
  if (!existing) return Response.json({ ignored: 'unknown message' })
  const data =
    event.type === 'message.updated'
      ? { text: message.text ?? '', editedAt: message.updated_at ?? new Date().toISOString() }
      : { deletedAt: message.deleted_at ?? new Date().toISOString() }
  await req.payload.update({ collection: options.slugs.messages, id: existing.id, data, ...write })
  return Response.json({ updated: existing.id })
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
  const account = await findFirst(req, options.slugs.telegramUsers, { telegramId: { equals: parsed.telegramId } })
  return account
    ? { relation: { relationTo: options.slugs.telegramUsers, value: account.id }, name: account.displayName as string, staff: false }
    : undefined
}
