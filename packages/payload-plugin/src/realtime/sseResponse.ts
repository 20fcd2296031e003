import type { RealtimeEvent, Subscriber } from './hub'

/** Proxies close idle connections; a comment line every 15 s keeps the stream open. */
const heartbeatMs = 15_000

/** setTimeout's longest delay; a later deadline is re-checked when this one passes. */
const maxTimerMs = 2 ** 31 - 1

const frame = ({ event, id, message, conversationId }: RealtimeEvent, withConversation: boolean) =>
  `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(withConversation ? { ...message, conversationId } : message)}\n\n`

/** Whether the client may still read: until when, or why not (a sentence for the person). */
export type AccessCheck = { ok: false; message: string } | { ok: true; validUntil?: Date }

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
  /**
   * Re-checks the client's access when it may have changed (an access-change notification, a
   * lost LISTEN connection) and at `validUntil`. A refusal ends the stream with a
   * `session-ended` event carrying its message; a failed check ends it without one (the client
   * reconnects and is checked afresh).
   */
  recheck?: () => Promise<AccessCheck>
  /** When access lapses by itself (a session's expiry): the stream re-checks then. */
  validUntil?: Date
}

const cursorTime = (id: string) => Number(id.split('-')[0])

/**
 * A Server-Sent Events response: subscribes first, then replays what changed since `since`, so
 * nothing written in between is lost (clients dedupe by message id); heartbeats; re-checks access
 * and closes when it ends; cleans up when the client goes away.
 */
export const sseResponse = ({ subscribe, replay, since, withConversation = false, hello, recheck, validUntil }: SseOptions): Response => {
  const encoder = new TextEncoder()
  let cleanup = () => {}
  const stream = new ReadableStream<Uint8Array>({
    start: async (controller) => {
      let closed = false
      let lastSeen = since
      /** While access is being re-checked nothing is sent; what arrives meanwhile is replayed if it still may be. */
      let checking = 0
      let withheld = false
      let expiryTimer: ReturnType<typeof setTimeout> | undefined
      const send = (text: string) => {
        if (closed) return
        try {
          controller.enqueue(encoder.encode(text))
        } catch {
          closed = true
        }
      }
      const emit = (event: RealtimeEvent) => {
        if (checking) {
          withheld = true
          return
        }
        lastSeen = Math.max(lastSeen, cursorTime(event.id) || lastSeen)
        send(frame(event, withConversation))
      }
      const catchUp = async (from: number) => {
        for (const event of await replay(from)) emit(event)
      }
      const end = (farewell?: string) => {
        if (closed) return
        if (farewell) send(`event: session-ended\ndata: ${JSON.stringify({ message: farewell })}\n\n`)
        cleanup()
        try {
          controller.close()
        } catch {
          // The client is already gone.
        }
      }
      const armExpiry = (until: Date | undefined) => {
        clearTimeout(expiryTimer)
        if (until) expiryTimer = setTimeout(() => void check(), Math.min(maxTimerMs, Math.max(0, until.getTime() - Date.now())))
      }
      const check = async () => {
        if (!recheck || closed) return
        checking++
        let result: AccessCheck | undefined
        try {
          result = await recheck()
        } catch {
          result = undefined
        } finally {
          checking--
        }
        if (!result) return end()
        if (!result.ok) return end(result.message)
        armExpiry(result.validUntil)
        if (!checking && withheld) {
          withheld = false
          await catchUp(lastSeen)
        }
      }
      const unsubscribe = await subscribe({
        onEvent: emit,
        // Access changes may have been missed with the connection, as well as messages.
        onResync: () => {
          withheld = true
          void (recheck ? check() : catchUp(lastSeen))
        },
        onAccessChange: () => void check(),
      })
      const heartbeat = setInterval(() => send(': ping\n\n'), heartbeatMs)
      cleanup = () => {
        closed = true
        clearInterval(heartbeat)
        clearTimeout(expiryTimer)
        unsubscribe()
      }
      armExpiry(validUntil)
      send(`retry: 2000\n: ${hello}\n\n`)
      // Access may have ended between the caller's check and the subscription: check once more.
      if (recheck) await check()
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
