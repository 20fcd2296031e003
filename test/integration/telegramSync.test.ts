import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

import pg from 'pg'
import { Api } from 'telegram'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { discoverAfterLogin } from '../../packages/payload-plugin/src/jobs/telegramJobs'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { accountSource } from '../../packages/payload-plugin/src/telegram/accountSource'
import { sendLoginCode, signInWithCode, signInWithPassword } from '../../packages/payload-plugin/src/telegram/login'
import { peerFromMarkedId } from '../../packages/payload-plugin/src/telegram/peers'
import { telegramSource } from '../../packages/payload-plugin/src/telegram/source'
import { syncHistory } from '../../packages/payload-plugin/src/telegram/sync/historySync'
import { FakeTelegram, type FakePeer, invokeFake, startFakeTelegramServer } from '../fakes/telegram'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin } from '../helpers/rest'
import { telegramAccountQueue, telegramQueue } from '../../packages/payload-plugin/src/constants'

type FakeServer = Awaited<ReturnType<typeof startFakeTelegramServer>>
type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const encryptionKey = randomBytes(32).toString('hex')
const mediaDir = mkdtempSync(path.join(tmpdir(), 'sb-media-'))

let world: FakeTelegram
let server: FakeServer
let app: TestApp
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let accountId: number

// Peers of the fake account: Alice (private), a 5,000-message supergroup, a channel.
let alice: FakePeer
let bigGroup: FakePeer
let channel: FakePeer

const historyCount = 5_000

const tinyJpeg =
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA='

const runTelegramJobs = async () => {
  for (let round = 0; round < 200; round++) {
    let ran = 0
    for (const queue of [telegramQueue, telegramAccountQueue(accountId)]) {
      const result = await app.payload.jobs.run({ queue, limit: 20 })
      ran += Object.keys(result.jobStatus ?? {}).length
    }
    if (!ran) return
  }
  throw new Error('the Telegram queue did not drain')
}

const conversationOf = async (peer: FakePeer): Promise<Doc> => {
  const marked = peer.kind === 'user' ? Number(peer.id) : peer.kind === 'chat' ? -Number(peer.id) : -(1e12 + Number(peer.id))
  const { rows } = await db.query(`select * from conversations where external_id = $1`, [marked])
  expect(rows, `conversation for ${peer.kind} ${peer.id}`).toHaveLength(1)
  return rows[0]
}

const stored = async (conversationId: number) =>
  (
    await db.query(
      `select external_id::int as id, text, edited_at, deleted_at, kind, service_action from messages where conversation_id = $1 order by external_id`,
      [conversationId],
    )
  ).rows

const expectEqualToSource = async (peer: FakePeer) => {
  const conversation = await conversationOf(peer)
  const rows = (await stored(conversation.id)).filter((row) => !row.deleted_at)
  const source = world.history(peer)
  expect(rows.map((row) => row.id)).toEqual(source.map((m) => m.id))
  expect(rows.map((row) => row.text ?? '')).toEqual(source.map((m) => (m instanceof Api.Message ? m.message : '')))
  return conversation
}

const options = () => switchboardOptionsOf(app.payload)

beforeAll(async () => {
  world = new FakeTelegram({ me: { id: 777, firstName: 'Support', username: 'acme_support', phone: '447700900123' }, authorized: false, password: undefined })
  alice = world.addUser({ id: 1001, firstName: 'Alice', lastName: 'Wong', username: 'alice_w' })
  world.addUser({ id: 1002, firstName: 'Bob', username: 'bob' })
  bigGroup = world.addChannel({ id: 500, title: 'Customers', megagroup: true, memberIds: [1001, 1002], about: 'Customer group' })
  channel = world.addChannel({ id: 600, title: 'News' })
  world.addMessages(alice, ['Hi', 'Is my order shipped?'])
  world.addMessages(bigGroup, historyCount)
  world.addMessages(channel, ['Launch day'])
  world.dialogFlags(channel, { muted: true, archived: true })
  world.dialogFlags(alice, { pinned: true })
  server = await startFakeTelegramServer(world)

  app = await createTestApp({
    switchboard: {
      telegram: {
        apiId: 12345,
        apiHash: 'fake-api-hash',
        encryptionKey,
        loginSession: server.sessionString(),
        discoverySchedule: false,
        floodSleepMaxSeconds: 2,
        media: { staticDir: mediaDir },
      },
    },
  })
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
}, 120_000)

afterAll(async () => {
  await db?.end()
  await app?.close()
  await server?.close()
})

describe('connecting an account', () => {
  it('refuses a wrong code with a message a person understands, then connects with the right one', async () => {
    const code = await staff.rest.post('/switchboard/telegram/login/code', { phone: '+44 7700 900123', name: 'Support line' })
    expect(code.status).toBe(200)
    const started = code.body as { accountId: number; next: string }
    expect(started.next).toBe('code')
    accountId = started.accountId

    const wrong = await staff.rest.post('/switchboard/telegram/login/sign-in', { accountId, code: '00000' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.errors[0].message).toMatch(/code is not right/)

    const right = await staff.rest.post('/switchboard/telegram/login/sign-in', { accountId, code: '12345' })
    expect(right.status).toBe(200)
    expect(right.body).toMatchObject({ status: 'connected' })
  })

  it('stores the session only as ciphertext and never returns it', async () => {
    const { rows } = await db.query(`select session, login_state, status from telegram_accounts where id = $1`, [accountId])
    expect(rows[0].status).toBe('connected')
    expect(rows[0].login_state).toBeNull()
    expect(rows[0].session).toMatch(/^sbs1\./)
    expect(rows[0].session).not.toContain(server.sessionString().slice(2, 40))
    const viaApi = (await staff.rest.get(`/telegram-accounts/${accountId}`)).body
    expect(viaApi).not.toHaveProperty('session')
    expect(viaApi).not.toHaveProperty('loginState')
  })

  it('asks for the two-step verification password and refuses a wrong one', async () => {
    const guarded = new FakeTelegram({ me: { id: 888, firstName: 'Sales', phone: '447700900456' }, authorized: false, password: 'correct horse', passwordHint: 'horse' })
    const guardedServer = await startFakeTelegramServer(guarded)
    const opts = { ...options(), telegram: { ...options().telegram, loginSession: guardedServer.sessionString() } }
    try {
      const { accountId: id } = await sendLoginCode(app.payload, opts, { phone: '+447700900456' })
      expect(await signInWithCode(app.payload, opts, { accountId: id, code: '12345' }, discoverAfterLogin(app.payload))).toEqual({ accountId: id, next: 'password', hint: 'horse' })
      await expect(signInWithPassword(app.payload, opts, { accountId: id, password: 'wrong' }, discoverAfterLogin(app.payload))).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(/password is not right/),
      })
      expect(await signInWithPassword(app.payload, opts, { accountId: id, password: 'correct horse' }, discoverAfterLogin(app.payload))).toMatchObject({ status: 'connected', user: expect.stringMatching(/^Sales/) })
      await app.payload.delete({ collection: 'telegram-accounts', id, overrideAccess: true })
      await db.query(`delete from payload_jobs where input->>'accountId' = $1`, [String(id)])
    } finally {
      await guardedServer.close()
    }
  })

  it('refuses login steps from non-staff and malformed input', async () => {
    const customer = await createUserAndLogin(app, 'customer@example.com', ['customer'])
    expect((await customer.rest.post('/switchboard/telegram/login/code', { phone: '+447700900123' })).status).toBe(403)
    expect((await staff.rest.post('/switchboard/telegram/login/code', { phone: 'call me' })).status).toBe(400)
    expect((await staff.rest.post('/switchboard/telegram/login/sign-in', { code: '12345' })).status).toBe(400)
    expect((await staff.rest.post('/switchboard/telegram/login/bot', { botToken: 'nope' })).status).toBe(400)
  })
})

describe('discovery and history sync', () => {
  it('discovers dialogs with their flags and people, then fully syncs every conversation', async () => {
    await runTelegramJobs()
    const group = await expectEqualToSource(bigGroup)
    expect(group).toMatchObject({ type: 'supergroup', title: 'Customers', full_sync_completed: true, about: 'Customer group', sync_status: 'idle' })
    expect(Number(group.synced_message_count)).toBe(historyCount)
    expect(Number(group.last_synced_message_id)).toBe(historyCount)
    expect(group.participant_count === null ? null : Number(group.participant_count)).not.toBe(0)

    const news = await expectEqualToSource(channel)
    expect(news).toMatchObject({ type: 'channel', is_archived: true, is_muted: true })
    const chat = await expectEqualToSource(alice)
    expect(chat).toMatchObject({ type: 'private', title: 'Alice Wong', is_pinned: true })

    const { rows: people } = await db.query(`select username from telegram_users order by username`)
    expect(people.map((p) => p.username)).toEqual(['acme_support', 'alice_w', 'bob'])
    const { rows: senders } = await db.query(
      `select count(*)::int as n from messages_rels r join messages m on m.id = r.parent_id where m.conversation_id = $1 and r.path = 'sender'`,
      [chat.id],
    )
    expect(senders[0].n).toBe(2)
  }, 120_000)

  it('keeps the same message id in a channel and in a private chat as two messages', async () => {
    // Channels number their own messages from 1; the private chat's ids are account-wide and also start at 1.
    const chat = await conversationOf(alice)
    const news = await conversationOf(channel)
    const { rows } = await db.query(`select conversation_id, text from messages where external_id = 1 and conversation_id = any($1) order by conversation_id`, [
      [chat.id, news.id],
    ])
    expect(rows.map((r) => r.text).sort()).toEqual(['Hi', 'Launch day'])
  })

  it('incremental sync after 10 new messages makes exactly one history request, whatever the history size', async () => {
    world.addMessages(bigGroup, 10)
    const group = await conversationOf(bigGroup)
    const before = world.requests.filter((r) => r.className === 'messages.GetHistory').length
    const res = await staff.rest.post(`/switchboard/sync/conversations/${group.id}`, { mode: 'incremental' })
    expect(res.status).toBe(202)
    await runTelegramJobs()
    expect(world.requests.filter((r) => r.className === 'messages.GetHistory').length - before).toBe(1)
    await expectEqualToSource(bigGroup)
  })

  it('picks up an edit and a deletion through incremental sync', async () => {
    const [first, second] = world.addMessages(alice, ['Typo heer', 'Wrong chat, sorry'])
    const chat = await conversationOf(alice)
    await staff.rest.post(`/switchboard/sync/conversations/${chat.id}`, { mode: 'incremental' })
    await runTelegramJobs()
    world.editMessage(alice, first!.id, 'Typo here')
    world.deleteMessages(alice, [second!.id])
    await staff.rest.post(`/switchboard/sync/conversations/${chat.id}`, { mode: 'incremental' })
    await runTelegramJobs()
    const rows = await stored(chat.id)
    expect(rows.find((r) => r.id === first!.id)).toMatchObject({ text: 'Typo here' })
    expect(rows.find((r) => r.id === first!.id)?.edited_at).not.toBeNull()
    expect(rows.find((r) => r.id === second!.id)?.deleted_at).not.toBeNull()
    await expectEqualToSource(alice)
  })

  it('a NUL character sent on Telegram does not stall the chat: it is stored replaced, with the rest of the page', async () => {
    const chat = await conversationOf(alice)
    world.addMessages(alice, ['before', 'nul \u0000 inside', 'after'])
    await staff.rest.post(`/switchboard/sync/conversations/${chat.id}`, { mode: 'incremental' })
    await runTelegramJobs()
    const texts = (await stored(chat.id)).map((row) => row.text)
    expect(texts.slice(-3)).toEqual(['before', 'nul \uFFFD inside', 'after'])
  })

  it('stores service messages as such', async () => {
    world.addServiceMessage(bigGroup, new Api.MessageActionChatEditTitle({ title: 'Customers EU' }), { fromId: 1002 })
    const group = await conversationOf(bigGroup)
    await staff.rest.post(`/switchboard/sync/conversations/${group.id}`, { mode: 'incremental' })
    await runTelegramJobs()
    const { rows } = await db.query(`select kind, service_action, text from messages where conversation_id = $1 order by external_id desc limit 1`, [group.id])
    expect(rows[0]).toMatchObject({ kind: 'service', service_action: 'Bob changed the title to “Customers EU”', text: null })
  })

  it('reports progress in the sync status endpoint, to staff only', async () => {
    const res = await staff.rest.get(`/switchboard/sync/status?account=${accountId}`)
    expect(res.status).toBe(200)
    const body = res.body
    expect(body.accounts[0]).toMatchObject({ id: accountId, status: 'connected', conversations: 3, completed: 3, progress: 1 })
    expect(body.accounts[0].syncedMessages).toBeGreaterThan(historyCount)
    const customer = await createUserAndLogin(app, 'customer2@example.com', ['customer'])
    expect((await customer.rest.get('/switchboard/sync/status')).status).toBe(403)
    expect((await staff.rest.get('/switchboard/sync/status?account=abc')).status).toBe(400)
    expect((await staff.rest.post('/switchboard/sync/conversations/999999', { mode: 'full' })).status).toBe(404)
    expect((await staff.rest.post('/switchboard/sync/conversations/1', { mode: 'sideways' })).status).toBe(400)
  })
})

describe('resuming and FloodWait', () => {
  const freshTarget = async (peer: FakePeer) => {
    const conversation = await conversationOf(peer)
    await db.query(`delete from messages where conversation_id = $1`, [conversation.id])
    await db.query(
      `update conversations set last_synced_message_id = null, backfill_cursor = null, full_sync_completed = false, synced_message_count = 0 where id = $1`,
      [conversation.id],
    )
    return {
      conversationId: conversation.id as number,
      peer: peerFromMarkedId(Number(conversation.external_id), conversation.telegram_access_hash),
      lastSyncedMessageId: null,
      backfillCursor: null,
      fullSyncCompleted: false,
    }
  }

  it('a sync killed mid-page resumes from its checkpoint: equal to the source, no duplicates', async () => {
    const target = await freshTarget(bigGroup)
    const source = await accountSource(app.payload, options(), accountId)
    const abort = new AbortController()
    let pages = 0
    await expect(
      syncHistory(app.payload, options(), source, target, 'full', {
        signal: abort.signal,
        // The fourth page is written, then the process "dies" before it commits.
        guard: async () => {
          if (++pages === 4) abort.abort(new Error('killed'))
        },
      }),
    ).rejects.toThrow('killed')
    // What committed before the kill is exactly what the checkpoint says: nothing more, nothing less.
    const afterKill = await conversationOf(bigGroup)
    const { rows: kept } = await db.query(`select count(*)::int as n, min(external_id)::int as oldest from messages where conversation_id = $1`, [afterKill.id])
    expect(kept[0].n).toBe(Number(afterKill.synced_message_count))
    expect(kept[0].n).toBeGreaterThan(0)
    expect(kept[0].n).toBeLessThan(historyCount)
    expect(kept[0].oldest).toBe(Number(afterKill.backfill_cursor))
    expect(afterKill.full_sync_completed).toBe(false)

    const resumed = await syncHistory(app.payload, options(), source, { ...target, backfillCursor: Number(afterKill.backfill_cursor), lastSyncedMessageId: Number(afterKill.last_synced_message_id) }, 'full')
    expect(resumed.fullSyncCompleted).toBe(true)
    const conversation = await expectEqualToSource(bigGroup)
    const { rows } = await db.query(`select count(*)::int as n, count(distinct external_id)::int as d from messages where conversation_id = $1`, [conversation.id])
    expect(rows[0].n).toBe(rows[0].d)
  })

  it('sleeps through a FloodWait under the cap and loses no page (invoke-level fake)', async () => {
    const target = await freshTarget(channel)
    const slept: number[] = []
    const source = telegramSource(invokeFake(world), { maxSleepSeconds: 2, retries: 3, sleep: async (ms) => void slept.push(ms) })
    world.floodWait('messages.GetHistory', 1)
    const report = await syncHistory(app.payload, options(), source, target, 'full')
    expect(slept).toEqual([1000])
    expect(report.fullSyncCompleted).toBe(true)
    await expectEqualToSource(channel)
  })

  it('reschedules the job for after a FloodWait over the cap, without a tight loop', async () => {
    const group = await conversationOf(bigGroup)
    world.addMessages(bigGroup, 3)
    world.floodWait('messages.GetHistory', 120)
    await staff.rest.post(`/switchboard/sync/conversations/${group.id}`, { mode: 'incremental' })
    const before = world.requests.filter((r) => r.className === 'messages.GetHistory').length
    await runTelegramJobs()
    expect(world.requests.filter((r) => r.className === 'messages.GetHistory').length - before).toBe(1)
    const { rows } = await db.query(
      `select wait_until from payload_jobs where task_slug = 'switchboardTelegramHistory' and completed_at is null and input->>'conversationId' = $1`,
      [String(group.id)],
    )
    expect(rows).toHaveLength(1)
    expect(new Date(rows[0].wait_until).getTime() - Date.now()).toBeGreaterThan(100_000)
    expect((await conversationOf(bigGroup)).sync_status).toBe('queued')
    // Due now: the rescheduled job finishes the sync.
    await db.query(`update payload_jobs set wait_until = null where completed_at is null`)
    await runTelegramJobs()
    await expectEqualToSource(bigGroup)
  })
})

describe('media', () => {
  it('downloads synced photos into the media collection and links them from the message', async () => {
    // A real 1×1 JPEG (Payload reads image dimensions on upload), padded to a multi-chunk download.
    const bytes = Buffer.concat([Buffer.from(tinyJpeg, 'base64'), randomBytes(70_000)])
    const sent = world.addMediaMessage(alice, { kind: 'photo', bytes, mimeType: 'image/jpeg', caption: 'Receipt' })
    const chat = await conversationOf(alice)
    await staff.rest.post(`/switchboard/sync/conversations/${chat.id}`, { mode: 'incremental' })
    await runTelegramJobs()
    const { rows } = await db.query(
      `select m.media_status, m.media_type, m.media_error, f.filename from messages m left join telegram_media f on f.id = m.media_file_id where m.conversation_id = $1 and m.external_id = $2`,
      [chat.id, sent.id],
    )
    expect(rows[0]).toMatchObject({ media_status: 'downloaded', media_type: 'photo', media_error: null })
    expect(readFileSync(path.join(mediaDir, rows[0].filename)).equals(bytes)).toBe(true)
  })
})
