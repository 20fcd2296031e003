import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { type RunningPostgres, startEmbeddedPostgres } from '../../dev/host/embeddedPostgres'
import { messagesChannel, typingKind } from '../../packages/payload-plugin/src/db/notifications'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { listenClientConfig, RealtimeHub, realtimeHub, type Subscriber } from '../../packages/payload-plugin/src/realtime/hub'
import { sseResponse, sseStreamStats } from '../../packages/payload-plugin/src/realtime/sseResponse'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json } from '../helpers/rest'
import { type SseEvent, sseReader } from '../helpers/sse'

/**
 * Realtime under database faults, on a PostgreSQL cluster of this file's own (the suite's shared
 * server must not be stopped), reached through a TCP proxy on loopback that can silence a
 * connection without closing it. See docs/operations.md, "What we test".
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const waitFor = async <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

/** Timers keeping the process alive (what a leaked heartbeat interval would add to). */
const activeTimeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length

interface ProxiedConnection {
  client: net.Socket
  upstream: net.Socket
  /** This connection sent `LISTEN`: it is the realtime hub's. */
  listening: boolean
  /** Half-open: bytes in either direction are dropped, the sockets stay open. */
  silenced: boolean
}

/** A TCP proxy to the cluster that can make the LISTEN connection half-open (a dead NAT entry). */
const startProxy = async (targetPort: number) => {
  const connections = new Set<ProxiedConnection>()
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1')
    const connection: ProxiedConnection = { client, upstream, listening: false, silenced: false }
    connections.add(connection)
    client.on('data', (chunk) => {
      if (connection.silenced) return
      if (chunk.includes('LISTEN switchboard_messages')) connection.listening = true
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (!connection.silenced) client.write(chunk)
    })
    const close = () => {
      connections.delete(connection)
      client.destroy()
      upstream.destroy()
    }
    for (const socket of [client, upstream]) socket.on('error', close).on('close', close)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Silences the LISTEN connection(s); returns how many. */
    silenceListen: () => {
      let count = 0
      for (const connection of connections) {
        if (connection.listening) {
          connection.silenced = true
          count++
        }
      }
      return count
    },
    close: async () => {
      for (const { client, upstream } of connections) {
        client.destroy()
        upstream.destroy()
      }
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

let dataDir: string
let cluster: RunningPostgres
let proxy: Awaited<ReturnType<typeof startProxy>>
let app: TestApp
let staffA: Awaited<ReturnType<typeof createUserAndLogin>>
let staffB: Awaited<ReturnType<typeof createUserAndLogin>>
let ipCounter = 1

const caps = { maxStreamsPerSession: 2, maxStreamsPerAddress: 3, maxStreamsPerUser: 5 }

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-realtime-faults-pg-'))
  // Persistent, so that a stop keeps the data for the start that follows.
  cluster = await startEmbeddedPostgres({ dataDir, port: 0, persistent: true })
  proxy = await startProxy(cluster.port)
  const serverUrl = new URL(cluster.url)
  serverUrl.port = String(proxy.port)
  app = await createTestApp({ serverUrl: serverUrl.toString(), switchboard: { realtime: { ...caps, healthCheckSeconds: 1 } } })
  staffA = await createUserAndLogin(app, 'staff-a@example.com', ['staff'])
  staffB = await createUserAndLogin(app, 'staff-b@example.com', ['staff'])
})

afterAll(async () => {
  await app?.close()
  await proxy?.close()
  await cluster?.stop()
  if (dataDir) await rm(dataDir, { recursive: true, force: true })
})

const hub = () => realtimeHub(app.payload, switchboardOptionsOf(app.payload))
const newIp = () => `10.9.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`

/** A new chat link's session: `{ sessionToken, conversationId }`. */
const newSession = async (): Promise<{ sessionToken: string; conversationId: number }> => {
  const token = await staffA.rest.post('/chat-tokens', { kind: 'personal' })
  expect(token.status).toBe(201)
  const response = await app.rest('/chat/sessions', {
    method: 'POST',
    body: JSON.stringify({ token: token.body.doc.token }),
    headers: { 'x-forwarded-for': newIp() },
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { sessionToken: string; conversationId: number }
}

const chatPath = (sessionToken: string) => `/chat/events?session=${encodeURIComponent(sessionToken)}`

/** A staff reply; retried while the database is coming back (this file tests realtime, not writes). */
const reply = async (conversationId: number, text: string): Promise<number> => {
  for (let attempt = 0; ; attempt++) {
    const result = await staffA.rest.post('/messages', { conversation: conversationId, text, direction: 'out' }).catch(() => undefined)
    if (result?.status === 201) return result.body.doc.id as number
    if (attempt > 60) throw new Error(`could not post: ${JSON.stringify(result?.body)}`)
    await sleep(250)
  }
}

/**
 * An SSE client as a browser's EventSource behaves: when the stream ends it reconnects with the
 * last event id it saw (`Last-Event-ID`), retrying while the server answers with an error.
 */
const liveClient = (streamPath: string, headers: Record<string, string>) => {
  const ids = new Set<number>()
  const state = { closed: false, connections: 0, refusals: 0, lastEventId: undefined as string | undefined }
  let current: ReturnType<typeof sseReader> | undefined
  const loop = async () => {
    while (!state.closed) {
      const response = await app
        .rest(streamPath, { method: 'GET', headers: { ...headers, ...(state.lastEventId ? { 'last-event-id': state.lastEventId } : {}) } })
        .catch(() => undefined)
      if (response?.status !== 200) {
        state.refusals++
        await response?.body?.cancel()
        await sleep(200)
        continue
      }
      state.connections++
      const reader = (current = sseReader(response))
      let seen = 0
      for (;;) {
        for (; seen < reader.events.length; seen++) {
          const event: SseEvent = reader.events[seen]!
          if (event.event?.startsWith('message') && event.data) ids.add((JSON.parse(event.data) as { id: number }).id)
        }
        state.lastEventId = reader.lastEventId ?? state.lastEventId
        if (reader.done || state.closed) break
        await sleep(20)
      }
      if (state.closed) await reader.close()
    }
  }
  const running = loop()
  const close = async () => {
    state.closed = true
    await current?.close()
    await running
  }
  openClients.add(close)
  return { ids, state, close }
}

/** Clients a failed test left open, closed before the next one. */
const openClients = new Set<() => Promise<void>>()
afterEach(async () => {
  await Promise.all([...openClients].map((close) => close()))
  openClients.clear()
})

describe('PostgreSQL restart', () => {
  it('delivers every message to 50 SSE clients across a restart, then frees every subscriber and timer', { timeout: 120_000 }, async () => {
    const sessions = await Promise.all(Array.from({ length: 20 }, () => newSession()))
    await waitFor('no streams from earlier tests', () => sseStreamStats().streams === 0)
    const timeoutsBefore = activeTimeouts()
    const hubBefore = hub().status

    // 40 widget streams (two per chat session, each from its own address) and 10 inbox streams
    // (five per staff user): every cap is exactly full.
    const chatClients = sessions.flatMap((session) =>
      [0, 1].map(() => ({ conversationId: session.conversationId, client: liveClient(chatPath(session.sessionToken), { 'x-forwarded-for': newIp() }) })),
    )
    const staffClients = [staffA, staffB].flatMap((staff) =>
      Array.from({ length: 5 }, () => liveClient('/switchboard/events', { authorization: `JWT ${staff.token}` })),
    )
    const clients = [...chatClients.map(({ client }) => client), ...staffClients]
    expect(clients).toHaveLength(50)
    await waitFor('50 subscribers', () => hub().subscriberCount === 50)

    const posted = new Map<number, number[]>(sessions.map((session) => [session.conversationId, []]))
    const post = async (conversationId: number, label: string) => posted.get(conversationId)!.push(await reply(conversationId, `${label} ${conversationId}`))
    const postRound = async (label: string) => {
      for (const session of sessions) await post(session.conversationId, label)
    }
    await postRound('before')

    // Fast shutdown (SIGINT) while 20 replies are being written at once and their notifications
    // read (each reply is retried until answered 201), down for a few seconds, then back.
    const duringStop = Promise.all(sessions.map((session) => post(session.conversationId, 'during the shutdown')))
    await sleep(50)
    await cluster.stop()
    const stoppedAt = Date.now()
    await sleep(4_000)
    await waitFor('the hub to notice', () => !hub().status.connected)
    await cluster.start()
    const startedAt = Date.now()
    // Written while the hub is still reconnecting: their notifications have no listener, so only
    // the resync's replay can deliver them.
    const postedWhileAway = hub().status.connected ? 0 : sessions.length
    await postRound('right after the restart')
    await waitFor('the hub to reconnect', () => hub().status.connected, 30_000)
    await duringStop
    const reconnectMs = Date.now() - startedAt
    await postRound('after the reconnect')

    // A reply whose COMMIT the shutdown cut off can still have been answered 201 (Payload's
    // commitTransaction swallows a failed commit): it was never stored, so no one can be sent it.
    const acknowledged = [...posted.values()].flat()
    const stored = new Set(
      (await app.payload.find({ collection: 'messages', depth: 0, limit: 0, pagination: false, where: { id: { in: acknowledged } } })).docs.map((doc) => Number(doc.id)),
    )
    const notStored = acknowledged.filter((id) => !stored.has(id))
    for (const [conversationId, ids] of posted) posted.set(conversationId, ids.filter((id) => stored.has(id)))
    const expected = (conversationId?: number) => (conversationId === undefined ? [...posted.values()].flat() : posted.get(conversationId)!)
    const missing = () => {
      let count = 0
      for (const { conversationId, client } of chatClients) count += expected(conversationId).filter((id) => !client.ids.has(id)).length
      for (const client of staffClients) count += expected().filter((id) => !client.ids.has(id)).length
      return count
    }
    await waitFor('every client to have every message', () => missing() === 0, 30_000).catch(() => undefined)
    const deliveredAt = Date.now()
    const status = hub().status
    console.log(
      `realtime restart: ${clients.length} clients, ${expected().length} messages (${postedWhileAway} written before the hub was back; ` +
        `${notStored.length} more answered 201 but not stored), ` +
        `${chatClients.reduce((n, { conversationId }) => n + expected(conversationId).length, 0) + staffClients.length * expected().length} deliveries expected, ${missing()} lost; ` +
        `down ${startedAt - stoppedAt} ms, hub reconnected ${reconnectMs} ms after the restart (outage ${status.lastOutageMs} ms), ` +
        `all delivered ${deliveredAt - startedAt} ms after it; stream reconnects ${clients.reduce((n, c) => n + c.state.connections - 1, 0)}`,
    )
    if (missing()) {
      const round = (id: number) => [...posted.values()].map((ids) => ids.indexOf(id)).find((i) => i >= 0)
      for (const [i, { conversationId, client }] of chatClients.entries()) {
        const lost = expected(conversationId).filter((id) => !client.ids.has(id))
        if (lost.length) console.log(`chat client ${i} (conversation ${conversationId}) missed messages ${lost.join(', ')} from rounds ${lost.map(round).join(', ')}`, client.state)
      }
      for (const [i, client] of staffClients.entries()) {
        const lost = expected().filter((id) => !client.ids.has(id))
        if (lost.length) console.log(`staff client ${i} missed messages ${lost.join(', ')} from rounds ${lost.map(round).join(', ')}`, client.state)
      }
    }
    expect(missing()).toBe(0)
    expect(status.reconnects).toBeGreaterThan(hubBefore.reconnects)
    expect(status.outages).toBeGreaterThan(hubBefore.outages)

    await Promise.all(clients.map((client) => client.close()))
    await waitFor('every subscriber gone', () => hub().subscriberCount === 0 && sseStreamStats().streams === 0 && sseStreamStats().replays === 0)
    expect(sseStreamStats()).toEqual({ streams: 0, timers: 0, replays: 0 })
    // The hub keeps only its health check.
    expect(hub().status.timers).toBe(1)
    // 50 leaked heartbeats would show here; the pg pool's idle timers (at most 10) may.
    expect(activeTimeouts()).toBeLessThanOrEqual(timeoutsBefore + 10)
  })

  it('replaces a half-open LISTEN connection (no error, just silence) and delivers what it missed', { timeout: 60_000 }, async () => {
    const session = await newSession()
    const client = liveClient(chatPath(session.sessionToken), { 'x-forwarded-for': newIp() })
    await waitFor('the subscriber', () => hub().subscriberCount === 1)
    const before = hub().status
    expect(before.connected).toBe(true)
    expect(proxy.silenceListen()).toBe(1)
    const silencedAt = Date.now()
    const id = await reply(session.conversationId, 'into the void')
    await waitFor('the message', () => client.ids.has(id), 15_000)
    console.log(`realtime half-open: detected and delivered ${Date.now() - silencedAt} ms after the connection went silent (health check every 1 s)`)
    expect(hub().status.outages).toBe(before.outages + 1)
    expect(hub().status.reconnects).toBe(before.reconnects + 1)
    await client.close()
    await waitFor('no subscriber', () => hub().subscriberCount === 0)
  })
})

describe('the hub', () => {
  it('connects with the pool’s separate host, port, user, password and database, and keeps TCP alive', async () => {
    const url = new URL(app.databaseUrl)
    const poolOptions = {
      host: url.hostname,
      port: Number(url.port),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      database: url.pathname.slice(1),
      max: 3,
      idleTimeoutMillis: 1_000,
    }
    const pool = new pg.Pool(poolOptions)
    const config = listenClientConfig(pool.options)
    const { max: _max, idleTimeoutMillis: _idle, ...connectionOptions } = poolOptions
    expect(config).toMatchObject({ ...connectionOptions, keepAlive: true })
    expect(config).not.toHaveProperty('max')
    expect(config).not.toHaveProperty('idleTimeoutMillis')

    // A hub on a pool without a connection string still listens, and hears a reply.
    const payload = { db: { pool }, logger: app.payload.logger, find: app.payload.find.bind(app.payload) } as unknown as Payload
    const separate = new RealtimeHub(payload, switchboardOptionsOf(app.payload))
    const session = await newSession()
    const heard: number[] = []
    const stop = await separate.subscribe(session.conversationId, { onEvent: (event) => heard.push(event.message.id), onResync: () => {} })
    const id = await reply(session.conversationId, 'over a pool of separate settings')
    await waitFor('the event', () => heard.includes(id))
    stop()
    await separate.stop()
    expect(separate.status).toMatchObject({ connected: false, subscribers: 0, timers: 0 })
    await pool.end()
  })

  it('delivers changes in the order announced, to many watchers in slices', async () => {
    const { pool } = app.payload.db as unknown as { pool: pg.Pool }
    // The first read is slow: the second change is read first, and must still arrive second.
    let reads = 0
    const slowFirstRead = {
      db: { pool },
      logger: app.payload.logger,
      find: async (...args: Parameters<Payload['find']>) => {
        if (reads++ === 0) await new Promise((resolve) => setTimeout(resolve, 500))
        return app.payload.find(...args)
      },
    } as unknown as Payload
    const ordered = new RealtimeHub(slowFirstRead, switchboardOptionsOf(app.payload))
    const session = await newSession()
    const watchers = 600
    const heard: number[][] = Array.from({ length: watchers }, () => [])
    /** Whether other work ran between the first watcher's delivery and the last one's. */
    let otherWorkRan = false
    let otherWorkBeforeLast: boolean | undefined
    const stops = await Promise.all(
      heard.map((ids, index) =>
        ordered.subscribe(session.conversationId, {
          onEvent: (event) => {
            ids.push(event.message.id)
            if (index === 0 && ids.length === 1) setImmediate(() => (otherWorkRan = true))
            if (index === watchers - 1 && ids.length === 1) otherWorkBeforeLast = otherWorkRan
          },
          onResync: () => {},
        }),
      ),
    )
    const first = await reply(session.conversationId, 'announced first')
    // A signal in between (nothing to read) does not let the second change overtake the first.
    await pool.query('select pg_notify($1, $2)', [messagesChannel, JSON.stringify({ c: session.conversationId, k: typingKind, f: 'staff' })])
    const second = await reply(session.conversationId, 'announced second')
    await waitFor('every watcher has both', () => heard.every((ids) => ids.length === 2))
    expect(heard.every((ids) => ids[0] === first && ids[1] === second)).toBe(true)
    expect(otherWorkBeforeLast).toBe(true)
    for (const stop of stops) stop()
    await ordered.stop()
  })

  it('resyncs the watchers of a change it cannot read, instead of throwing or dropping it', async () => {
    const { pool } = app.payload.db as unknown as { pool: pg.Pool }
    const failing = {
      db: { pool },
      logger: app.payload.logger,
      find: async () => {
        throw new Error('Connection terminated unexpectedly')
      },
    } as unknown as Payload
    const broken = new RealtimeHub(failing, switchboardOptionsOf(app.payload))
    const session = await newSession()
    let resyncs = 0
    let events = 0
    const stop = await broken.subscribe(session.conversationId, { onEvent: () => events++, onResync: () => resyncs++ })
    await reply(session.conversationId, 'unreadable for now')
    await waitFor('a resync', () => resyncs > 0)
    expect(events).toBe(0)
    stop()
    await broken.stop()
  })
})

describe('SSE streams that fail', () => {
  const hubSubscribe = (conversationId: number) => (subscriber: Subscriber) => hub().subscribe(conversationId, subscriber)

  it('free the subscriber and the heartbeat when the replay throws, and end the stream', async () => {
    const session = await newSession()
    const timeoutsBefore = activeTimeouts()
    let closed = 0
    const response = sseResponse({
      subscribe: hubSubscribe(session.conversationId),
      // eslint-disable-next-line require-yield
      replay: async function* () {
        throw new Error('the database went away')
      },
      since: Date.now(),
      hello: 'test',
      onClose: () => closed++,
    })
    const reader = sseReader(response)
    await reader.ended(5_000)
    expect(hub().subscriberCount).toBe(0)
    expect(sseStreamStats()).toEqual({ streams: 0, timers: 0, replays: 0 })
    expect(closed).toBe(1)
    expect(activeTimeouts()).toBeLessThanOrEqual(timeoutsBefore)
  })

  it('free the heartbeat when subscribing throws, and end the stream', async () => {
    const response = sseResponse({
      subscribe: async () => {
        throw new Error('cannot listen')
      },
      replay: async function* () {},
      since: Date.now(),
      hello: 'test',
    })
    await sseReader(response).ended(5_000)
    expect(sseStreamStats()).toEqual({ streams: 0, timers: 0, replays: 0 })
  })

  it('unsubscribe when the client left while the subscription was still being made', async () => {
    const session = await newSession()
    let resolveGate!: () => void
    const gate = new Promise<void>((resolve) => (resolveGate = resolve))
    const response = sseResponse({
      subscribe: async (subscriber) => {
        await gate
        return hubSubscribe(session.conversationId)(subscriber)
      },
      replay: async function* () {},
      since: Date.now(),
      hello: 'test',
    })
    await response.body!.cancel()
    resolveGate()
    await sleep(200)
    expect(hub().subscriberCount).toBe(0)
    expect(sseStreamStats()).toEqual({ streams: 0, timers: 0, replays: 0 })
  })
})

describe('resume point', () => {
  it('gives a client its Last-Event-ID on connect, before any event, so a drop before the first event loses nothing', async () => {
    const session = await newSession()
    const connectedAt = Date.now()
    const reader = sseReader(await app.rest(chatPath(session.sessionToken), { method: 'GET', headers: { 'x-forwarded-for': newIp() } }))
    const lastEventId = await waitFor('an id', () => reader.lastEventId, 5_000)
    expect(reader.events).toEqual([])
    const [time, id] = lastEventId.split('-').map(Number)
    expect(id).toBe(0)
    expect(time).toBeGreaterThanOrEqual(connectedAt - 1)
    await reader.close()

    // The connection drops; a reply is written; the client comes back with that id and gets it.
    const missed = await reply(session.conversationId, 'while you were reconnecting')
    await sleep(2_100)
    const resumed = sseReader(
      await app.rest(chatPath(session.sessionToken), { method: 'GET', headers: { 'x-forwarded-for': newIp(), 'last-event-id': lastEventId } }),
    )
    expect(JSON.parse((await resumed.next((event) => event.event === 'message')).data!)).toMatchObject({ id: missed })
    await resumed.close()
  })
})

describe('replay', () => {
  it('pages through every change after the cursor: 2,500 messages written in one statement (one updatedAt)', { timeout: 60_000 }, async () => {
    const session = await newSession()
    const from = Date.now() - 10_000
    const db = (app.payload.db as unknown as { drizzle: { execute: (query: unknown) => Promise<unknown> } }).drizzle
    // No hooks, so no notifications: only the replay can deliver these.
    await db.execute(sql`
      insert into messages (conversation_id, text, direction, sent_at)
      select ${session.conversationId}, 'bulk ' || n, 'in', now() from generate_series(1, 2500) as n`)
    const lastEventId = `${from}-0`
    const reader = sseReader(await app.rest(chatPath(session.sessionToken), { method: 'GET', headers: { 'last-event-id': lastEventId, 'x-forwarded-for': newIp() } }))
    const ids = new Set<number>()
    await waitFor('2,500 replayed messages', () => {
      for (const event of reader.events) if (event.data && event.event === 'message') ids.add((JSON.parse(event.data) as Json).id as number)
      return ids.size >= 2500
    })
    expect(ids.size).toBe(2500)
    // In cursor order, never backwards.
    const cursors = reader.events.filter((event) => event.id).map((event) => event.id!.split('-').map(Number) as [number, number])
    const backwards = cursors.filter(([time, id], i) => i > 0 && (time < cursors[i - 1]![0] || (time === cursors[i - 1]![0] && id <= cursors[i - 1]![1])))
    expect(backwards).toEqual([])
    await reader.close()
  })
})

describe('stream caps', () => {
  const open = (streamPath: string, headers: Record<string, string>) => app.rest(streamPath, { method: 'GET', headers })

  it('refuses a chat session’s third stream with a 429 until one closes', async () => {
    const session = await newSession()
    const first = await open(chatPath(session.sessionToken), { 'x-forwarded-for': newIp() })
    const second = await open(chatPath(session.sessionToken), { 'x-forwarded-for': newIp() })
    expect([first.status, second.status]).toEqual([200, 200])
    const third = await open(chatPath(session.sessionToken), { 'x-forwarded-for': newIp() })
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('10')
    expect((await third.json()) as Json).toEqual({ errors: [{ message: expect.stringMatching(/already has 2 live connections open/) }] })
    await first.body!.cancel()
    const again = await open(chatPath(session.sessionToken), { 'x-forwarded-for': newIp() })
    expect(again.status).toBe(200)
    await Promise.all([second.body!.cancel(), again.body!.cancel()])
  })

  it('refuses a client address’s fourth chat stream, whatever the session', async () => {
    const ip = newIp()
    const streams = [] as Response[]
    for (let i = 0; i < 3; i++) streams.push(await open(chatPath((await newSession()).sessionToken), { 'x-forwarded-for': ip }))
    expect(streams.map((response) => response.status)).toEqual([200, 200, 200])
    const fourth = await open(chatPath((await newSession()).sessionToken), { 'x-forwarded-for': ip })
    expect(fourth.status).toBe(429)
    expect(((await fourth.json()) as Json).errors[0].message).toMatch(/from your network \(3\)/)
    // Another address is not affected.
    const elsewhere = await open(chatPath((await newSession()).sessionToken), { 'x-forwarded-for': newIp() })
    expect(elsewhere.status).toBe(200)
    await Promise.all([...streams, elsewhere].map((response) => response.body!.cancel()))
  })

  it('refuses a staff user’s sixth inbox stream, not another user’s first', async () => {
    const streams = [] as Response[]
    for (let i = 0; i < 5; i++) streams.push(await open('/switchboard/events', { authorization: `JWT ${staffA.token}` }))
    expect(streams.every((response) => response.status === 200)).toBe(true)
    const sixth = await open('/switchboard/events', { authorization: `JWT ${staffA.token}` })
    expect(sixth.status).toBe(429)
    expect(((await sixth.json()) as Json).errors[0].message).toMatch(/5 inbox tabs or windows/)
    const other = await open('/switchboard/events', { authorization: `JWT ${staffB.token}` })
    expect(other.status).toBe(200)
    await Promise.all([...streams, other].map((response) => response.body!.cancel()))
    await waitFor('every stream closed', () => sseStreamStats().streams === 0 && sseStreamStats().replays === 0 && hub().subscriberCount === 0)
  })
})
