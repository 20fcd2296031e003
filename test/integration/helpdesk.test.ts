import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { writePage } from '../../packages/payload-plugin/src/telegram/sync/writePage'
import { type FakeStream, startFakeStream } from '../fakes/streamServer'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json } from '../helpers/rest'

let app: TestApp
let fake: FakeStream
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let customer: Awaited<ReturnType<typeof createUserAndLogin>>
let ipCounter = 1

beforeAll(async () => {
  fake = await startFakeStream()
  app = await createTestApp({ switchboard: { stream: { apiKey: fake.apiKey, apiSecret: fake.apiSecret, baseURL: fake.baseURL } } })
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  customer = await createUserAndLogin(app, 'customer@example.com', ['customer'])
})
afterAll(async () => {
  await db?.end()
  await app?.close()
  await fake?.stop()
})

/** Runs the switchboard queue until nothing is due (the worker's job, done by hand here). */
const drain = async () => {
  for (let round = 0; round < 20; round++) {
    const result = await app.payload.jobs.run({ queue: 'switchboard', limit: 50 })
    if (!result.jobStatus || Object.keys(result.jobStatus).length === 0) return
  }
  throw new Error('the queue did not drain')
}

const call = async (method: string, path: string, { body, bearer }: { body?: unknown; bearer?: string } = {}) => {
  const response = await app.rest(path, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { 'x-forwarded-for': `10.1.0.${ipCounter++}`, ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json }
}

/** A website chat: a chat link, a session on it, and its conversation. */
const widgetChat = async () => {
  const token = await staff.rest.post('/chat-tokens', { kind: 'personal' })
  expect(token.status).toBe(201)
  const session = await call('POST', '/chat/sessions', { body: { token: token.body.doc.token } })
  expect(session.status).toBe(201)
  const send = (text: string) =>
    call('POST', '/chat/messages', { bearer: session.body.sessionToken, body: { text, clientMessageId: `cm-${Math.random().toString(36).slice(2, 12)}` } })
  return { conversationId: session.body.conversationId as number, sessionToken: session.body.sessionToken as string, send }
}

const conversation = async (data: Json = {}) =>
  (await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title: 'Direct', ...data }, depth: 0 })) as Json
const read = async (id: number) => (await app.payload.findByID({ collection: 'conversations', id, depth: 0 })) as Json
const setStatus = (id: number, data: Json) => staff.rest.patch(`/conversations/${id}`, data)
const inAMoment = (ms: number) => new Date(Date.now() + ms).toISOString()

describe('status', () => {
  it('starts open; staff move it to pending and resolved; a snooze needs a time ahead', async () => {
    const c = await conversation()
    expect(c.status).toBe('open')
    expect((await setStatus(c.id, { status: 'pending' })).body.doc.status).toBe('pending')
    expect((await setStatus(c.id, { status: 'resolved' })).body.doc.status).toBe('resolved')

    const noTime = await setStatus(c.id, { status: 'snoozed' })
    expect(noTime.status).toBe(400)
    expect(JSON.stringify(noTime.body)).toContain('snoozedUntil')
    const past = await setStatus(c.id, { status: 'snoozed', snoozedUntil: new Date(Date.now() - 60_000).toISOString() })
    expect(past.status).toBe(400)
    expect((await read(c.id)).status).toBe('resolved')

    const snoozed = await setStatus(c.id, { status: 'snoozed', snoozedUntil: inAMoment(60 * 60_000) })
    expect(snoozed.body.doc).toMatchObject({ status: 'snoozed', snoozedUntil: expect.any(String) })
    // Leaving the snooze clears its time.
    expect((await setStatus(c.id, { status: 'open' })).body.doc.snoozedUntil).toBeFalsy()
    expect((await setStatus(c.id, { status: 'closed' })).status).toBe(400)
  })

  it('only staff change the status; a customer cannot', async () => {
    const c = await conversation({ customer: customer.user.id })
    const res = await customer.rest.patch(`/conversations/${c.id}`, { status: 'resolved' })
    expect(res.status).toBe(403)
    expect((await read(c.id)).status).toBe('open')
  })

  it('a snoozed conversation reopens by itself through the jobs queue when its time comes', async () => {
    const c = await conversation()
    await setStatus(c.id, { status: 'snoozed', snoozedUntil: inAMoment(1_200) })
    const job = (await db.query(`select queue, wait_until from payload_jobs where task_slug = 'switchboardWakeSnoozed' and input->>'conversationId' = $1`, [String(c.id)])).rows[0]
    expect(job.queue).toBe('switchboard')
    await drain()
    // Not yet: the job waits until the snooze ends.
    expect((await read(c.id)).status).toBe('snoozed')
    await new Promise((resolve) => setTimeout(resolve, 1_400))
    await drain()
    expect(await read(c.id)).toMatchObject({ status: 'open', snoozedUntil: null })
  })

  it('a snooze moved later is not ended by the earlier wake-up', async () => {
    const c = await conversation()
    await setStatus(c.id, { status: 'snoozed', snoozedUntil: inAMoment(800) })
    await setStatus(c.id, { snoozedUntil: inAMoment(60 * 60_000) })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await drain()
    expect((await read(c.id)).status).toBe('snoozed')
  })

  it('a customer message in the widget reopens a resolved, snoozed or pending conversation; a staff reply does not', async () => {
    const chat = await widgetChat()
    for (const data of [{ status: 'resolved' }, { status: 'snoozed', snoozedUntil: inAMoment(60 * 60_000) }, { status: 'pending' }]) {
      expect((await setStatus(chat.conversationId, data)).status).toBe(200)
      expect((await chat.send('Hello again')).status).toBe(201)
      expect(await read(chat.conversationId)).toMatchObject({ status: 'open', snoozedUntil: null })
    }
    await setStatus(chat.conversationId, { status: 'resolved' })
    expect((await staff.rest.post('/messages', { conversation: chat.conversationId, text: 'Anything else?', direction: 'out' })).status).toBe(201)
    expect((await read(chat.conversationId)).status).toBe('resolved')
  })

  it('a new Telegram message reopens it; history reaching back does not', async () => {
    const options = switchboardOptionsOf(app.payload)
    const account = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'Support', kind: 'user', status: 'disabled' }, overrideAccess: true })
    const c = await conversation({ source: 'telegram', type: 'private', account: account.id, externalId: 777 })
    const row = (externalId: number, sentAt: Date) => ({
      externalId, text: `message ${externalId}`, editedAt: null, sentAt, direction: 'in' as const, kind: 'text' as const, senderName: null,
      senderTelegramId: null, serviceAction: null, replyToExternalId: null, forwardFromName: null, forwardFromId: null, forwardDate: null,
      mediaType: null, mediaMimeType: null, mediaSize: null, mediaFileName: null,
    })
    await setStatus(c.id, { status: 'resolved' })
    await writePage(app.payload, options, { conversationId: c.id, messages: [row(1, new Date(Date.now() - 86_400_000))], users: [] })
    expect((await read(c.id)).status).toBe('resolved')
    await writePage(app.payload, options, { conversationId: c.id, messages: [row(2, new Date())], users: [], countUnread: true })
    expect((await read(c.id)).status).toBe('open')
  })

  it('a message from a Stream client (webhook) reopens it', async () => {
    const c = await conversation({ participants: [{ relationTo: 'users', value: customer.user.id }], provider: staff.user.id })
    await drain()
    await setStatus(c.id, { status: 'resolved' })
    const body = JSON.stringify(
      fake.webhookEvent('message.new', { cid: `messaging:sb-c-${c.id}`, message: { id: `stream-${c.id}`, text: 'From Stream' }, user: { id: `sb-u-${customer.user.id}` } }),
    )
    const res = await app.rest('/switchboard/stream/webhook', { method: 'POST', body, headers: { 'x-signature': fake.signWebhook(body) } })
    expect(res.status).toBe(200)
    expect((await read(c.id)).status).toBe('open')
  })

  it('counts conversations per status for the inbox tabs, staff only', async () => {
    await db.query(`update conversations set status = 'resolved'`)
    const [a, b] = [await conversation(), await conversation()]
    await conversation({ isArchived: true })
    await setStatus(b.id, { status: 'pending' })
    const res = await staff.rest.get('/switchboard/inbox/counts')
    expect(res.status).toBe(200)
    const resolved = Number((await db.query(`select count(*) from conversations where status = 'resolved' and not coalesce(is_archived, false)`)).rows[0].count)
    expect(res.body.counts).toEqual({ open: 1, pending: 1, snoozed: 0, resolved, all: resolved + 2 })
    expect((await staff.rest.get('/switchboard/inbox/counts?archived=only')).body.counts).toMatchObject({ open: 1, all: 1 })
    expect((await staff.rest.get('/switchboard/inbox/counts?archived=maybe')).status).toBe(400)
    expect((await customer.rest.get('/switchboard/inbox/counts')).status).toBe(403)
    expect(a.status).toBe('open')

    // The list filter behind a tab is plain Payload REST.
    const list = await staff.rest.get('/conversations?where[status][equals]=pending&depth=0')
    expect(list.body.docs.map((d: Json) => d.id)).toEqual([b.id])
  })
})
