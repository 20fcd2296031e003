import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { authorizeSession } from '../chat/sessionAuth'
import { notNote } from '../helpdesk'
import { realtimeHub } from '../realtime/hub'
import { replayMessages, resumePoint } from '../realtime/replay'
import { sseResponse } from '../realtime/sseResponse'
import { streamSlots } from '../realtime/streamSlots'
import { clientAddress } from '../security/clientAddress'
import { EndpointError, handleEndpointErrors } from '../http/errors'

/**
 * `GET /api/chat/events?session=<sessionToken>`: Server-Sent Events for the session's
 * conversation (`message`, `message-updated`, `message-deleted`). Resumes after `Last-Event-ID`
 * (or `lastEventId=`) by replaying what changed since, so a reconnecting widget misses nothing.
 * When the session ends (revoked, expired, its link closed, the conversation identified to
 * another customer) the stream sends `session-ended` with a message and closes. A session, and a
 * client address, may hold only so many streams at once on an instance (`realtime.*`): one more
 * is a 429.
 */
export const chatEventsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/chat/events',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      const token = req.searchParams.get('session')
      const hub = realtimeHub(req.payload, options)
      // Taken before the check: an access change announced from here on means checking again.
      const accessMark = hub.accessMark
      const { conversation, session, validUntil } = await authorizeSession(req, options, token)
      // Only the id outlives this request's checks: a stream holds no conversation document.
      const conversationId = conversation.id
      const { maxStreamsPerAddress, maxStreamsPerSession } = options.realtime
      const slot = streamSlots(req.payload).take([
        {
          key: `chat-session:${session.id}`,
          max: maxStreamsPerSession,
          refusal: `This chat already has ${maxStreamsPerSession} live connections open (tabs or windows). Close one and try again.`,
        },
        {
          key: `chat-address:${clientAddress(req.headers, options.trustedProxies)}`,
          max: maxStreamsPerAddress,
          refusal: `Too many live chat connections are open from your network (${maxStreamsPerAddress}). Close some and try again.`,
        },
      ])
      if (!slot.ok) throw new EndpointError(429, slot.cap.refusal, { 'retry-after': '10' })
      return sseResponse({
        // Internal notes never reach the widget, live or replayed.
        subscribe: (subscriber) =>
          hub.subscribe(conversationId, {
            ...subscriber,
            onEvent: (event) => {
              if (!event.message.note) subscriber.onEvent(event)
            },
          }),
        replay: replayMessages(req, options, { and: [{ conversation: { equals: conversationId } }, notNote] }),
        since: resumePoint(req),
        hello: `connected to conversation ${conversationId}`,
        validUntil,
        accessChanged: () => hub.accessChangedSince(accessMark),
        // The same rule as every other chat request: a revoked or expired session, a closed link
        // or a conversation that changed hands ends the stream.
        recheck: async () => {
          try {
            return { ok: true, validUntil: (await authorizeSession(req, options, token)).validUntil }
          } catch (error) {
            if (error instanceof EndpointError) return { ok: false, message: error.message }
            throw error
          }
        },
        onClose: slot.release,
      })
    }),
})
