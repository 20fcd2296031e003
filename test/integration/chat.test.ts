import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { signChatSession } from '../../packages/payload-plugin/src/chat/sessionToken'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, password, restClient } from '../helpers/rest'
import { sseReader } from '../helpers/sse'

let app: TestApp
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let ipCounter = 1

beforeAll(async () => {
  app = await createTestApp({ switchboard: { chat: { sessionsPerMinutePerIp: 5, registrationsPerHourPerIp: 3 } } })
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
})
afterAll(() => app?.close())

/** Each test gets its own client address, so the per-IP limits of one do not leak into another. */
const newIp = () => `10.0.0.${ipCounter++}`

const call = async (method: string, path: string, { body, bearer, jwt, ip, headers }: { body?: unknown; bearer?: string; jwt?: string; ip?: string; headers?: Record<string, string> } = {}) => {
  const response = await app.rest(path, {
    method,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    headers: {
      'x-forwarded-for': ip ?? newIp(),
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(jwt ? { authorization: `JWT ${jwt}` } : {}),
      ...headers,
    },
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Json }
}

const newToken = async (data: Json = {}) => {
  const res = await staff.rest.post('/chat-tokens', { kind: 'personal', ...data })
  expect(res.status).toBe(201)
  return res.body.doc as Json & { token: string; id: number }
}
const openSession = (token: string, extra: Json = {}, options: { ip?: string; jwt?: string } = {}) =>
  call('POST', '/chat/sessions', { body: { token, ...extra }, ...options })
const messageCount = async () => (await app.payload.count({ collection: 'messages' })).totalDocs

describe('chat tokens and sessions', () => {
  it('opens a personal link’s one conversation, then resumes it', async () => {
    const token = await newToken({ note: 'Order 1234' })
    const first = await openSession(token.token)
    expect(first.status).toBe(201)
    expect(first.body.sessionToken).toMatch(/^sbs_/)
    const conversation = await app.payload.findByID({ collection: 'conversations', id: first.body.conversationId, depth: 0 })
    expect(conversation).toMatchObject({ source: 'widget', type: 'widget', provider: staff.user.id, title: 'Website chat: Order 1234' })

    const again = await openSession(token.token)
    expect(again.body.conversationId).toBe(first.body.conversationId)
    const stored = await app.payload.findByID({ collection: 'chat-tokens', id: token.id, depth: 0 })
    expect(stored).toMatchObject({ uses: 2, conversation: first.body.conversationId })
  })

  it('gives every visitor of a public link a conversation of their own, resumed with their session', async () => {
    const token = await newToken({ kind: 'public' })
    const a = await openSession(token.token)
    const b = await openSession(token.token)
    expect(a.body.conversationId).not.toBe(b.body.conversationId)
    const resumed = await openSession(token.token, { resume: a.body.sessionToken })
    expect(resumed.body.conversationId).toBe(a.body.conversationId)
    // A session of another link does not resume into this one.
    const other = await newToken({ kind: 'public' })
    const foreign = await openSession(other.token, { resume: a.body.sessionToken })
    expect(foreign.body.conversationId).not.toBe(a.body.conversationId)
  })

  it('refuses expired, revoked, used-up, unknown and malformed links with a readable 4xx', async () => {
    const expired = await newToken({ expiresAt: new Date(Date.now() - 60_000).toISOString() })
    const revoked = await newToken()
    await app.payload.update({ collection: 'chat-tokens', id: revoked.id, data: { revokedAt: new Date().toISOString() } })
    const usedUp = await newToken({ maxUses: 1 })
    expect((await openSession(usedUp.token)).status).toBe(201)
    const before = (await app.payload.count({ collection: 'conversations' })).totalDocs

    const cases: Array<[unknown, number, RegExp]> = [
      [expired.token, 410, /expired/],
      [revoked.token, 410, /switched off/],
      [usedUp.token, 410, /used as often as allowed/],
      [`sbt_${'A'.repeat(43)}`, 404, /not valid/],
      ['sbt_short', 400, /not valid/],
      ['hello', 400, /not valid/],
      [12345, 400, /not valid/],
    ]
    for (const [token, status, message] of cases) {
      const res = await openSession(token as string)
      expect(res.status, String(token)).toBe(status)
      expect(res.body.errors[0].message).toMatch(message)
    }
    expect((await call('POST', '/chat/sessions', { body: '{oops' })).status).toBe(400)
    expect((await app.payload.count({ collection: 'conversations' })).totalDocs).toBe(before)
  })

  it('rate-limits new sessions per IP with 429 and Retry-After', async () => {
    const token = await newToken({ kind: 'public' })
    const ip = newIp()
    const statuses: number[] = []
    let retryAfter: null | string = null
    for (let i = 0; i < 7; i++) {
      const res = await openSession(token.token, {}, { ip })
      statuses.push(res.status)
      if (res.status === 429) retryAfter = res.headers.get('retry-after')
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429])
    expect(Number(retryAfter)).toBeGreaterThan(0)
    expect((await openSession(token.token)).status).toBe(201) // another visitor is not affected
  })

  it('ends sessions when their link is revoked', async () => {
    const token = await newToken()
    const { body } = await openSession(token.token)
    expect((await call('GET', '/chat/messages', { bearer: body.sessionToken })).status).toBe(200)
    await app.payload.update({ collection: 'chat-tokens', id: token.id, data: { revokedAt: new Date().toISOString() } })
    const after = await call('GET', '/chat/messages', { bearer: body.sessionToken })
    expect(after.status).toBe(401)
    expect(after.body.errors[0].message).toMatch(/switched off/)
  })
})

describe('chat messages', () => {
  it('stores a customer message once per clientMessageId and lists the conversation oldest first', async () => {
    const { body: session } = await openSession((await newToken()).token)
    const send = (text: string, clientMessageId: string) =>
      call('POST', '/chat/messages', { bearer: session.sessionToken, body: { text, clientMessageId } })
    const first = await send('Hello, where is my parcel?', 'client-msg-0001')
    expect(first.status).toBe(201)
    expect(first.body.message).toMatchObject({ text: 'Hello, where is my parcel?', direction: 'in', senderName: 'Visitor' })
    const retry = await send('Hello, where is my parcel?', 'client-msg-0001')
    expect(retry.status).toBe(200)
    expect(retry.body.message.id).toBe(first.body.message.id)
    await send('Second', 'client-msg-0002')

    const page1 = await call('GET', '/chat/messages?limit=1', { bearer: session.sessionToken })
    expect(page1.body.messages.map((m: Json) => m.text)).toEqual(['Hello, where is my parcel?'])
    const page2 = await call('GET', `/chat/messages?after=${page1.body.cursor}`, { bearer: session.sessionToken })
    expect(page2.body.messages.map((m: Json) => m.text)).toEqual(['Second'])
  })

  it('refuses empty, oversized and malformed messages, storing nothing', async () => {
    const { body: session } = await openSession((await newToken()).token)
    const before = await messageCount()
    const post = (body: unknown) => call('POST', '/chat/messages', { bearer: session.sessionToken, body })
    const cases: Array<[unknown, RegExp]> = [
      [{ text: '   ', clientMessageId: 'client-msg-1' }, /Write a message/],
      [{ text: 'x'.repeat(4001), clientMessageId: 'client-msg-2' }, /at most 4000/],
      [{ text: 'hi' }, /clientMessageId/],
      [{ text: 'hi', clientMessageId: 'bad id!' }, /clientMessageId/],
      [[1, 2], /JSON object/],
      ['not json', /must be JSON/],
    ]
    for (const [body, message] of cases) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(message)
    }
    expect(await messageCount()).toBe(before)
  })

  it('stores markup as plain text', async () => {
    const { body: session } = await openSession((await newToken()).token)
    const xss = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    const res = await call('POST', '/chat/messages', { bearer: session.sessionToken, body: { text: xss, clientMessageId: 'client-xss-1' } })
    expect(res.body.message.text).toBe(xss)
    const listed = await call('GET', '/chat/messages', { bearer: session.sessionToken })
    expect(listed.body.messages[0].text).toBe(xss)
  })

  it('keeps a session inside its own conversation', async () => {
    const { body: a } = await openSession((await newToken()).token)
    const { body: b } = await openSession((await newToken()).token)
    await call('POST', '/chat/messages', { bearer: b.sessionToken, body: { text: 'secret of b', clientMessageId: 'client-b-0001' } })
    // Asking for B's conversation with A's session still reads A's only.
    const res = await call('GET', `/chat/messages?conversation=${b.conversationId}`, { bearer: a.sessionToken })
    expect(res.body.messages).toEqual([])
    // A forged session naming B's conversation is refused.
    const forged = signChatSession('not-the-secret', { sessionId: 1, expiresAt: new Date(Date.now() + 60_000) })
    expect((await call('GET', '/chat/messages', { bearer: forged })).status).toBe(401)
    const tampered = `${a.sessionToken.split('.')[0]!.slice(0, -2)}xx.${a.sessionToken.split('.')[1]}`
    expect((await call('GET', '/chat/messages', { bearer: tampered })).status).toBe(401)
    expect((await call('GET', '/chat/messages')).status).toBe(401)
  })
})

describe('identify', () => {
  it('links the conversation to the logged-in customer, who then sees it; nobody else can take it', async () => {
    const token = await newToken()
    const { body: session } = await openSession(token.token)
    const nina = await createUserAndLogin(app, 'nina@example.com', ['customer'])
    await app.payload.update({ collection: 'users', id: nina.user.id, data: { displayName: 'Nina', phone: '+4930123' } })
    const anonymous = await call('POST', '/chat/identify', { body: { sessionToken: session.sessionToken } })
    expect(anonymous.status).toBe(401)

    const res = await call('POST', '/chat/identify', { jwt: nina.token, body: { sessionToken: session.sessionToken } })
    expect(res.status).toBe(200)
    expect(res.body.customer).toMatchObject({ id: nina.user.id, displayName: 'Nina' })
    const conversation = await app.payload.findByID({ collection: 'conversations', id: session.conversationId, depth: 0 })
    expect(conversation).toMatchObject({ customer: nina.user.id, contactName: 'Nina', contactEmail: 'nina@example.com', contactPhone: '+4930123' })
    expect((await nina.rest.get('/conversations')).body.docs.map((c: Json) => c.id)).toContain(session.conversationId)

    // Her messages now carry her name.
    const sent = await call('POST', '/chat/messages', { bearer: session.sessionToken, body: { text: 'hi', clientMessageId: 'client-nina-1' } })
    expect(sent.body.message.senderName).toBe('Nina')

    const oscar = await createUserAndLogin(app, 'oscar@example.com', ['customer'])
    const conflict = await call('POST', '/chat/identify', { jwt: oscar.token, body: { sessionToken: session.sessionToken } })
    expect(conflict.status).toBe(409)
    expect((await app.payload.findByID({ collection: 'conversations', id: session.conversationId, depth: 0 })).customer).toBe(nina.user.id)

    // Reopening the personal link now needs Nina's login.
    expect((await openSession(token.token)).status).toBe(403)
    expect((await openSession(token.token, {}, { jwt: oscar.token })).status).toBe(403)
    expect((await openSession(token.token, {}, { jwt: nina.token })).body.conversationId).toBe(session.conversationId)
  })

  it('rate-limits anonymous registration per IP', async () => {
    const ip = newIp()
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) {
      const res = await call('POST', '/users', { ip, body: { email: `reg${i}@example.com`, password } })
      statuses.push(res.status)
    }
    expect(statuses).toEqual([201, 201, 201, 429])
    expect((await restClient(app).post('/users', { email: 'other@example.com', password })).status).toBe(201)
  })
})

describe('events', () => {
  it('streams staff replies, edits and deletions live, and resumes after a reconnect without losing any', async () => {
    const { body: session } = await openSession((await newToken()).token)
    const connect = (lastEventId?: string) =>
      app.rest(`/chat/events?session=${encodeURIComponent(session.sessionToken)}`, {
        method: 'GET',
        headers: lastEventId ? { 'last-event-id': lastEventId } : {},
      })
    const response = await connect()
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/)
    const stream = sseReader(response)

    const reply = await staff.rest.post('/messages', { conversation: session.conversationId, text: 'How can I help?', direction: 'out' })
    const live = await stream.next((e) => e.event === 'message')
    expect(JSON.parse(live.data!)).toMatchObject({ id: reply.body.doc.id, text: 'How can I help?', direction: 'out' })

    await staff.rest.patch(`/messages/${reply.body.doc.id}`, { text: 'How can I help you?' })
    expect(JSON.parse((await stream.next((e) => e.event === 'message-updated')).data!).text).toBe('How can I help you?')
    await stream.close()

    // While disconnected: two more replies. The reconnect with the last id gets both.
    const missed1 = await staff.rest.post('/messages', { conversation: session.conversationId, text: 'Are you there?' })
    const missed2 = await staff.rest.post('/messages', { conversation: session.conversationId, text: 'I will wait.' })
    const resumed = sseReader(await connect(live.id))
    const ids = new Set<number>()
    for (let i = 0; i < 3; i++) ids.add(JSON.parse((await resumed.next()).data!).id)
    expect([...ids]).toEqual(expect.arrayContaining([missed1.body.doc.id, missed2.body.doc.id]))

    await staff.rest.delete(`/messages/${missed2.body.doc.id}`)
    expect(JSON.parse((await resumed.next((e) => e.event === 'message-deleted')).data!)).toMatchObject({ id: missed2.body.doc.id, text: null })
    await resumed.close()
  })

  it('sends nothing from other conversations and refuses a bad session', async () => {
    const { body: mine } = await openSession((await newToken()).token)
    const { body: other } = await openSession((await newToken()).token)
    const stream = sseReader(await app.rest(`/chat/events?session=${encodeURIComponent(mine.sessionToken)}`, { method: 'GET' }))
    await staff.rest.post('/messages', { conversation: other.conversationId, text: 'not for you' })
    await staff.rest.post('/messages', { conversation: mine.conversationId, text: 'for you' })
    const event = await stream.next((e) => e.event === 'message')
    expect(JSON.parse(event.data!).text).toBe('for you')
    await stream.close()
    expect((await app.rest('/chat/events?session=sbs_nope', { method: 'GET' })).status).toBe(401)
  })
})
