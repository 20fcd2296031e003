import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { queueWaitingEmail } from '../../packages/payload-plugin/src/jobs/waitingEmailTask'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { writePage } from '../../packages/payload-plugin/src/telegram/sync/writePage'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json } from '../helpers/rest'
import { sseReader } from '../helpers/sse'

/**
 * The live parts of the helpdesk: typing both ways, "seen", the nav's count of conversations
 * waiting on me, and the email when a customer has waited too long.
 */

let app: TestApp
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let customer: Awaited<ReturnType<typeof createUserAndLogin>>
let ipCounter = 1

const sent: Array<{ to: unknown; subject?: string; text?: unknown }> = []

beforeAll(async () => {
  app = await createTestApp({
    switchboard: { notifications: { emailAfterWaitingMinutes: 30 } },
    email: () => ({
      name: 'capture',
      defaultFromAddress: 'switchboard@example.com',
      defaultFromName: 'Switchboard',
      sendEmail: async (message) => {
        sent.push({ to: message.to, subject: message.subject, text: message.text })
      },
    }),
  })
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  customer = await createUserAndLogin(app, 'customer@example.com', ['customer'])
})
afterAll(async () => {
  await db?.end()
  await app?.close()
})

const call = async (method: string, path: string, { body, bearer, token }: { body?: unknown; bearer?: string; token?: string } = {}) => {
  const response = await app.rest(path, {
    method,
    token,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'x-forwarded-for': `10.2.0.${ipCounter++}`, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as Json }
}

/** A website chat: a chat link, a session on it, and its conversation. */
const widgetChat = async () => {
  const token = await staff.rest.post('/chat-tokens', { kind: 'personal' })
  expect(token.status).toBe(201)
  const session = await call('POST', '/chat/sessions', { body: { token: token.body.doc.token } })
  expect(session.status).toBe(201)
  const sessionToken = session.body.sessionToken as string
  const send = (text: string) => call('POST', '/chat/messages', { bearer: sessionToken, body: { text, clientMessageId: `cm-${Math.random().toString(36).slice(2, 12)}` } })
  return { conversationId: session.body.conversationId as number, sessionToken, send }
}

const chatStream = async (sessionToken: string, lastEventId?: string) => {
  const response = await app.rest(`/chat/events?session=${encodeURIComponent(sessionToken)}${lastEventId ? `&lastEventId=${lastEventId}` : ''}`)
  expect(response.status).toBe(200)
  return sseReader(response)
}
const staffStream = async (lastEventId?: string) => {
  const response = await app.rest(`/switchboard/events${lastEventId ? `?lastEventId=${lastEventId}` : ''}`, { method: 'GET', token: staff.token })
  expect(response.status).toBe(200)
  return sseReader(response)
}
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const reply = (conversationId: number, text: string) => staff.rest.post('/messages', { conversation: conversationId, text, direction: 'out', sentAt: new Date().toISOString() })

/** Runs the switchboard queue until nothing is due. */
const drain = async () => {
  for (let round = 0; round < 20; round++) {
    const result = await app.payload.jobs.run({ queue: 'switchboard', limit: 50 })
    if (!result.jobStatus || Object.keys(result.jobStatus).length === 0) return
  }
  throw new Error('the queue did not drain')
}

describe('typing', () => {
  it('the customer’s typing reaches staff streams only, live, never stored or replayed; one per 2 s', async () => {
    const chat = await widgetChat()
    const since = `${Date.now()}-0`
    const staffSse = await staffStream()
    const chatSse = await chatStream(chat.sessionToken)
    await staffSse.next(() => true, 100).catch(() => undefined)

    const first = await call('POST', '/chat/typing', { bearer: chat.sessionToken })
    expect(first.status).toBe(204)
    const event = await staffSse.next((e) => e.event === 'typing')
    expect(event.id).toBeUndefined()
    expect(JSON.parse(event.data!)).toEqual({ conversationId: chat.conversationId, from: 'customer' })

    // At most one per 2 seconds per session.
    const again = await call('POST', '/chat/typing', { bearer: chat.sessionToken })
    expect(again.status).toBe(429)
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0)

    // From another instance (any connection to the database): the same notification, the same event.
    await db.query(`select pg_notify('switchboard_messages', $1)`, [JSON.stringify({ c: chat.conversationId, k: 'typing', f: 'customer' })])
    expect(JSON.parse((await staffSse.next((e) => e.event === 'typing')).data!)).toEqual({ conversationId: chat.conversationId, from: 'customer' })

    await pause(300)
    // Not to the customer's own stream.
    expect(chatSse.events.some((e) => e.event === 'typing')).toBe(false)
    // Not stored: no message, nothing to replay.
    expect((await app.payload.count({ collection: 'messages', where: { conversation: { equals: chat.conversationId } } })).totalDocs).toBe(0)
    const replay = await staffStream(since)
    await pause(500)
    expect(replay.events.some((e) => e.event === 'typing')).toBe(false)
    await Promise.all([staffSse.close(), chatSse.close(), replay.close()])

    // Without a genuine session: 401.
    expect((await call('POST', '/chat/typing', { bearer: 'nope' })).status).toBe(401)
  })

  it('staff typing reaches that conversation’s chat sessions only; staff only, one per 2 s', async () => {
    const chat = await widgetChat()
    const other = await widgetChat()
    const chatSse = await chatStream(chat.sessionToken)
    const otherSse = await chatStream(other.sessionToken)
    const staffSse = await staffStream()

    const first = await call('POST', `/switchboard/conversations/${chat.conversationId}/typing`, { token: staff.token })
    expect(first.status).toBe(204)
    const event = await chatSse.next((e) => e.event === 'typing')
    expect(event.id).toBeUndefined()
    expect(JSON.parse(event.data!)).toEqual({ from: 'staff' })
    expect((await call('POST', `/switchboard/conversations/${chat.conversationId}/typing`, { token: staff.token })).status).toBe(429)

    await pause(300)
    expect(otherSse.events.some((e) => e.event === 'typing')).toBe(false)
    expect(staffSse.events.some((e) => e.event === 'typing')).toBe(false)
    await Promise.all([chatSse.close(), otherSse.close(), staffSse.close()])

    expect((await call('POST', `/switchboard/conversations/${chat.conversationId}/typing`, { token: customer.token })).status).toBe(403)
    expect((await call('POST', `/switchboard/conversations/${chat.conversationId}/typing`)).status).toBe(403)
    expect((await call('POST', '/switchboard/conversations/999999/typing', { token: staff.token })).status).toBe(404)
  })
})

describe('seen', () => {
  it('staff reading the conversation marks the customer’s messages seen: live to the widget and in its history', async () => {
    const chat = await widgetChat()
    await chat.send('Hello, anyone there?')
    expect((await call('GET', '/chat/messages', { bearer: chat.sessionToken })).body.seenAt).toBeNull()
    const chatSse = await chatStream(chat.sessionToken)

    const before = Date.now()
    expect((await staff.rest.patch(`/conversations/${chat.conversationId}`, { unreadCount: 0 })).status).toBe(200)
    const event = await chatSse.next((e) => e.event === 'seen')
    expect(event.id).toBeUndefined()
    const { seenAt } = JSON.parse(event.data!) as { seenAt: string }
    expect(Date.parse(seenAt)).toBeGreaterThanOrEqual(before - 1000)
    const page = await call('GET', '/chat/messages', { bearer: chat.sessionToken })
    expect(page.body.seenAt).toBe(seenAt)
    expect(Date.parse(page.body.messages[0].sentAt)).toBeLessThanOrEqual(Date.parse(seenAt))

    // Nothing unread: nothing newly seen, no event.
    await staff.rest.patch(`/conversations/${chat.conversationId}`, { unreadCount: 0 })
    await pause(300)
    expect(chatSse.events.filter((e) => e.event === 'seen')).toHaveLength(1)
    // Only staff reading counts: nobody else can set it.
    await chat.send('Still there?')
    await app.payload.update({ collection: 'conversations', id: chat.conversationId, data: { customerSeenAt: '2030-01-01T00:00:00.000Z' } as Json, overrideAccess: false, user: customer.user })
      .catch(() => undefined)
    expect((await call('GET', '/chat/messages', { bearer: chat.sessionToken })).body.seenAt).toBe(seenAt)
    await chatSse.close()
  })
})

describe('the nav count', () => {
  it('counts open conversations assigned to me or to no one', async () => {
    await db.query(`update conversations set is_archived = true`)
    const other = await createUserAndLogin(app, 'other@example.com', ['admin'])
    const create = (data: Json) => app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', ...data }, depth: 0 })
    await create({ assignee: staff.user.id })
    await create({})
    await create({ assignee: other.user.id })
    await create({ status: 'resolved' })
    expect((await staff.rest.get('/switchboard/inbox/counts?assignee=me-or-unassigned')).body.counts).toMatchObject({ open: 2, resolved: 1, all: 3 })
    expect((await other.rest.get('/switchboard/inbox/counts?assignee=me-or-unassigned')).body.counts).toMatchObject({ open: 2, all: 3 })
  })
})

describe('email when a customer waits (notifications.emailAfterWaitingMinutes)', () => {
  /** An hour passes: every message is an hour older, and every queued job is due. */
  const due = async () => {
    await db.query(`update messages set sent_at = sent_at - interval '1 hour'`)
    await db.query(`update payload_jobs set wait_until = null where completed_at is null`)
  }

  it('emails every staff member once per wait when nobody is assigned, after the time, not before', async () => {
    await db.query(`delete from payload_jobs`)
    const chat = await widgetChat()
    await chat.send('Where is my parcel?')
    await chat.send('Hello?')
    sent.length = 0
    // Not due yet.
    await drain()
    expect(sent).toEqual([])
    const { rows } = await db.query(`select count(*)::int as n from payload_jobs where task_slug = 'switchboardWaitingEmail' and completed_at is null`)
    expect(rows[0].n).toBe(1)
    // A check run early (the clock says the customer has not waited 30 minutes) waits for the time.
    await db.query(`update payload_jobs set wait_until = null where completed_at is null`)
    await drain()
    expect(sent).toEqual([])
    const again = await db.query(`select wait_until from payload_jobs where task_slug = 'switchboardWaitingEmail' and completed_at is null`)
    expect(again.rows).toHaveLength(1)
    expect(new Date(again.rows[0].wait_until).getTime()).toBeGreaterThan(Date.now() + 25 * 60_000)
    await due()
    await drain()
    expect(sent).toHaveLength(1)
    expect(String(sent[0]!.to).split(', ').sort()).toEqual(['other@example.com', 'staff@example.com'])
    expect(sent[0]!.subject).toMatch(/^Waiting for an answer: /)
    expect(String(sent[0]!.text)).toContain(`/admin/inbox/${chat.conversationId}`)
    expect(String(sent[0]!.text)).toContain('30 minutes')

    // The same wait is emailed about once: the customer writing again sends nothing more.
    sent.length = 0
    await chat.send('Anyone?')
    await due()
    await drain()
    expect(sent).toEqual([])
  })

  it('sends nothing when staff answered meanwhile; a new wait after the answer emails the assignee', async () => {
    const chat = await widgetChat()
    await staff.rest.patch(`/conversations/${chat.conversationId}`, { assignee: staff.user.id })
    await chat.send('Can I change my order?')
    // A note is not an answer; a reply is.
    expect((await staff.rest.post('/messages', { conversation: chat.conversationId, text: 'checking', kind: 'note' })).status).toBe(201)
    expect((await reply(chat.conversationId, 'Yes, which item?')).status).toBe(201)
    sent.length = 0
    await due()
    await drain()
    expect(sent).toEqual([])

    await chat.send('The blue one')
    await due()
    await drain()
    expect(sent.map((m) => m.to)).toEqual(['staff@example.com'])
  })

  it('sends nothing for a conversation no longer open', async () => {
    const chat = await widgetChat()
    await chat.send('Thanks, bye')
    await staff.rest.patch(`/conversations/${chat.conversationId}`, { status: 'resolved' })
    sent.length = 0
    await due()
    await drain()
    expect(sent).toEqual([])
  })

  it('a live Telegram message starts a check too (one per page, none for history), also when the wait began in history', async () => {
    const options = switchboardOptionsOf(app.payload)
    const account = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'Support', kind: 'user', status: 'disabled' }, overrideAccess: true })
    const c = (await app.payload.create({ collection: 'conversations', data: { source: 'telegram', type: 'private', title: 'Telegram wait', account: account.id, externalId: 778 }, depth: 0 })) as Json
    const row = (externalId: number, sentAt: Date) => ({
      externalId, text: `message ${externalId}`, editedAt: null, sentAt, direction: 'in' as const, kind: 'text' as const, senderName: null,
      senderTelegramId: null, serviceAction: null, replyToExternalId: null, forwardFromName: null, forwardFromId: null, forwardDate: null,
      mediaType: null, mediaMimeType: null, mediaSize: null, mediaFileName: null,
    })
    await db.query(`delete from payload_jobs`)
    await writePage(app.payload, options, { conversationId: c.id, messages: [row(1, new Date(Date.now() - 86_400_000))], users: [] })
    await writePage(app.payload, options, { conversationId: c.id, messages: [row(2, new Date(Date.now() - 1000)), row(3, new Date())], users: [], countUnread: true, customerWaiting: (req, message) => queueWaitingEmail(req, options, message) })
    const { rows } = await db.query(`select count(*)::int as n from payload_jobs where task_slug = 'switchboardWaitingEmail'`)
    expect(rows[0].n).toBe(1)
    sent.length = 0
    await due()
    await drain()
    expect(sent.map((m) => m.subject)).toEqual(['Waiting for an answer: Telegram wait'])
  })
})
