import type { Payload } from 'payload'

import pg from 'pg'

import type { ResolvedSwitchboardOptions } from '../types'

import { type ChatMessage, eventCursor, toChatMessage } from '../chat/chatMessage'
import { accessChangeKind, messagesChannel, type MessageChangeKind } from './notify'

export type RealtimeEventName = 'message' | 'message-deleted' | 'message-updated'

export interface RealtimeEvent {
  event: RealtimeEventName
  conversationId: number
  /** SSE event id: resume from here with Last-Event-ID. */
  id: string
  message: ChatMessage
}

export interface Subscriber {
  onEvent: (event: RealtimeEvent) => void
  /** The LISTEN connection was lost and re-established: events may have been missed, replay. */
  onResync: () => void
  /** Who may read the conversation changed: check the client still may (chat sessions). */
  onAccessChange?: () => void
}

const eventNames: Record<MessageChangeKind, RealtimeEventName> = {
  created: 'message',
  updated: 'message-updated',
  deleted: 'message-deleted',
}

/**
 * One dedicated `LISTEN` connection per process, fanning message changes out to the SSE streams
 * of this instance by conversation. Each change is read from the database once, however many
 * clients watch that conversation. Any number of instances can run: each listens for itself.
 */
export class RealtimeHub {
  private client?: pg.Client
  private starting?: Promise<void>
  private stopped = false
  private readonly subscribers = new Map<number, Set<Subscriber>>()
  /** Staff streams: every conversation. */
  private readonly everything = new Set<Subscriber>()

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
      if (set.size === 0) this.subscribers.delete(conversationId)
    }
  }

  /** Watches every conversation (the staff inbox); returns the function that stops watching. */
  async subscribeAll(subscriber: Subscriber): Promise<() => void> {
    await this.start()
    this.everything.add(subscriber)
    return () => void this.everything.delete(subscriber)
  }

  get subscriberCount(): number {
    let count = this.everything.size
    for (const set of this.subscribers.values()) count += set.size
    return count
  }

  private start(): Promise<void> {
    if (this.client) return Promise.resolve()
    this.starting ??= this.connect().finally(() => (this.starting = undefined))
    return this.starting
  }

  private async connect(): Promise<void> {
    const { connectionString } = (this.payload.db as unknown as { pool: pg.Pool & { options: pg.PoolConfig } }).pool.options
    const client = new pg.Client({ connectionString })
    client.on('notification', (message) => void this.dispatch(message.payload))
    client.on('error', (error) => {
      this.payload.logger.warn({ msg: `switchboard realtime: LISTEN connection lost (${error.message}); reconnecting` })
      this.client = undefined
      void client.end().catch(() => undefined)
      if (!this.stopped) void this.reconnect()
    })
    await client.connect()
    await client.query(`LISTEN ${messagesChannel}`)
    this.client = client
  }

  private async reconnect(delayMs = 500): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    if (this.stopped) return
    try {
      await this.start()
      for (const s of this.allSubscribers()) s.onResync()
    } catch {
      void this.reconnect(Math.min(delayMs * 2, 10_000))
    }
  }

  private async dispatch(raw: string | undefined): Promise<void> {
    let change: { c: number; m: number | number[]; k: MessageChangeKind | typeof accessChangeKind }
    try {
      change = JSON.parse(raw ?? '') as typeof change
    } catch {
      return
    }
    const set = this.subscribers.get(change.c)
    // Synchronously, before any message event that follows it can be read and delivered.
    if (change.k === accessChangeKind) {
      for (const subscriber of [...(set ?? [])]) subscriber.onAccessChange?.()
      return
    }
    if (!set?.size && !this.everything.size) return
    // A synced page arrives as one notification with a list of ids, read with one query.
    const ids = Array.isArray(change.m) ? change.m : [change.m]
    const { docs } = await this.payload.find({
      collection: this.options.slugs.messages,
      depth: 0,
      limit: ids.length,
      overrideAccess: true,
      pagination: false,
      sort: 'sentAt',
      where: { id: { in: ids } },
    })
    const found = new Map(docs.map((doc) => [Number(doc.id), doc]))
    const events = ids.map((id): RealtimeEvent => {
      const doc = found.get(id)
      const message = doc
        ? toChatMessage(doc)
        : ({ id, text: null, sentAt: new Date().toISOString(), editedAt: null, deletedAt: new Date().toISOString(), direction: 'out', senderName: null, clientMessageId: null } satisfies ChatMessage)
      return { event: eventNames[change.k as MessageChangeKind], conversationId: change.c, id: eventCursor(doc ?? { id }), message }
    })
    events.sort((a, b) => a.message.sentAt.localeCompare(b.message.sentAt))
    for (const event of events) for (const subscriber of [...(set ?? []), ...this.everything]) subscriber.onEvent(event)
  }

  private *allSubscribers(): Iterable<Subscriber> {
    for (const set of this.subscribers.values()) yield* set
    yield* this.everything
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.subscribers.clear()
    this.everything.clear()
    const client = this.client
    this.client = undefined
    await client?.end().catch(() => undefined)
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
