import type { RealtimeEvent, Subscriber } from './hub'

/** Proxies close idle connections; a comment line every 15 s keeps the stream open. */
const heartbeatMs = 15_000

const frame = ({ event, id, message, conversationId }: RealtimeEvent, withConversation: boolean) =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(withConversation ? { ...message, conversationId } : message)}\n\n`

export interface SseOptions {
  /** Starts delivering live events; resolves with the function that stops. */
  subscribe: (subscriber: Subscriber) => Promise<() => void>
  /** What changed after a cursor time (ms), replayed on connect and after a lost LISTEN connection. */
  replay: (from: number) => Promise<RealtimeEvent[]>
  /** Where this client left off (Last-Event-ID), or the request's start on a first connection. */
  since: number
  /** Include `conversationId` in each event's data (streams that span conversations). */
  withConversation?: boolean
  /** A comment sent once connected, after the subscription is in place. */
  hello: string
}

const cursorTime = (id: string) => Number(id.split('-')[0])

/**
 * A Server-Sent Events response: subscribes first, then replays what changed since `since`, so
 * nothing written in between is lost (clients dedupe by message id); heartbeats; cleans up when
 * the client goes away.
 */
export const sseResponse = ({ subscribe, replay, since, withConversation = false, hello }: SseOptions): Response => {
  const encoder = new TextEncoder()
  let cleanup = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      let closed = false
      let lastSeen = since
      const send = (text: string) => {
        if (closed) return
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          closed = true
        }
      }
      const emit = (event: RealtimeEvent) => {
        lastSeen = Math.max(lastSeen, cursorTime(event.id) || lastSeen)
        send(frame(event, withConversation))
      }
      const catchUp = async (from: number) => {
        for (const event of await replay(from)) emit(event)
      }
      const unsubscribe = await subscribe({ onEvent: emit, onResync: () => void catchUp(lastSeen) })
      const heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs)
      cleanup = () => {
        closed = true
        clearInterval(heartbeat)
        unsubscribe()
      }
      send(`retry: 2000\n: ${hello}\n\n`)
      await catchUp(since)
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
}
