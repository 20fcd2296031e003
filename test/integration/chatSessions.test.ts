import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { ChatSession } from '@switchboard/widget/contract'

import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, password } from '../helpers/rest'
import { sseReader } from '../helpers/sse'

let app: TestApp
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let ipCounter = 1

beforeAll(async () => {
  app = await createTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
})
afterAll(async () => {
  await db?.end()
  await app?.close()
})

const call = async (method: string, path: string, { body, bearer, jwt }: { body?: unknown; bearer?: string; jwt?: string } = {}) => {
  const response = await app.rest(path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: {
      // A client address per request: these tests are not about the per-address limit.
      'x-forwarded-for': `10.1.${Math.floor(ipCounter / 250)}.${ipCounter++ % 250}`,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(jwt ? { authorization: `JWT ${jwt}` } : {}),
    },
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json }
}

const newToken = async (data: Json = {}) => {
  const res = await staff.rest.post('/chat-tokens', { kind: 'personal', ...data })
  expect(res.status).toBe(201)
  return res.body.doc as Json & { token: string; id: number }
}
const openSession = async (token: string, extra: Json = {}, jwt?: string) => {
  const res = await call('POST', '/chat/sessions', { body: { token, ...extra }, jwt })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body as ChatSession
}
const listMessages = (sessionToken: string) => call('GET', '/chat/messages', { bearer: sessionToken })
const openStream = async (sessionToken: string) => {
  const response = await app.rest(`/chat/events?session=${encodeURIComponent(sessionToken)}`, { method: 'GET' })
  expect(response.status).toBe(200)
  return sseReader(response)
}
/** The session row a token names (the newest one of the conversation, as tests open them in order). */
const sessionRow = async (conversationId: number) =>
  (await db.query('select id, customer_id, revoked_at from chat_sessions where conversation_id = $1 order by id desc limit 1', [conversationId])).rows[0] as {
    id: number
    customer_id: null | number
    revoked_at: Date | null
  }

/** The stream says the session ended, with `message`, and closes, all within a second. */
const expectEndedWithinASecond = async (stream: ReturnType<typeof sseReader>, message: RegExp) => {
  const ended = await stream.next((event) => event.event === 'session-ended', 1_000)
  expect(JSON.parse(ended.data!).message).toMatch(message)
  await stream.ended(1_000)
}

/** The stream ends once `at` has passed, and within a second of it, saying `message`. */
const expectEndedWithinASecondOf = async (stream: ReturnType<typeof sseReader>, at: Date, message: RegExp) => {
  const ended = await stream.next((event) => event.event === 'session-ended', at.getTime() - Date.now() + 1_000)
  expect(Date.now()).toBeGreaterThanOrEqual(at.getTime())
  expect(JSON.parse(ended.data!).message).toMatch(message)
  await stream.ended(at.getTime() + 1_000 - Date.now())
}

/** A staff reply reaches `stream`: it is still open and still delivering. */
const expectStillDelivering = async (stream: ReturnType<typeof sseReader>, conversationId: number) => {
  const text = `still here ${ipCounter++}`
  await staff.rest.post('/messages', { conversation: conversationId, text })
  const event = await stream.next((e) => e.event === 'message')
  expect(JSON.parse(event.data!).text).toBe(text)
}

describe('ending sessions closes their streams within a second', () => {
  it('when staff revoke the chat link; the next request is a 401', async () => {
    const token = await newToken()
    const session = await openSession(token.token)
    const stream = await openStream(session.sessionToken)

    expect((await staff.rest.patch(`/chat-tokens/${token.id}`, { revokedAt: new Date().toISOString() })).status).toBe(200)
    await expectEndedWithinASecond(stream, /switched off/)
    const next = await listMessages(session.sessionToken)
    expect(next.status).toBe(401)
    expect(next.body.errors[0].message).toMatch(/switched off/)
  })

  it('when staff revoke one session; another session on the same conversation carries on', async () => {
    const token = await newToken()
    const phone = await openSession(token.token)
    const laptop = await openSession(token.token)
    expect(laptop.conversationId).toBe(phone.conversationId)
    const phoneStream = await openStream(phone.sessionToken)
    const laptopStream = await openStream(laptop.sessionToken)

    const { rows } = await db.query('select id from chat_sessions where conversation_id = $1 order by id', [phone.conversationId])
    const revoke = await staff.rest.patch(`/chat-sessions/${rows[0].id}`, { revokedAt: new Date().toISOString() })
    expect(revoke.status).toBe(200)

    await expectEndedWithinASecond(phoneStream, /session was ended/)
    expect((await listMessages(phone.sessionToken)).status).toBe(401)
    await expectStillDelivering(laptopStream, laptop.conversationId)
    expect((await listMessages(laptop.sessionToken)).status).toBe(200)
    await laptopStream.close()
  })

  it('when another device identifies the conversation to a customer; reopening then needs that login', async () => {
    const token = await newToken()
    const phone = await openSession(token.token)
    const laptop = await openSession(token.token)
    const phoneStream = await openStream(phone.sessionToken)
    const laptopStream = await openStream(laptop.sessionToken)
    const nina = await createUserAndLogin(app, 'nina.devices@example.com', ['customer'])

    const identified = await call('POST', '/chat/identify', { jwt: nina.token, body: { sessionToken: laptop.sessionToken } })
    expect(identified.status).toBe(200)

    await expectEndedWithinASecond(phoneStream, /belongs to a customer account\. Log in/)
    expect((await listMessages(phone.sessionToken)).status).toBe(401)
    // The identifying device keeps its stream and its session.
    await expectStillDelivering(laptopStream, laptop.conversationId)
    expect((await listMessages(laptop.sessionToken)).status).toBe(200)
    expect((await sessionRow(laptop.conversationId)).customer_id).toBe(nina.user.id)
    // The phone gets back in only with Nina's login, and then as her.
    expect((await call('POST', '/chat/sessions', { body: { token: token.token, resume: phone.sessionToken } })).status).toBe(403)
    const again = await openSession(token.token, { resume: phone.sessionToken }, nina.token)
    expect(again.conversationId).toBe(phone.conversationId)
    expect((await listMessages(again.sessionToken)).status).toBe(200)
    await laptopStream.close()
  })

  it('when the session expires', async () => {
    const session = await openSession((await newToken()).token)
    const expiresAt = new Date(Date.now() + 1_500)
    await db.query('update chat_sessions set expires_at = $2 where conversation_id = $1', [session.conversationId, expiresAt])
    const stream = await openStream(session.sessionToken)
    await expectStillDelivering(stream, session.conversationId)
    await expectEndedWithinASecondOf(stream, expiresAt, /session has expired/)
    expect((await listMessages(session.sessionToken)).status).toBe(401)
  })

  it('when staff move the chat link’s expiry to a moment from now', async () => {
    const token = await newToken()
    const session = await openSession(token.token)
    const stream = await openStream(session.sessionToken)
    const expiresAt = new Date(Date.now() + 1_500)
    expect((await staff.rest.patch(`/chat-tokens/${token.id}`, { expiresAt: expiresAt.toISOString() })).status).toBe(200)
    await expectStillDelivering(stream, session.conversationId)
    await expectEndedWithinASecondOf(stream, expiresAt, /link has expired/)
    expect((await listMessages(session.sessionToken)).status).toBe(401)
  })

  it('when the widget ends its own session (DELETE /api/chat/sessions/current)', async () => {
    const token = await newToken({ kind: 'public' })
    const session = await openSession(token.token)
    const stream = await openStream(session.sessionToken)

    expect((await call('DELETE', '/chat/sessions/current')).status).toBe(401)
    const ended = await call('DELETE', '/chat/sessions/current', { bearer: session.sessionToken })
    expect(ended.status).toBe(204)
    await expectEndedWithinASecond(stream, /session was ended/)
    expect((await listMessages(session.sessionToken)).status).toBe(401)
    expect((await call('DELETE', '/chat/sessions/current', { bearer: session.sessionToken })).status).toBe(204)
    // An ended session does not resume: the visitor of a public link starts a new conversation.
    const next = await openSession(token.token, { resume: session.sessionToken })
    expect(next.conversationId).not.toBe(session.conversationId)
  })
})

describe('the session response', () => {
  it('carries the limits the widget checks a message against before sending it', async () => {
    const session = await openSession((await newToken()).token)
    expect(session.limits).toEqual({ maxMessageLength: 4000 })
  })
})

describe('resuming', () => {
  const expireSession = (conversationId: number, minutesAgo: number) =>
    db.query(`update chat_sessions set expires_at = now() - make_interval(mins => $2) where conversation_id = $1`, [conversationId, minutesAgo])
  const week = 7 * 24 * 60

  it('renews an expired session within the grace window, on the same conversation', async () => {
    const token = await newToken({ kind: 'public' })
    const first = await openSession(token.token)
    await expireSession(first.conversationId, week - 5)
    expect((await listMessages(first.sessionToken)).status).toBe(401)
    const renewed = await openSession(token.token, { resume: first.sessionToken })
    expect(renewed.conversationId).toBe(first.conversationId)
    expect((await listMessages(renewed.sessionToken)).status).toBe(200)
  })

  it('refuses a session expired longer ago than the grace window: a public link starts a new conversation', async () => {
    const token = await newToken({ kind: 'public' })
    const first = await openSession(token.token)
    await call('POST', '/chat/messages', { bearer: first.sessionToken, body: { text: 'my address is …', clientMessageId: 'old-visit-0001' } })
    await expireSession(first.conversationId, week + 5)
    const next = await openSession(token.token, { resume: first.sessionToken })
    expect(next.conversationId).not.toBe(first.conversationId)
    expect((await listMessages(next.sessionToken)).body.messages).toEqual([])
  })

  it('refuses a revoked session', async () => {
    const token = await newToken({ kind: 'public' })
    const first = await openSession(token.token)
    await db.query('update chat_sessions set revoked_at = now() where conversation_id = $1', [first.conversationId])
    expect((await openSession(token.token, { resume: first.sessionToken })).conversationId).not.toBe(first.conversationId)
  })
})

describe('chat-sessions over the REST API', () => {
  it('lets staff read sessions and revoke them, and nothing else; nobody else sees them', async () => {
    const session = await openSession((await newToken()).token)
    const row = await sessionRow(session.conversationId)
    const listed = await staff.rest.get(`/chat-sessions?where[conversation][equals]=${session.conversationId}`)
    expect(listed.body.docs).toEqual([expect.objectContaining({ id: row.id, conversation: expect.anything(), expiresAt: expect.any(String), revokedAt: null })])

    const otherConversation = await staff.rest.post('/conversations', { source: 'direct', type: 'direct', title: 'elsewhere' })
    const later = new Date(Date.now() + 365 * 24 * 3600_000).toISOString()
    const patched = await staff.rest.patch(`/chat-sessions/${row.id}`, { conversation: otherConversation.body.doc.id, expiresAt: later, customer: staff.user.id })
    expect(patched.status).toBe(200)
    const unchanged = (await db.query('select conversation_id, customer_id, expires_at from chat_sessions where id = $1', [row.id])).rows[0]
    expect(unchanged).toMatchObject({ conversation_id: session.conversationId, customer_id: null })
    expect(unchanged.expires_at.toISOString()).not.toBe(later)
    expect((await staff.rest.post('/chat-sessions', { expiresAt: later })).status).toBe(403)
    expect((await staff.rest.delete(`/chat-sessions/${row.id}`)).status).toBe(403)

    const customer = await createUserAndLogin(app, 'curious@example.com', ['customer'])
    expect((await customer.rest.get('/chat-sessions')).status).toBe(403)
    expect((await customer.rest.patch(`/chat-sessions/${row.id}`, { revokedAt: new Date().toISOString() })).status).toBe(403)
    expect((await sessionRow(session.conversationId)).revoked_at).toBeNull()
  })

  it('keeps a revocation: a revoked session cannot be switched back on', async () => {
    const session = await openSession((await newToken()).token)
    const row = await sessionRow(session.conversationId)
    await staff.rest.patch(`/chat-sessions/${row.id}`, { revokedAt: new Date().toISOString() })
    await staff.rest.patch(`/chat-sessions/${row.id}`, { revokedAt: null })
    expect((await sessionRow(session.conversationId)).revoked_at).not.toBeNull()
    expect((await listMessages(session.sessionToken)).status).toBe(401)
  })
})

describe('races', () => {
  it('opening a personal link many times at once gives one conversation', async () => {
    const token = await newToken()
    const opened = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/chat/sessions', { body: { token: token.token } })))
    expect(opened.map((res) => res.status)).toEqual(Array(6).fill(201))
    expect(new Set(opened.map((res) => res.body.conversationId)).size).toBe(1)
    const stored = await app.payload.findByID({ collection: 'chat-tokens', id: token.id, depth: 0 })
    expect(stored).toMatchObject({ uses: 6, conversation: opened[0]!.body.conversationId })
    const linked = await db.query('select count(distinct conversation_id)::int as n from chat_sessions where chat_token_id = $1', [token.id])
    expect(linked.rows[0].n).toBe(1)
  })

  it('two customers identifying one conversation at once: one 200, one 409, and it belongs to the winner', async () => {
    const session = await openSession((await newToken()).token)
    const ann = await createUserAndLogin(app, 'ann.race@example.com', ['customer'])
    const bob = await createUserAndLogin(app, 'bob.race@example.com', ['customer'])
    const [a, b] = await Promise.all(
      [ann, bob].map((who) => call('POST', '/chat/identify', { jwt: who.token, body: { sessionToken: session.sessionToken } })),
    )
    expect([a!.status, b!.status].sort()).toEqual([200, 409])
    const winner = a!.status === 200 ? ann : bob
    const conversation = await app.payload.findByID({ collection: 'conversations', id: session.conversationId, depth: 0 })
    expect(conversation.customer).toBe(winner.user.id)
    expect(conversation.participants.filter((p: Json) => p.relationTo === 'users' && p.value !== staff.user.id)).toEqual([{ relationTo: 'users', value: winner.user.id }])
    expect((await sessionRow(session.conversationId)).customer_id).toBe(winner.user.id)
  })
})

describe('the first admin', () => {
  it('is exactly one, however many register at once on an empty app', async () => {
    const fresh = await createTestApp()
    try {
      const register = (i: number) =>
        fresh.rest('/users/first-register', {
          method: 'POST',
          body: JSON.stringify({ email: `founder${i}@example.com`, password, 'confirm-password': password }),
        })
      const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => register(i)))
      expect(responses.some((res) => res.ok)).toBe(true)
      const { docs } = await fresh.payload.find({ collection: 'users', depth: 0, pagination: false })
      expect(docs.filter((user) => (user.roles as string[]).includes('admin'))).toHaveLength(1)
    } finally {
      await fresh.close()
    }
  })
})
