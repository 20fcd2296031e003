import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { assignedAgent } from '../chat/assignedAgent'
import { toChatMessage } from '../chat/chatMessage'
import { notNote } from '../helpdesk'
import { type AuthorizedSession, authorizeSession, bearerToken } from '../chat/sessionAuth'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { readJsonBody } from '../http/readBody'
import { createOwnDoc, findDoc, findOwnDocs, relationId } from '../localApi'

const pageLimit = 100

/** `after`: the `cursor` of an earlier page, a message id. */
const parseCursor = (value: string): number => {
  try {
    return parseId(value, '"after"')
  } catch {
    throw new EndpointError(400, '"after" must be the cursor of an earlier page.')
  }
}
export const clientMessageIdShape = /^[A-Za-z0-9_-]{8,64}$/

/** The customer a widget message is from: their account once identified, else the conversation's contact name. */
export const customerSender = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, { conversation }: AuthorizedSession) => {
  const customerId = relationId(conversation.customer)
  if (customerId === undefined) return { sender: undefined, senderName: conversation.contactName ?? 'Visitor' }
  const user = await findDoc(req, options.usersCollection, customerId)
  return {
    sender: { relationTo: options.usersCollection, value: customerId },
    senderName: (user?.displayName as string | undefined) || (user?.email as string | undefined) || 'Customer',
  }
}

/**
 * `GET /api/chat/messages?after=&limit=` (with the assigned agent's name, `agent`) and `POST /api/chat/messages` `{ text, clientMessageId }`
 * for a chat session (`Authorization: Bearer <sessionToken>`): the session's conversation only.
 */
export const chatMessagesEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => {
  const findByClientId = (req: PayloadRequest, conversationId: number, clientMessageId: string) =>
    findOwnDocs(req.payload, options, 'messages', {
      and: [{ conversation: { equals: conversationId } }, { clientMessageId: { equals: clientMessageId } }, notNote],
    }, { limit: 1, req }).then((docs) => docs[0])

  return [
    {
      path: '/chat/messages',
      method: 'get',
      handler: (req) =>
        handleEndpointErrors(req, async () => {
          const { conversation } = await authorizeSession(req, options, bearerToken(req))
          const agent = await assignedAgent(req, options, conversation)
          const afterParam = req.searchParams.get('after')
          const after = afterParam === null || afterParam === '' ? undefined : parseCursor(afterParam)
          const requested = Number(req.searchParams.get('limit') ?? pageLimit)
          const limit = Number.isInteger(requested) && requested > 0 ? Math.min(requested, pageLimit) : pageLimit
          const page = await findOwnDocs(req.payload, options, 'messages', {
            and: [{ conversation: { equals: conversation.id } }, notNote, ...(after ? [{ id: { greater_than: after } }] : [])],
          }, { limit, req, sort: 'id' })
          const messages = page.map(toChatMessage)
          const seenAt = conversation.customerSeenAt ? new Date(conversation.customerSeenAt).toISOString() : null
          return Response.json({ messages, cursor: messages.length ? String(messages.at(-1)!.id) : (afterParam || null), agent, seenAt })
        }),
    },
    {
      path: '/chat/messages',
      method: 'post',
      handler: (req) =>
        handleEndpointErrors(req, async () => {
          const authorized = await authorizeSession(req, options, bearerToken(req))
          const body = await readJsonBody(req, options.maxBodyBytes)
          const text = typeof body.text === 'string' ? body.text.trim() : ''
          if (!text) throw new EndpointError(400, 'Write a message before sending.')
          if (text.length > options.chat.maxMessageLength) {
            throw new EndpointError(400, `A message can be at most ${options.chat.maxMessageLength} characters; this one has ${text.length}.`)
          }
          const clientMessageId = body.clientMessageId
          if (typeof clientMessageId !== 'string' || !clientMessageIdShape.test(clientMessageId)) {
            throw new EndpointError(400, '"clientMessageId" must be 8–64 letters, digits, "-" or "_" (a UUID works).')
          }
          const conversationId = authorized.conversation.id
          const earlier = await findByClientId(req, conversationId, clientMessageId)
          if (earlier) return Response.json({ message: toChatMessage(earlier) })
          try {
            const created = await createOwnDoc(req, options, 'messages', {
              conversation: conversationId,
              text,
              clientMessageId,
              direction: 'in',
              kind: 'text',
              sentAt: new Date().toISOString(),
              ...(await customerSender(req, options, authorized)),
            })
            return Response.json({ message: toChatMessage(created) }, { status: 201 })
          } catch (error) {
            // Two retries racing: the unique (conversation, clientMessageId) index let one through.
            const winner = await findByClientId(req, conversationId, clientMessageId)
            if (winner) return Response.json({ message: toChatMessage(winner) })
            throw error
          }
        }),
    },
  ]
}
