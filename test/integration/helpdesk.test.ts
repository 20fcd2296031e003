import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { getPayload } from 'payload'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { insertCannedReply, matchCannedReplies, slashQueryAt } from '../../packages/payload-plugin/src/components/inbox/cannedMatch'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { writePage } from '../../packages/payload-plugin/src/telegram/sync/writePage'
import { type FakeStream, startFakeStream } from '../fakes/streamServer'
import { createTestApp, type TestApp } from '../helpers/payload'
import { closePayload } from '../../dev/host/closePayload'
import { createUserAndLogin, type Json } from '../helpers/rest'
import { sseReader } from '../helpers/sse'

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
  // The Next.js GraphQL route boots its own Payload instance on the same database.
  if (graphqlUsed) await closePayload(await getPayload({ config: app.config }))
  await db?.end()
  await app?.close()
  await fake?.stop()
})

let graphqlUsed = false
/** A GraphQL request through the host app's Next.js route, as the user with this token. */
const graphqlAs = async (token: string, query: string): Promise<Json> => {
  graphqlUsed = true
  const response = await GRAPHQL_POST(app.config)(
    new Request('http://localhost:3000/api/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
      body: JSON.stringify({ query }),
    }),
  )
  return (await response.json()) as Json
}

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

  it('is never empty, and GraphQL clients create conversations without naming it', async () => {
    const c = await conversation()
    expect((await setStatus(c.id, { status: 'pending' })).status).toBe(200)
    expect((await setStatus(c.id, { status: null })).body.doc.status).toBe('pending')
    const body = await graphqlAs(staff.token, 'mutation { createConversation(data: { source: direct, type: direct, title: "Via GraphQL" }) { id status } }')
    expect(body.errors).toBeUndefined()
    expect(body.data.createConversation.status).toBe('open')
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

describe('assignment', () => {
  it('assigns to a staff member or no one, logging who changed it and when', async () => {
    const colleague = await createUserAndLogin(app, 'colleague@example.com', ['staff'])
    const c = await conversation()
    expect(c.assignee ?? null).toBeNull()
    expect((await staff.rest.patch(`/conversations/${c.id}`, { assignee: colleague.user.id })).status).toBe(200)
    expect((await colleague.rest.patch(`/conversations/${c.id}`, { assignee: null })).status).toBe(200)
    expect((await staff.rest.patch(`/conversations/${c.id}`, { assignee: staff.user.id })).status).toBe(200)
    // An unrelated change logs nothing.
    expect((await staff.rest.patch(`/conversations/${c.id}`, { isPinned: true })).status).toBe(200)

    const doc = (await staff.rest.get(`/conversations/${c.id}?depth=0`)).body
    expect(doc.assignee).toBe(staff.user.id)
    expect(doc.assignmentEvents.map((e: Json) => [e.action, e.assignee, e.by])).toEqual([
      ['assigned', colleague.user.id, staff.user.id],
      ['unassigned', colleague.user.id, colleague.user.id],
      ['assigned', staff.user.id, staff.user.id],
    ])
    expect(doc.assignmentEvents.every((e: Json) => Date.parse(e.at) > Date.now() - 60_000)).toBe(true)
  })

  it('refuses a customer as assignee, ignores an editor’s assignment, and lets no one forge the log', async () => {
    const editor = await createUserAndLogin(app, 'editor@example.com', ['editor'])
    const c = await conversation()
    const refused = await staff.rest.patch(`/conversations/${c.id}`, { assignee: customer.user.id })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('staff member')
    await editor.rest.patch(`/conversations/${c.id}`, { assignee: staff.user.id })
    const forged = await staff.rest.patch(`/conversations/${c.id}`, {
      assignmentEvents: [{ action: 'assigned', assignee: customer.user.id, at: new Date().toISOString() }],
    })
    expect(forged.status).toBe(200)
    const doc = await read(c.id)
    expect(doc.assignee ?? null).toBeNull()
    expect(doc.assignmentEvents).toEqual([])
  })

  it('customers do not see the assignment log', async () => {
    const c = await conversation({ customer: customer.user.id, assignee: staff.user.id })
    const mine = await customer.rest.get(`/conversations/${c.id}?depth=0`)
    expect(mine.status).toBe(200)
    expect((await read(c.id)).assignmentEvents).toHaveLength(1)
    expect(mine.body.assignmentEvents ?? []).toEqual([])
  })

  it('filters Mine, Unassigned and All, in the list and in the tab counts', async () => {
    await db.query(`update conversations set is_archived = true`)
    const mine = await conversation({ assignee: staff.user.id })
    const unassigned = await conversation()
    const other = await createUserAndLogin(app, 'other@example.com', ['admin'])
    const theirs = await conversation({ assignee: other.user.id })
    await setStatus(theirs.id, { status: 'pending' })
    const ids = async (query: string) => (await staff.rest.get(`/conversations?depth=0&sort=id&where[isArchived][not_equals]=true&${query}`)).body.docs.map((d: Json) => d.id)
    expect(await ids(`where[assignee][equals]=${staff.user.id}`)).toEqual([mine.id])
    expect(await ids('where[assignee][exists]=false')).toEqual([unassigned.id])
    expect(await ids('')).toEqual([mine.id, unassigned.id, theirs.id])

    expect((await staff.rest.get('/switchboard/inbox/counts?assignee=me')).body.counts).toEqual({ open: 1, pending: 0, snoozed: 0, resolved: 0, all: 1 })
    expect((await other.rest.get('/switchboard/inbox/counts?assignee=me')).body.counts).toMatchObject({ open: 0, pending: 1, all: 1 })
    expect((await staff.rest.get('/switchboard/inbox/counts?assignee=unassigned')).body.counts).toMatchObject({ open: 1, all: 1 })
    expect((await staff.rest.get('/switchboard/inbox/counts')).body.counts).toMatchObject({ open: 2, pending: 1, all: 3 })
    expect((await staff.rest.get('/switchboard/inbox/counts?assignee=nobody')).status).toBe(400)
  })
})

describe('the assigned agent in the widget', () => {
  it('the chat session’s messages name the assignee by display name only, and no one while unassigned', async () => {
    const chat = await widgetChat()
    const page = async () => (await call('GET', '/chat/messages', { bearer: chat.sessionToken })).body
    expect((await page()).agent).toBeNull()
    const agent = await createUserAndLogin(app, 'agent@example.com', ['staff'])
    await app.payload.update({ collection: 'users', id: agent.user.id, data: { displayName: 'Sam Support' } })
    await staff.rest.patch(`/conversations/${chat.conversationId}`, { assignee: agent.user.id })
    const body = await page()
    expect(body.agent).toEqual({ name: 'Sam Support' })
    expect(JSON.stringify(body)).not.toContain('agent@example.com')
    // Without a display name the widget shows no one rather than an email address.
    await app.payload.update({ collection: 'users', id: agent.user.id, data: { displayName: '' } })
    expect((await page()).agent).toBeNull()
  })
})

describe('the dashboard’s helpdesk figures', () => {
  it('count inbox conversations per status, the open ones nobody has, and the open ones per assignee', async () => {
    await db.query(`update conversations set is_archived = true`)
    const helper = await createUserAndLogin(app, 'helper@example.com', ['staff'])
    await app.payload.update({ collection: 'users', id: helper.user.id, data: { displayName: 'Helga Helper' } })
    await conversation({ assignee: helper.user.id })
    await conversation({ assignee: helper.user.id })
    await conversation({ assignee: staff.user.id })
    await conversation()
    const pending = await conversation({ assignee: helper.user.id })
    await setStatus(pending.id, { status: 'pending' })
    await conversation({ isArchived: true, assignee: staff.user.id })

    const { helpdesk } = (await staff.rest.get('/switchboard/stats')).body
    expect(helpdesk.byStatus).toEqual({ open: 4, pending: 1, snoozed: 0, resolved: 0 })
    expect(helpdesk.unassignedOpen).toBe(1)
    expect(helpdesk.openByAssignee).toEqual([
      { id: helper.user.id, name: 'Helga Helper', open: 2 },
      { id: staff.user.id, name: 'staff@example.com', open: 1 },
    ])
  })
})

describe('automatic assignment (assignment.autoAssign)', () => {
  let auto: TestApp
  beforeAll(async () => {
    auto = await createTestApp({ switchboard: { assignment: { autoAssign: true } } })
  })
  afterAll(() => auto?.close())

  const user = (email: string, roles: string[], isAvailable: boolean) =>
    auto.payload.create({ collection: 'users', data: { email, password: 'correct-horse-battery', roles, isAvailable } })
  const create = async () => (await auto.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct' }, depth: 0 })) as Json

  it('leaves new conversations unassigned while nobody is available', async () => {
    await user('away@example.com', ['staff'], false)
    await user('customer-available@example.com', ['customer'], true)
    expect((await create()).assignee ?? null).toBeNull()
  })

  it('goes round the available staff, skipping the unavailable, and logs it as automatic', async () => {
    const a = await user('a@example.com', ['staff'], true)
    const b = await user('b@example.com', ['admin'], true)
    const assignees = []
    for (let i = 0; i < 4; i++) assignees.push((await create()).assignee)
    expect(assignees).toEqual([a.id, b.id, a.id, b.id])
    const last = await create()
    expect(last.assignmentEvents).toEqual([expect.objectContaining({ action: 'auto-assigned', assignee: a.id, by: null })])

    // Someone assigned by hand keeps that assignment.
    const manual = (await auto.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', assignee: b.id }, depth: 0 })) as Json
    expect(manual.assignee).toBe(b.id)
    expect(manual.assignmentEvents.map((e: Json) => e.action)).toEqual(['assigned'])
  })

  it('gives conversations created at the same moment to different people', async () => {
    await auto.payload.update({ collection: 'users', where: { email: { not_equals: 'c@example.com' } }, data: { isAvailable: false } })
    const c = await user('c@example.com', ['staff'], true)
    const d = await user('d@example.com', ['staff'], true)
    const assigned = await Promise.all([create(), create()])
    expect(assigned.map((x) => x.assignee).sort()).toEqual([c.id, d.id].sort())
  })
})

describe('internal notes', () => {
  const note = (conversationId: number, text: string) => staff.rest.post('/messages', { conversation: conversationId, text, kind: 'note' })
  const reply = (conversationId: number, text: string) => staff.rest.post('/messages', { conversation: conversationId, text, direction: 'out' })

  it('are stored as messages of kind note, outgoing, and leave the conversation’s preview, activity and status alone', async () => {
    const c = await conversation({ customer: customer.user.id })
    await reply(c.id, 'Visible reply')
    await setStatus(c.id, { status: 'resolved' })
    const before = await read(c.id)
    const res = await note(c.id, 'Customer is on the enterprise plan')
    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({ kind: 'note', direction: 'out' })
    expect(await read(c.id)).toMatchObject({ lastMessagePreview: 'Visible reply', lastMessageAt: before.lastMessageAt, status: 'resolved', unreadCount: 0 })
    // A note stays a note, and a message does not become one.
    expect((await staff.rest.patch(`/messages/${res.body.doc.id}`, { kind: 'text' })).body.doc.kind).toBe('note')
  })

  it('are never readable by the customer over REST (list, find by id) or GraphQL', async () => {
    const c = await conversation({ customer: customer.user.id })
    const visible = (await reply(c.id, 'Hello from support')).body.doc
    const hidden = (await note(c.id, 'Secret: refund approved by finance')).body.doc
    const list = await customer.rest.get(`/messages?where[conversation][equals]=${c.id}&depth=0`)
    expect(list.status).toBe(200)
    expect(list.body.docs.map((d: Json) => d.id)).toEqual([visible.id])
    expect((await customer.rest.get(`/messages?where[kind][equals]=note&depth=0`)).body.docs).toEqual([])
    expect([403, 404]).toContain((await customer.rest.get(`/messages/${hidden.id}`)).status)
    expect((await customer.rest.get(`/messages/count?where[conversation][equals]=${c.id}`)).body.totalDocs).toBe(1)
    // Staff see both.
    expect((await staff.rest.get(`/messages?where[conversation][equals]=${c.id}&depth=0`)).body.docs).toHaveLength(2)

    {
      const ask = (query: string) => graphqlAs(customer.token, query)
      const all = await ask(`{ Messages(where: { conversation: { equals: ${c.id} } }) { docs { id text kind } } }`)
      expect(all.data.Messages.docs.map((d: Json) => d.text)).toEqual(['Hello from support'])
      const one = await ask(`{ Message(id: ${hidden.id}) { id text } }`)
      expect(one.data?.Message ?? null).toBeNull()
      expect(JSON.stringify(one)).not.toContain('refund approved')
    }
  })

  it('never reach the widget: not in the chat session’s messages, not live over SSE, not on replay', async () => {
    const chat = await widgetChat()
    const events = await app.rest(`/chat/events?session=${encodeURIComponent(chat.sessionToken)}`)
    expect(events.status).toBe(200)
    const sse = sseReader(events)
    const since = `${Date.now()}-0`
    await note(chat.conversationId, 'Internal: VIP customer')
    await reply(chat.conversationId, 'How can we help?')
    const live = await sse.next((e) => e.event === 'message')
    expect(JSON.parse(live.data!).text).toBe('How can we help?')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(sse.events.map((e) => e.data ?? '').join('\n')).not.toContain('VIP')
    await sse.close()

    const replayed = await app.rest(`/chat/events?session=${encodeURIComponent(chat.sessionToken)}&lastEventId=${since}`)
    const replay = sseReader(replayed)
    expect(JSON.parse((await replay.next((e) => e.event === 'message')).data!).text).toBe('How can we help?')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(replay.events.map((e) => e.data ?? '').join('\n')).not.toContain('VIP')
    await replay.close()

    const page = await call('GET', '/chat/messages', { bearer: chat.sessionToken })
    expect(page.body.messages.map((m: Json) => m.text)).toEqual(['How can we help?'])
  })

  it('reach the staff inbox’s live stream, marked as notes', async () => {
    const c = await conversation()
    const response = await app.rest('/switchboard/events', { method: 'GET', token: staff.token })
    const stream = sseReader(response)
    await note(c.id, 'For the team')
    const event = await stream.next((e) => e.event === 'message')
    expect(JSON.parse(event.data!)).toMatchObject({ conversationId: c.id, text: 'For the team', note: true })
    await stream.close()
  })

  it('are not counted as messages on the dashboard', async () => {
    const before = (await staff.rest.get('/switchboard/stats')).body
    const c = await conversation()
    await note(c.id, 'Not a message to anyone')
    const after = (await staff.rest.get('/switchboard/stats')).body
    expect(after.messages).toEqual(before.messages)
  })

  it('are never sent to Telegram', async () => {
    const account = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'Notes', kind: 'user', status: 'disabled' }, overrideAccess: true })
    const c = await conversation({ source: 'telegram', type: 'private', account: account.id, externalId: 778 })
    const sent = (await reply(c.id, 'To Telegram')).body.doc
    const internal = (await note(c.id, 'Not to Telegram')).body.doc
    expect(sent.deliveryStatus).toBe('pending')
    expect(internal.deliveryStatus ?? null).toBeNull()
    const jobs = (await db.query(`select input->>'messageId' as id from payload_jobs where task_slug = 'switchboardTelegramSend'`)).rows.map((r) => Number(r.id))
    expect(jobs).toContain(sent.id)
    expect(jobs).not.toContain(internal.id)
  })

  it('are never mirrored to Stream', async () => {
    const c = await conversation({ participants: [{ relationTo: 'users', value: customer.user.id }], provider: staff.user.id })
    await drain()
    await note(c.id, 'Internal only')
    await reply(c.id, 'Public answer')
    await drain()
    const texts = [...fake.channels.get(`messaging:sb-c-${c.id}`)!.messages.values()].map((m) => m.text)
    expect(texts).toEqual(['Public answer'])
  })
})

describe('canned replies', () => {
  it('staff create, edit, list and delete them; the shortcut is stored without / and lower-case, unique', async () => {
    const created = await staff.rest.post('/canned-replies', { title: 'Refund policy', text: 'Refunds take 5–7 working days.', shortcut: '/Refund' })
    expect(created.status).toBe(201)
    expect(created.body.doc).toMatchObject({ title: 'Refund policy', shortcut: 'refund' })
    expect((await staff.rest.post('/canned-replies', { title: 'Again', text: 'x', shortcut: 'REFUND' })).status).toBe(400)
    const bad = await staff.rest.post('/canned-replies', { title: 'Spaces', text: 'x', shortcut: 'two words' })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('shortcut')
    expect((await staff.rest.post('/canned-replies', { title: 'No text' })).status).toBe(400)
    expect((await staff.rest.post('/canned-replies', { title: 'Greeting', text: 'Hello! How can we help?' })).status).toBe(201)

    expect((await staff.rest.patch(`/canned-replies/${created.body.doc.id}`, { text: 'Refunds take 3 working days.' })).body.doc.text).toBe('Refunds take 3 working days.')
    const list = await staff.rest.get('/canned-replies?sort=title&depth=0')
    expect(list.body.docs.map((d: Json) => d.title)).toEqual(['Greeting', 'Refund policy'])
    const removable = (await staff.rest.post('/canned-replies', { title: 'Old', text: 'Old text' })).body.doc
    expect((await staff.rest.delete(`/canned-replies/${removable.id}`)).status).toBe(200)
  })

  it('are the team’s: customers, editors and anonymous visitors neither read nor write them', async () => {
    const editor = await createUserAndLogin(app, 'canned-editor@example.com', ['editor'])
    for (const client of [customer.rest, editor.rest]) {
      expect((await client.get('/canned-replies')).status).toBe(403)
      expect((await client.post('/canned-replies', { title: 'x', text: 'y' })).status).toBe(403)
    }
    expect((await app.rest('/canned-replies')).status).toBe(403)
  })

  it('the composer offers them after /, by shortcut, then title, then text, and inserts the text in place of /query', () => {
    const replies = [
      { id: 1, title: 'Greeting', text: 'Hello! How can we help?', shortcut: 'hi' },
      { id: 2, title: 'Refund policy', text: 'Refunds take 3 working days.', shortcut: 'refund' },
      { id: 3, title: 'Shipping', text: 'We ship worldwide; refunds on request.', shortcut: null },
    ]
    expect(slashQueryAt('/', 1)).toEqual({ start: 0, query: '' })
    expect(slashQueryAt('Thanks! /Ref', 12)).toEqual({ start: 8, query: 'ref' })
    // A slash inside a word or a URL is not a lookup.
    expect(slashQueryAt('and/or', 6)).toBeUndefined()
    expect(slashQueryAt('see /a b', 8)).toBeUndefined()
    expect(matchCannedReplies(replies, '').map((r) => r.id)).toEqual([1, 2, 3])
    expect(matchCannedReplies(replies, 'ref').map((r) => r.id)).toEqual([2, 3])
    expect(matchCannedReplies(replies, 'ship').map((r) => r.id)).toEqual([3])
    expect(matchCannedReplies(replies, 'zzz')).toEqual([])
    const value = 'Thanks! /ref and bye'
    const at = slashQueryAt(value, 12)!
    expect(insertCannedReply(value, at, 12, replies[1]!)).toEqual({ value: 'Thanks! Refunds take 3 working days. and bye', caret: 36 })
  })
})

describe('email to a new assignee (notifications.emailOnAssign)', () => {
  let mailApp: TestApp
  const sent: Array<{ to: unknown; subject?: string; text?: unknown }> = []
  let failNext = false
  beforeAll(async () => {
    mailApp = await createTestApp({
      switchboard: { notifications: { emailOnAssign: true } },
      email: () => ({
        name: 'capture',
        defaultFromAddress: 'switchboard@example.com',
        defaultFromName: 'Switchboard',
        sendEmail: async (message) => {
          if (failNext) {
            failNext = false
            throw new Error('SMTP server unavailable')
          }
          sent.push({ to: message.to, subject: message.subject, text: message.text })
        },
      }),
    })
  })
  afterAll(() => mailApp?.close())

  const run = async () => {
    for (let round = 0; round < 10; round++) {
      const result = await mailApp.payload.jobs.run({ queue: 'switchboard', limit: 50 })
      if (!result.jobStatus || Object.keys(result.jobStatus).length === 0) return
    }
  }

  it('emails the assignee once the assignment commits, through the jobs queue, in plain text with a link to the inbox', async () => {
    const lead = await createUserAndLogin(mailApp, 'lead@example.com', ['admin'])
    const agent = await createUserAndLogin(mailApp, 'agent@example.com', ['staff'])
    const c = (await mailApp.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title: 'Order <b>#42</b>' }, depth: 0 })) as Json
    expect((await lead.rest.patch(`/conversations/${c.id}`, { assignee: agent.user.id })).status).toBe(200)
    // Nothing is sent from the request itself.
    expect(sent).toEqual([])
    await run()
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ to: 'agent@example.com', subject: 'Assigned to you: Order <b>#42</b>' })
    expect(String(sent[0]!.text)).toContain(`/admin/inbox/${c.id}`)

    // Taking a conversation yourself sends nothing; neither does an unrelated change.
    sent.length = 0
    await agent.rest.patch(`/conversations/${c.id}`, { isPinned: true })
    const own = (await mailApp.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct' }, depth: 0 })) as Json
    await agent.rest.patch(`/conversations/${own.id}`, { assignee: agent.user.id })
    await run()
    expect(sent).toEqual([])
  })

  it('retries when the mail server fails, and skips a conversation assigned to someone else meanwhile', async () => {
    const lead = (await mailApp.payload.find({ collection: 'users', where: { email: { equals: 'lead@example.com' } } })).docs[0]!
    const agent = (await mailApp.payload.find({ collection: 'users', where: { email: { equals: 'agent@example.com' } } })).docs[0]!
    const c = (await mailApp.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title: 'Retry' }, depth: 0 })) as Json
    sent.length = 0
    failNext = true
    await mailApp.payload.update({ collection: 'conversations', id: c.id, data: { assignee: agent.id }, user: lead, overrideAccess: false })
    await run()
    expect(sent).toEqual([])
    const mail = new pg.Client({ connectionString: mailApp.databaseUrl })
    await mail.connect()
    try {
      await mail.query(`update payload_jobs set wait_until = null where completed_at is null`)
      await run()
      expect(sent.map((m) => m.subject)).toEqual(['Assigned to you: Retry'])

      sent.length = 0
      await mailApp.payload.update({ collection: 'conversations', id: c.id, data: { assignee: lead.id }, overrideAccess: true })
      await mailApp.payload.update({ collection: 'conversations', id: c.id, data: { assignee: agent.id }, overrideAccess: true })
      await mailApp.payload.update({ collection: 'conversations', id: c.id, data: { assignee: null }, overrideAccess: true })
      await run()
      expect(sent).toEqual([])
    } finally {
      await mail.end()
    }
  })
})
