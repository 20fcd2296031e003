import type { RealtimeEvent, Subscriber } from './hub'

import { atDeadline, deadlineTimers } from './deadlines'
import { heartbeatTimers, keepAlive } from './heartbeat'
import { eventFrame, signalFrame, textFrame } from './sseFrames'

/** Whether the client may still read: until when, or why not (a sentence for the person). */
export type AccessCheck = { ok: false; message: string } | { ok: true; validUntil?: Date }

export interface SseOptions {
  /** Starts delivering live events; resolves with the function that stops. */
  subscribe: (subscriber: Subscriber) => Promise<() => void>
  /**
   * What changed after a cursor time (ms), oldest first, page by page: replayed on connect and
   * whenever events may have been missed (a lost LISTEN connection).
   */
  replay: (from: number) => AsyncIterable<RealtimeEvent[]>
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
  /**
   * Whether access may have changed since the caller checked it, asked once subscribed: only
   * then is it checked again before the stream starts.
   * @default () => true
   */
  accessChanged?: () => boolean
  /** When access lapses by itself (a session's expiry): the stream re-checks then. */
  validUntil?: Date
  /** Called once when the stream ends, however it ends (frees the caller's stream slot). */
  onClose?: () => void
}

/** The time (ms) an event id `<ms>-<n>` starts with, without splitting the string. */
const cursorTime = (id: string) => Number.parseInt(id, 10)

/** Streams not yet cleaned up, their replays under way: both return to 0 once every stream has ended. */
let openStreams = 0
let runningReplays = 0

/**
 * How many SSE streams of this process are open, how many timers they hold between them (the
 * shared heartbeat and expiry timers: at most 2, 0 once every stream has ended), and how many
 * replays are reading (a replay's query in flight when its stream ends finishes, then stops):
 * tests, diagnostics.
 */
export const sseStreamStats = (): { streams: number; timers: number; replays: number } => ({
  streams: openStreams,
  timers: heartbeatTimers() + deadlineTimers(),
  replays: runningReplays,
})

/**
 * A Server-Sent Events response: subscribes first, then replays what changed since `since`, so
 * nothing written in between is lost (clients dedupe by message id); heartbeats; re-checks access
 * and closes when it ends; cleans up when the client goes away.
 *
 * Whatever fails (the subscription, a replay, a re-check) ends the stream and frees everything it
 * held; the client reconnects with its Last-Event-ID and resumes from there.
 */
export const sseResponse = ({ subscribe, replay, since, withConversation = false, hello, recheck, accessChanged = () => true, validUntil, onClose }: SseOptions): Response => {
  let closed = false
  let unsubscribe: (() => void) | undefined
  let stopHeartbeat: (() => void) | undefined
  let cancelExpiry: (() => void) | undefined
  openStreams++

  /** Frees everything the stream holds; safe to call at any point, any number of times. */
  const cleanup = () => {
    if (closed) return
    closed = true
    openStreams--
    stopHeartbeat?.()
    cancelExpiry?.()
    stopHeartbeat = cancelExpiry = undefined
    const stop = unsubscribe
    unsubscribe = undefined
    try {
      stop?.()
    } finally {
      onClose?.()
    }
  }

  const run = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
    let lastSeen = since
    /** While access is being re-checked nothing is sent; what arrives meanwhile is replayed if it still may be. */
    let checking = 0
    let withheld = false
    /** While a replay runs, live events wait behind it, so the client sees changes in cursor order. */
    let replaying = false
    let queued: RealtimeEvent[] = []
    let catchingUp: Promise<void> = Promise.resolve()

    const send = (frame: Uint8Array) => {
      if (closed) return
      try {
        controller.enqueue(frame)
      } catch {
        cleanup()
      }
    }
    /** Sends an event, unless access is being re-checked: then it is replayed afterwards, if it still may be. */
    const deliver = (event: RealtimeEvent): boolean => {
      if (closed) return false
      if (checking) {
        withheld = true
        return false
      }
      lastSeen = Math.max(lastSeen, cursorTime(event.id) || lastSeen)
      send(eventFrame(event, withConversation))
      return true
    }
    const emit = (event: RealtimeEvent) => {
      if (replaying && !closed) queued.push(event)
      else deliver(event)
    }
    const end = (farewell?: string) => {
      if (closed) return
      if (farewell) send(textFrame(`event: session-ended\ndata: ${JSON.stringify({ message: farewell })}\n\n`))
      cleanup()
      try {
        controller.close()
      } catch {
        // The client is already gone.
      }
    }
    /**
     * Replays from `from` (by default where the client is when it starts), after any replay already
     * running; a failure ends the stream.
     */
    const catchUp = (from?: number): Promise<void> =>
      (catchingUp = catchingUp.then(async () => {
        if (closed) return
        replaying = true
        runningReplays++
        try {
          for await (const page of replay(from ?? lastSeen)) {
            for (const event of page) if (!deliver(event)) return
          }
        } catch {
          end()
        } finally {
          runningReplays--
          replaying = false
          const waiting = queued
          queued = []
          for (const event of waiting) deliver(event)
        }
      }))
    const armExpiry = (until: Date | undefined) => {
      cancelExpiry?.()
      cancelExpiry = until && !closed ? atDeadline(until.getTime(), () => void check()) : undefined
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
        await catchUp()
      }
    }

    stopHeartbeat = keepAlive(send)
    try {
      const stop = await subscribe({
        onEvent: emit,
        // Ephemeral: sent at once, or dropped while access is being re-checked.
        onSignal: (signal) => {
          if (!closed && !checking) send(signalFrame(signal, withConversation))
        },
        // Access changes may have been missed with the connection, as well as messages.
        onResync: () => {
          if (closed) return
          if (!recheck) return void catchUp()
          withheld = true
          void check()
        },
        onAccessChange: () => void check(),
        onClose: () => end(),
      })
      // The client may have left while the subscription was being made.
      if (closed) return stop()
      unsubscribe = stop
      armExpiry(validUntil)
      // An id without data sets the client's Last-Event-ID without an event: a client that loses
      // the connection before its first event still resumes from here, not from its reconnect.
      send(textFrame(`retry: 2000\nid: ${since}-0\n: ${hello}\n\n`))
      // Access may have ended between the caller's check and the subscription: check once more.
      if (recheck && accessChanged()) await check()
      // From where the client left off, even if live events have arrived since: what came before
      // them is a `message` to this client, not an update of one it already has.
      await catchUp(since)
    } catch {
      end()
    }
  }

  const stream = new ReadableStream<Uint8Array>({
    // Not awaited: the response starts at once; `run` never throws, it ends the stream instead.
    start: (controller) => void run(controller),
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
