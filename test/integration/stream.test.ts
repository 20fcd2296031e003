import { createLocalReq, initTransaction, killTransaction } from 'payload'
import type pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import type { TestApp } from '../helpers/payload'
import type { FakeStream } from '../fakes/streamServer'
import { startStreamTestApp, type StreamTestApp } from '../helpers/streamApp'

let context: StreamTestApp
let app: TestApp
let fake: FakeStream
let db: pg.Client
let staff: StreamTestApp['staff']

beforeAll(async () => {
  context = await startStreamTestApp()
  ;({ app, fake, db, staff } = context)
})
afterAll(() => context?.close())
beforeEach(() => fake.clearCalls())

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

/** Runs the switchboard queue until nothing is due (the worker's job, done by hand here). */
const drain = async () => {
  for (let round = 0; round < 20; round++) {
    const result = await app.payload.jobs.run({ queue: 'switchboard', limit: 50 })
    if (!result.jobStatus || Object.keys(result.jobStatus).length === 0) return
  }
  throw new Error('the queue did not drain')
}
/** Makes retries due now instead of after their backoff. */
const makeJobsDue = () => db.query(`update payload_jobs set wait_until = null where completed_at is null`)
const pendingJobs = async () => Number((await db.query(`select count(*) from payload_jobs where completed_at is null`)).rows[0].count)

/** Customers inserted in bulk (no password hashing): participants for big conversations. */
const bulkUsers = async (count: number, prefix: string, extra = ''): Promise<number[]> => {
  const { rows } = await db.query(
    `insert into users (email, display_name, account_type, updated_at, created_at)
     select $1 || g || '@example.com', 'Member ' || g, ${extra ? `'${extra}'` : `'person'`}, now(), now() from generate_series(1, $2) g
     returning id`,
    [prefix, count],
  )
  return rows.map((r) => r.id as number)
}

const directConversation = async (userIds: number[], extra: Doc = {}) => {
  const res = await staff.rest.post('/conversations', {
    source: 'direct',
    type: 'direct',
    title: 'Direct',
    provider: staff.user.id,
    participants: userIds.map((value) => ({ relationTo: 'users', value })),
    ...extra,
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc as Doc
}

const conversation = (id: number | string): Promise<Doc> => app.payload.findByID({ collection: 'conversations', id, depth: 0 })
const membersOf = (conversationId: number | string) => [...(fake.channels.get(`messaging:sb-c-${conversationId}`)?.members.keys() ?? [])].sort()

describe('channel sync', () => {
  it('creates a 250-member channel with 3 upserts, 1 create and 2 addMembers, participants first', async () => {
    const ids = await bulkUsers(249, 'big')
    const created = await directConversation(ids)
    // The request returned before any Stream call: the job is queued, nothing sent yet.
    expect(fake.calls).toHaveLength(0)
    expect(await pendingJobs()).toBe(1)
    expect((await conversation(created.id)).streamSyncStatus).toBe('pending')

    await drain()
    const summary = fake.callSummary().filter((call) => !call.startsWith('queryMembers'))
    expect(summary).toEqual(['upsertUsers:100', 'upsertUsers:100', 'upsertUsers:50', 'createChannel:100', 'addMembers:100', 'addMembers:50'])
    // Every upsert came before the channel was created.
    expect(fake.callSummary().findIndex((c) => c.startsWith('createChannel'))).toBe(3)
    expect(membersOf(created.id)).toHaveLength(250)
    expect(await conversation(created.id)).toMatchObject({ streamChannelId: `sb-c-${created.id}`, streamSyncStatus: 'synced', streamError: null })
  })

  it('gives companies a channel role and nobody the global admin role', async () => {
    const [company] = await bulkUsers(1, 'company', 'company')
    const [person] = await bulkUsers(1, 'person')
    const created = await directConversation([company!, person!])
    await drain()
    const channel = fake.channels.get(`messaging:sb-c-${created.id}`)!
    expect(channel.members.get(`sb-u-${company}`)?.channel_role).toBe('channel_moderator')
    expect(channel.members.get(`sb-u-${person}`)?.channel_role).toBe('channel_member')
    for (const user of fake.users.values()) expect(user.role).not.toBe('admin')
  })

  it('detects members deleted or removed behind our back and restores them on resync', async () => {
    const ids = await bulkUsers(3, 'gone')
    const created = await directConversation(ids)
    await drain()
    fake.deleteUserBehindOurBack(`sb-u-${ids[0]}`)
    fake.removeMemberBehindOurBack(`messaging:sb-c-${created.id}`, `sb-u-${ids[1]}`)
    expect(membersOf(created.id)).toHaveLength(2)

    const res = await staff.rest.post(`/switchboard/stream/resync/${created.id}`)
    expect(res.status).toBe(202)
    await drain()
    expect(membersOf(created.id)).toEqual([...ids.map((id) => `sb-u-${id}`), `sb-u-${staff.user.id}`].sort())
    expect(fake.users.has(`sb-u-${ids[0]}`)).toBe(true)
  })

  it('removes members who left the conversation', async () => {
    const ids = await bulkUsers(3, 'leave')
    const created = await directConversation(ids)
    await drain()
    await staff.rest.patch(`/conversations/${created.id}`, {
      participants: ids.slice(1).map((value) => ({ relationTo: 'users', value })),
    })
    await drain()
    expect(membersOf(created.id)).toEqual([...ids.slice(1).map((id) => `sb-u-${id}`), `sb-u-${staff.user.id}`].sort())
  })

  it('keeps retrying while Stream is down and ends synced, with no duplicate channel', async () => {
    const ids = await bulkUsers(2, 'down')
    await fake.refuseConnections(true)
    const created = await directConversation(ids)
    await drain()
    const failed = await conversation(created.id)
    expect(failed.streamSyncStatus).toBe('failed')
    expect(failed.streamError).toBeTruthy()
    expect(await pendingJobs()).toBe(1)

    await fake.refuseConnections(false)
    await makeJobsDue()
    await drain()
    expect(await conversation(created.id)).toMatchObject({ streamSyncStatus: 'synced', streamError: null })
    expect([...fake.channels.keys()].filter((cid) => cid === `messaging:sb-c-${created.id}`)).toHaveLength(1)
  })

  it('reschedules after a 429 for the time Stream names', async () => {
    const ids = await bulkUsers(1, 'limited')
    const reset = Math.floor(Date.now() / 1000) + 120
    fake.failNext('upsertUsers', { status: 429, code: 9, message: 'Too many requests', headers: { 'X-RateLimit-Reset': String(reset) } })
    const created = await directConversation(ids)
    await drain()
    const { rows } = await db.query(`select wait_until from payload_jobs where completed_at is null and input->>'conversationId' = $1`, [
      String(created.id),
    ])
    expect(rows).toHaveLength(1)
    expect(Math.round(new Date(rows[0].wait_until).getTime() / 1000)).toBe(reset)
    expect((await conversation(created.id)).streamSyncStatus).toBe('pending')
    await makeJobsDue()
    await drain()
    expect((await conversation(created.id)).streamSyncStatus).toBe('synced')
  })

  it('leaves a conversation with nobody to mirror alone: no channel, no retries, its messages skipped', async () => {
    const empty = await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title: 'Nobody here' } })
    await drain()
    expect(await conversation(empty.id)).toMatchObject({ streamSyncStatus: null, streamError: expect.stringContaining('no participants') })
    await app.payload.create({ collection: 'messages', data: { conversation: empty.id, text: 'into the void', direction: 'out' } })
    await drain()
    expect(fake.calls).toHaveLength(0)
    expect(await pendingJobs()).toBe(0)
  })

  it('queues nothing when the creating request rolls back', async () => {
    const before = await pendingJobs()
    const req = await createLocalReq({}, app.payload)
    await initTransaction(req)
    await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title: 'rolled back' }, req })
    await killTransaction(req)
    expect(await pendingJobs()).toBe(before)
    await drain()
    expect(fake.calls).toHaveLength(0)
  })

  it('does not mirror sources that are not configured (telegram is opt-in)', async () => {
    const tg = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 555 } })
    await app.payload.create({
      collection: 'conversations',
      data: { source: 'telegram', type: 'private', participants: [{ relationTo: 'telegram-users', value: tg.id }] },
    })
    expect(await pendingJobs()).toBe(0)
  })

  it('uses the linked user’s Stream id for a linked Telegram account', async () => {
    const [userId] = await bulkUsers(1, 'linked')
    const linked = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 777, username: 'linked_tg' } })
    const unlinked = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 778 } })
    await staff.rest.post(`/telegram-users/${linked.id}/link`, { userId })
    const res = await staff.rest.post('/conversations', {
      source: 'widget',
      type: 'widget',
      provider: staff.user.id,
      participants: [
        { relationTo: 'telegram-users', value: linked.id },
        { relationTo: 'telegram-users', value: unlinked.id },
      ],
    })
    await drain()
    expect(membersOf(res.body.doc.id)).toEqual([`sb-tg-778`, `sb-u-${staff.user.id}`, `sb-u-${userId}`].sort())
  })
})

describe('messages', () => {
  it('mirrors new, edited and deleted messages under one deterministic id, without duplicates on retry', async () => {
    const ids = await bulkUsers(1, 'talk')
    const created = await directConversation(ids)
    await drain()
    const sent = await staff.rest.post('/messages', { conversation: created.id, text: 'Hello from the CMS', direction: 'out' })
    expect(sent.status).toBe(201)
    await drain()
    const cid = `messaging:sb-c-${created.id}`
    const streamId = `sb-m-${sent.body.doc.id}`
    expect(fake.channels.get(cid)!.messages.get(streamId)).toMatchObject({ text: 'Hello from the CMS', user_id: `sb-u-${staff.user.id}` })

    // A retried job (same message queued again) does not post it twice.
    await app.payload.jobs.queue({
      task: 'switchboardStreamSyncMessage',
      input: { messageId: String(sent.body.doc.id), conversationId: String(created.id) },
      queue: 'switchboard',
    })
    await drain()
    expect(fake.channels.get(cid)!.messages.size).toBe(1)

    await staff.rest.patch(`/messages/${sent.body.doc.id}`, { text: 'Hello, edited' })
    await drain()
    expect(fake.channels.get(cid)!.messages.get(streamId)?.text).toBe('Hello, edited')

    await staff.rest.delete(`/messages/${sent.body.doc.id}`)
    await drain()
    expect(fake.channels.get(cid)!.messages.get(streamId)?.deleted_at).toBeTruthy()
  })
})

describe('webhook', () => {
  const post = (body: string, signature?: string) =>
    app.rest('/switchboard/stream/webhook', { method: 'POST', body, headers: signature ? { 'x-signature': signature } : {} })

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const before = await app.payload.count({ collection: 'messages' })
    const body = JSON.stringify(fake.webhookEvent('message.new', { cid: 'messaging:sb-c-1', message: { id: 'x1', text: 'hi' }, user: { id: 'sb-u-1' } }))
    expect((await post(body)).status).toBe(401)
    expect((await post(body, 'deadbeef')).status).toBe(401)
    expect((await post(body, fake.signWebhook(body + ' '))).status).toBe(401)
    expect((await app.payload.count({ collection: 'messages' })).totalDocs).toBe(before.totalDocs)
  })

  it('refuses a body over the limit (1 MB) with 413, without reading it whole, and stores nothing', async () => {
    const before = await app.payload.count({ collection: 'messages' })
    const declared = await app.rest('/switchboard/stream/webhook', {
      method: 'POST',
      body: '{}',
      headers: { 'content-length': String(2 * 1024 * 1024), 'x-signature': fake.signWebhook('{}') },
    })
    expect(declared.status).toBe(413)
    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled++
        controller.enqueue(new Uint8Array(64 * 1024).fill(32))
      },
    })
    const streamed = await app.rest('/switchboard/stream/webhook', { method: 'POST', body: endless, duplex: 'half' } as RequestInit)
    expect(streamed.status).toBe(413)
    // 1 MB in 64 KB chunks is 16 reads, give or take the stream's own read-ahead.
    expect(pulled).toBeLessThan(20)
    expect((await app.payload.count({ collection: 'messages' })).totalDocs).toBe(before.totalDocs)
  })

  it('mirrors a Stream user’s message once, however often it is delivered, then its edit and deletion', async () => {
    const [customer] = await bulkUsers(1, 'hook')
    const created = await directConversation([customer!])
    await drain()
    const cid = `messaging:sb-c-${created.id}`
    const event = (type: 'message.new' | 'message.updated' | 'message.deleted', text: string) =>
      JSON.stringify(fake.webhookEvent(type, { cid, message: { id: 'stream-msg-1', text }, user: { id: `sb-u-${customer}` } }))

    const body = event('message.new', 'Written in a Stream client')
    for (let i = 0; i < 3; i++) expect((await post(body, fake.signWebhook(body))).status).toBe(200)
    const stored = await app.payload.find({ collection: 'messages', where: { streamMessageId: { equals: 'stream-msg-1' } }, depth: 0 })
    expect(stored.totalDocs).toBe(1)
    expect(stored.docs[0]).toMatchObject({ conversation: created.id, text: 'Written in a Stream client', direction: 'in' })
    expect(stored.docs[0]!.sender).toEqual({ relationTo: 'users', value: customer })
    // It came from Stream: nothing is sent back.
    expect(await pendingJobs()).toBe(0)

    const edit = event('message.updated', 'Edited in Stream')
    expect((await post(edit, fake.signWebhook(edit))).status).toBe(200)
    const remove = event('message.deleted', '')
    expect((await post(remove, fake.signWebhook(remove))).status).toBe(200)
    const after = await app.payload.findByID({ collection: 'messages', id: stored.docs[0]!.id })
    expect(after.text).toBe('Edited in Stream')
    expect(after.deletedAt).toBeTruthy()
  })

  describe('late, out-of-order and replayed events', () => {
    let seq = 0
    /** A fresh conversation and a sender; `send` posts a signed event for one Stream message. */
    const setup = async () => {
      const id = `stream-order-${++seq}`
      const [customer] = await bulkUsers(1, `order${seq}-`)
      const created = await directConversation([customer!])
      await drain()
      const send = async (type: 'message.new' | 'message.updated' | 'message.deleted', text: string, at?: string) => {
        const message: Record<string, string> = { id, text, created_at: '2025-01-01T10:00:00.000Z' }
        if (at && type === 'message.updated') message.updated_at = at
        if (at && type === 'message.deleted') message.deleted_at = message.updated_at = at
        const body = JSON.stringify(fake.webhookEvent(type, { cid: `messaging:sb-c-${created.id}`, message: message as never, user: { id: `sb-u-${customer}` } }))
        const res = await post(body, fake.signWebhook(body))
        expect(res.status).toBe(200)
        return res.json()
      }
      const stored = async () => {
        const found = await app.payload.find({ collection: 'messages', where: { streamMessageId: { equals: id } }, depth: 0 })
        expect(found.totalDocs).toBe(1)
        return found.docs[0] as Doc
      }
      return { send, stored }
    }
    const t = (minute: number) => `2025-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`

    it('an older message.updated arriving late, or replayed, does not revert a newer edit', async () => {
      const { send, stored } = await setup()
      await send('message.new', 'original')
      await send('message.updated', 'second edit', t(2))
      const notified: string[] = []
      const onNotification = (n: pg.Notification) => notified.push(n.payload ?? '')
      await db.query('LISTEN switchboard_messages')
      db.on('notification', onNotification)
      try {
        await send('message.updated', 'first edit', t(1)) // delivered late
        await send('message.updated', 'second edit', t(2)) // a retry of the newest
        await send('message.new', 'original') // a replay of the creation
        await new Promise((resolve) => setTimeout(resolve, 50))
      } finally {
        db.off('notification', onNotification)
        await db.query('UNLISTEN switchboard_messages')
      }
      expect(await stored()).toMatchObject({ text: 'second edit', editedAt: t(2) })
      // Nothing changed, so no open chat hears of a change.
      expect(notified).toEqual([])

      await send('message.updated', 'third edit', t(3))
      expect(await stored()).toMatchObject({ text: 'third edit', editedAt: t(3) })
    })

    it('a deletion wins over an update that arrives after it', async () => {
      const { send, stored } = await setup()
      await send('message.new', 'original')
      await send('message.deleted', '', t(5))
      await send('message.updated', 'edited before the deletion', t(4))
      await send('message.updated', 'edited after the deletion?', t(6))
      const after = await stored()
      expect(after).toMatchObject({ text: 'original', deletedAt: t(5) })
      expect(after.editedAt).toBeFalsy()
    })

    it('an edit that overtakes its message.new is kept; the late message.new changes nothing', async () => {
      const { send, stored } = await setup()
      await send('message.updated', 'edited', t(3))
      await send('message.new', 'original')
      expect(await stored()).toMatchObject({ text: 'edited', editedAt: t(3), sentAt: t(0), direction: 'in' })
    })

    it('a deletion that overtakes its message.new stays deleted', async () => {
      const { send, stored } = await setup()
      await send('message.deleted', 'original', t(4))
      await send('message.new', 'original')
      await send('message.updated', 'edited', t(2))
      expect(await stored()).toMatchObject({ text: 'original', deletedAt: t(4) })
    })

    it('concurrent deliveries of the same events store one message with the newest text', async () => {
      const { send, stored } = await setup()
      await Promise.all([
        send('message.new', 'original'),
        send('message.new', 'original'),
        send('message.updated', 'edit 2', t(2)),
        send('message.updated', 'edit 1', t(1)),
        send('message.updated', 'edit 3', t(3)),
        send('message.new', 'original'),
      ])
      expect(await stored()).toMatchObject({ text: 'edit 3', editedAt: t(3) })
    })
  })

  it('ignores our own messages coming back', async () => {
    const body = JSON.stringify(fake.webhookEvent('message.new', { cid: 'messaging:sb-c-1', message: { id: 'sb-m-1', text: 'echo' }, user: { id: 'sb-u-1' } }))
    const res = await post(body, fake.signWebhook(body))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ignored: 'own message' })
  })
})
