import type { Payload } from 'payload'

import pg from 'pg'

import type { Message } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { type ChatMessage, eventCursor, toChatMessage } from '../chat/chatMessage'
import { accessChangeKind, messagesChannel, type MessageChangeKind, seenKind, type TypingSide, typingKind } from '../db/notifications'
import { findOwnDocs } from '../localApi'
import { inSlices } from './slices'

export type RealtimeEventName = 'message' | 'message-deleted' | 'message-updated'

export interface RealtimeEvent {
  event: RealtimeEventName
  conversationId: number
  /** SSE event id: resume from here with Last-Event-ID. */
  id: string
  message: ChatMessage
}

/**
 * An ephemeral event (`typing`, `seen`): no id, never stored or replayed; a client that was not
 * connected simply misses it.
 */
export interface RealtimeSignal {
  event: 'seen' | 'typing'
  conversationId: number
  data: Record<string, unknown>
}

export interface Subscriber {
  onEvent: (event: RealtimeEvent) => void
  /** An ephemeral signal for this subscriber's side (see `RealtimeSignal`). */
  onSignal?: (signal: RealtimeSignal) => void
  /**
   * Events may have been missed (the LISTEN connection was lost and is back, or a change could
   * not be read): replay from the last one delivered.
   */
  onResync: () => void
  /** Who may read the conversation changed: check the client still may (chat sessions). */
  onAccessChange?: () => void
  /** The hub stopped (shutdown): end the stream; the client reconnects elsewhere or later. */
  onClose?: () => void
}

/** What the hub is doing, for health checks and tests. */
export interface RealtimeHubStatus {
  connected: boolean
  subscribers: number
  /** Timers the hub holds: the health check while connected, the next attempt during an outage. */
  timers: number
  /** Outages so far (a lost connection, however many attempts it took to restore). */
  outages: number
  /** Outages ended by a new connection (every subscriber was then told to resync). */
  reconnects: number
  /** How long the last ended outage lasted, in ms. */
  lastOutageMs?: number
}

const eventNames: Record<MessageChangeKind, RealtimeEventName> = {
  created: 'message',
  updated: 'message-updated',
  deleted: 'message-deleted',
}

/** Keys of a pg pool's options that configure the pool, not its connections. */
const poolOnlyKeys = new Set([
  'allowExitOnIdle',
  'Client',
  'idleTimeoutMillis',
  'log',
  'max',
  'maxLifetimeSeconds',
  'maxUses',
  'min',
  'onConnect',
  'poolSize',
  'Promise',
])

/**
 * The LISTEN connection's settings: everything Payload's pool connects with (connection string or
 * host/port/user/password/database, ssl, timeouts, …) but the pool's own settings, plus TCP
 * keep-alive. The pool hides `password` as a non-enumerable property: own property names, not a
 * spread, so it is kept.
 */
export const listenClientConfig = (poolOptions: pg.PoolConfig): pg.ClientConfig => {
  const config: Record<string, unknown> = {}
  for (const key of Object.getOwnPropertyNames(poolOptions)) {
    if (!poolOnlyKeys.has(key)) config[key] = (poolOptions as Record<string, unknown>)[key]
  }
  return { ...config, keepAlive: true, keepAliveInitialDelayMillis: 10_000 }
}

/** First retry after a lost connection; doubled per failed attempt up to `maxRetryMs`. */
const firstRetryMs = 250
const maxRetryMs = 2_000
/** The longest a health check may take before the connection counts as lost. */
const maxHealthCheckMs = 5_000

const noop = () => {}

/** Drops a connection without waiting for the server (which may be gone, or unreachable). */
const destroy = (client: pg.Client) => {
  client.removeAllListeners('notification')
  client.on('error', noop)
  void client.end().catch(noop)
  ;(client as unknown as { connection?: { stream?: { destroy: () => void } } }).connection?.stream?.destroy()
}

/**
 * Calls `call` for each subscriber of a snapshot of `subscribers` (a callback may unsubscribe); one
 * that throws does not stop the others. One closure per call, not per subscriber: an event reaches
 * thousands of streams.
 */
const eachSafely = (subscribers: Iterable<Subscriber>, call: (subscriber: Subscriber) => void) => {
  for (const subscriber of [...subscribers]) {
    try {
      call(subscriber)
    } catch {
      // The stream's own problem; it cleans up after itself.
    }
  }
}

/**
 * One dedicated `LISTEN` connection per process, fanning message changes out to the SSE streams
 * of this instance by conversation. Each change is read from the database once, however many
 * clients watch that conversation. Any number of instances can run: each listens for itself.
 *
 * The connection is checked with a `select 1` every `realtime.healthCheckSeconds`: a connection
 * that errors, ends, or stops answering (half-open: no error, just silence) is replaced, with
 * backoff while the database is away. Once a new one listens, every subscriber is told to resync
 * (replay from its last event), so nothing written during the outage is lost.
 */
export class RealtimeHub {
  private client?: pg.Client
  private starting?: Promise<void>
  private stopped = false
  private healthTimer?: ReturnType<typeof setInterval>
  private retryTimer?: ReturnType<typeof setTimeout>
  private retryMs = firstRetryMs
  private checking = false
  /** When the current outage began; undefined while connected (or never connected). */
  private outageSince?: number
  private outages = 0
  private reconnects = 0
  private lastOutageMs?: number
  /** Access changes heard and connections lost so far: what `accessMark` counts. */
  private accessEvents = 0
  private readonly subscribers = new Map<number, Set<Subscriber>>()
  /** Staff streams: every conversation. */
  private readonly everything = new Set<Subscriber>()
  /** The last notification's delivery: each waits for the one before, so streams get changes in the order they were announced. */
  private delivered: Promise<void> = Promise.resolve()

  constructor(
    private readonly payload: Payload,
    private readonly options: ResolvedSwitchboardOptions,
  ) {}

  /** Watches one conversation; returns the function that stops watching. */
  async subscribe(conversationId: number, subscriber: Subscriber): Promise<() => void> {
    await this.start()
    const set = this.subscribers.get(conversationId) ?? new Set()
    set.add(subscriber)
    this.subscribers.set(conversationId, set)
    return () => {
      set.delete(subscriber)
      if (set.size === 0 && this.subscribers.get(conversationId) === set) this.subscribers.delete(conversationId)
    }
  }

  /** Watches every conversation (the staff inbox); returns the function that stops watching. */
  async subscribeAll(subscriber: Subscriber): Promise<() => void> {
    await this.start()
    this.everything.add(subscriber)
    return () => void this.everything.delete(subscriber)
  }

  /**
   * Taken before checking a client's access, then passed to `accessChangedSince` once its
   * subscription is in place: unless an access change was heard in between, or the hub was not
   * listening throughout, the check need not be repeated. Undefined while not listening.
   */
  get accessMark(): number | undefined {
    return this.client ? this.accessEvents : undefined
  }

  /** Whether access may have changed since `mark` (see `accessMark`): then check again. */
  accessChangedSince(mark: number | undefined): boolean {
    return mark === undefined || !this.client || mark !== this.accessEvents
  }

  get subscriberCount(): number {
    let count = this.everything.size
    for (const set of this.subscribers.values()) count += set.size
    return count
  }

  get status(): RealtimeHubStatus {
    return {
      connected: Boolean(this.client),
      subscribers: this.subscriberCount,
      timers: (this.healthTimer ? 1 : 0) + (this.retryTimer ? 1 : 0),
      outages: this.outages,
      reconnects: this.reconnects,
      lastOutageMs: this.lastOutageMs,
    }
  }

  private start(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('Switchboard realtime has stopped.'))
    if (this.client) return Promise.resolve()
    this.starting ??= this.connect().finally(() => (this.starting = undefined))
    return this.starting
  }

  private async connect(): Promise<void> {
    const { pool } = this.payload.db as unknown as { pool: pg.Pool & { options: pg.PoolConfig } }
    const client = new pg.Client(listenClientConfig(pool.options))
    client.on('notification', (message) => {
      // A failed delivery is logged and does not hold up the ones after it.
      this.delivered = this.dispatch(message.payload, this.delivered).catch((error: unknown) => {
        this.payload.logger.error({ err: error, msg: 'switchboard realtime: could not deliver a change' })
      })
    })
    client.on('error', (error) => this.lost(client, error.message))
    client.on('end', () => this.lost(client, 'the connection closed'))
    try {
      await client.connect()
      await client.query(`LISTEN ${messagesChannel}`)
      if (this.stopped) throw new Error('Switchboard realtime has stopped.')
    } catch (error) {
      destroy(client)
      throw error
    }
    this.client = client
    this.retryMs = firstRetryMs
    const intervalMs = this.options.realtime.healthCheckSeconds * 1000
    this.healthTimer = setInterval(() => void this.checkHealth(client, Math.min(intervalMs, maxHealthCheckMs)), intervalMs)
    if (this.outageSince !== undefined) {
      clearTimeout(this.retryTimer)
      this.retryTimer = undefined
      this.lastOutageMs = Date.now() - this.outageSince
      this.outageSince = undefined
      this.reconnects++
      const streams = this.subscriberCount
      this.payload.logger.info({ msg: `switchboard realtime: LISTEN connection restored after ${this.lastOutageMs} ms; ${streams} stream(s) replaying what they missed` })
      eachSafely(this.allSubscribers(), (subscriber) => subscriber.onResync())
    }
  }

  /** A `select 1` that must answer in time; otherwise the connection is treated as lost. */
  private async checkHealth(client: pg.Client, timeoutMs: number): Promise<void> {
    if (client !== this.client || this.checking) return
    this.checking = true
    try {
      await client.query({ text: 'select 1', query_timeout: timeoutMs } as pg.QueryConfig)
    } catch (error) {
      this.lost(client, `health check failed: ${(error as Error).message}`)
    } finally {
      this.checking = false
    }
  }

  /** The current connection failed: drop it and reconnect; logged once per outage. */
  private lost(client: pg.Client, reason: string): void {
    if (client !== this.client) return
    this.client = undefined
    this.accessEvents++
    clearInterval(this.healthTimer)
    this.healthTimer = undefined
    destroy(client)
    if (this.stopped) return
    this.outageSince = Date.now()
    this.outages++
    this.payload.logger.warn({ msg: `switchboard realtime: LISTEN connection lost (${reason}); reconnecting` })
    this.scheduleRetry()
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer)
    const delay = this.retryMs
    this.retryMs = Math.min(this.retryMs * 2, maxRetryMs)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      if (this.stopped || this.client) return
      // A failed attempt is part of the same outage: not logged again.
      this.start().catch(() => {
        if (!this.stopped && !this.client) this.scheduleRetry()
      })
    }, delay)
  }

  /**
   * Hands one notification to the streams it concerns. Messages are read at once (reads of
   * several notifications overlap) but delivered after `previous`, the notification before; every
   * path ends after `previous` too, so a signal in between does not let a later change overtake.
   */
  private async dispatch(raw: string | undefined, previous: Promise<void>): Promise<void> {
    let change: {
      c: number
      m: number | number[]
      k: MessageChangeKind | typeof accessChangeKind | typeof seenKind | typeof typingKind
      f?: TypingSide
      t?: string
    }
    try {
      change = JSON.parse(raw ?? '') as typeof change
    } catch {
      return previous
    }
    const set = this.subscribers.get(change.c)
    // Synchronously, before any message event that follows it can be read and delivered.
    if (change.k === accessChangeKind) {
      this.accessEvents++
      eachSafely(set ?? [], (subscriber) => subscriber.onAccessChange?.())
      return previous
    }
    // To the other side only: the customer's typing to staff streams; staff typing and "seen" to
    // the conversation's chat sessions (the streams subscribed to one conversation).
    if (change.k === typingKind || change.k === seenKind) {
      const toStaff = change.k === typingKind && change.f === 'customer'
      const signal: RealtimeSignal =
        change.k === typingKind
          ? { event: 'typing', conversationId: change.c, data: { from: change.f } }
          : { event: 'seen', conversationId: change.c, data: { seenAt: change.t } }
      eachSafely(toStaff ? this.everything : (set ?? []), (subscriber) => subscriber.onSignal?.(signal))
      return previous
    }
    if (!set?.size && !this.everything.size) return previous
    // A synced page arrives as one notification with a list of ids, read with one query.
    const ids = Array.isArray(change.m) ? change.m : [change.m]
    let docs: Message[]
    try {
      docs = await findOwnDocs(this.payload, this.options, 'messages', { id: { in: ids } }, { limit: ids.length, sort: 'sentAt' })
    } catch (error) {
      // The change happened, but could not be read: whoever watches it replays instead.
      this.payload.logger.warn({ msg: `switchboard realtime: could not read changed messages (${(error as Error).message}); streams replay` })
      eachSafely(this.watchersOf(change.c), (subscriber) => subscriber.onResync())
      return previous
    }
    const found = new Map(docs.map((doc) => [Number(doc.id), doc]))
    const events = ids.map((id): RealtimeEvent => {
      const doc = found.get(id)
      const message = doc
        ? toChatMessage(doc)
        : ({ id, text: null, sentAt: new Date().toISOString(), editedAt: null, deletedAt: new Date().toISOString(), direction: 'out', senderName: null, clientMessageId: null } satisfies ChatMessage)
      return { event: eventNames[change.k as MessageChangeKind], conversationId: change.c, id: eventCursor(doc ?? { id }), message }
    })
    events.sort((a, b) => a.message.sentAt.localeCompare(b.message.sentAt))
    await previous
    // Who watches now (streams may have come and gone while the messages were read), in slices:
    // the first streams have it at once, and other requests are not held meanwhile.
    await inSlices(this.watchersOf(change.c), (slice) => {
      for (const event of events) eachSafely(slice, (subscriber) => subscriber.onEvent(event))
    })
  }

  /** The streams a change in this conversation reaches: the conversation's, then every staff stream. */
  private watchersOf(conversationId: number): Subscriber[] {
    return [...(this.subscribers.get(conversationId) ?? []), ...this.everything]
  }

  private *allSubscribers(): Iterable<Subscriber> {
    for (const set of this.subscribers.values()) yield* set
    yield* this.everything
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.healthTimer)
    clearTimeout(this.retryTimer)
    this.healthTimer = this.retryTimer = undefined
    const subscribers = [...this.allSubscribers()]
    this.subscribers.clear()
    this.everything.clear()
    eachSafely(subscribers, (subscriber) => subscriber.onClose?.())
    await this.starting?.catch(noop)
    const client = this.client
    this.client = undefined
    if (!client) return
    client.removeAllListeners('end')
    client.on('error', noop)
    // A clean goodbye when the server answers; never a shutdown that waits on a dead socket.
    let timer: ReturnType<typeof setTimeout> | undefined
    await Promise.race([client.end().catch(noop), new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))])
    clearTimeout(timer)
    destroy(client)
  }
}

const hubs = new WeakMap<Payload, RealtimeHub>()

export const realtimeHub = (payload: Payload, options: ResolvedSwitchboardOptions): RealtimeHub => {
  let hub = hubs.get(payload)
  if (!hub) {
    hub = new RealtimeHub(payload, options)
    hubs.set(payload, hub)
  }
  return hub
}

/** Closes this instance's LISTEN connection (on shutdown, with Payload). */
export const stopRealtimeHub = async (payload: Payload): Promise<void> => {
  await hubs.get(payload)?.stop()
  hubs.delete(payload)
}
