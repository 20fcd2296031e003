import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { eventCursor, parseEventCursor, toChatMessage } from '../chat/chatMessage'
import { authorizeSession } from '../chat/sessionAuth'
import { realtimeHub, type RealtimeEvent } from '../realtime/hub'
import { handleEndpointErrors } from './errors'

/** Proxies close idle connections; a comment line every 15 s keeps the stream open. */
const heartbeatMs = 15_000
/** Commits land in Postgres slightly out of `updatedAt` order; replay this far back and let the client dedupe. */
const replayOverlapMs = 2_000

const frame = ({ event, id, message }: RealtimeEvent) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(message)}\n\n`

/**
 * `GET /api/chat/events?session=<sessionToken>`: Server-Sent Events for the session's
 * conversation (`message`, `message-updated`, `message-deleted`). Resumes after `Last-Event-ID`
 * (or `lastEventId=`) by replaying what changed since, so a reconnecting widget misses nothing.
 */
export const chatEventsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/chat/events',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      const { conversation } = await authorizeSession(req, options, req.searchParams.get('session'))
      const conversationId = conversation.id
      // A first connection replays from now: whatever changes while the subscription is being set up
      // (before LISTEN delivers to it) is read back from the table instead of being lost.
      const since = parseEventCursor(req.headers.get('last-event-id') ?? req.searchParams.get('lastEventId')) ?? Date.now()
      const hub = realtimeHub(req.payload, options)
      const encoder = new TextEncoder()
      let cleanup = () => {}

      const stream = new ReadableStream<Uint8Array>({
        start: async (controller) => {
          let closed = false
          const send = (text: string) => {
            if (closed) return
            try {
              controller.enqueue(encoder.encode(text))
            } catch {
              closed = true
            }
          }
          // Replays everything changed after `from`.
          const replay = async (from: number) => {
            const changed = await req.payload.find({
              collection: options.slugs.messages,
              depth: 0,
              overrideAccess: true,
              pagination: false,
              sort: 'updatedAt',
              where: {
                and: [
                  { conversation: { equals: conversationId } },
                  { updatedAt: { greater_than_equal: new Date(from - replayOverlapMs).toISOString() } },
                ],
              },
            })
            for (const doc of changed.docs) {
              const message = toChatMessage(doc)
              const event = message.deletedAt ? 'message-deleted' : Date.parse(String(doc.createdAt)) > from ? 'message' : 'message-updated'
              send(frame({ event, id: eventCursor(doc), message }))
            }
          }

          let lastSeen: number = since
          const unsubscribe = await hub.subscribe(conversationId, {
            onEvent: (event) => {
              lastSeen = parseEventCursor(event.id) ?? lastSeen
              send(frame(event))
            },
            onResync: () => void replay(lastSeen),
          })
          const heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs)
          cleanup = () => {
            closed = true
            clearInterval(heartbeat)
            unsubscribe()
          }
          send(`retry: 2000\n: connected to conversation ${conversationId}\n\n`)
          await replay(since)
        },
        cancel: () => cleanup(),
      })
      return new Response(stream, {
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        },
      })
    }),
})
