import type { ChildProcess } from 'node:child_process'

import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import pg from 'pg'
import { Api } from 'telegram'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { queueDiscovery } from '../../packages/payload-plugin/src/jobs/telegramJobs'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { realtimeHub, type RealtimeEvent } from '../../packages/payload-plugin/src/realtime/hub'
import { type RunningWorker, startWorker, workerSettings } from '../../packages/payload-plugin/src/worker/worker'
import { FakeTelegram, type FakePeer, startFakeTelegramServer } from '../fakes/telegram'
import { spawnPayloadCli } from '../helpers/cli'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createConnectedAccount } from '../helpers/telegramAccount'
import { waitFor } from '../helpers/waitFor'
import { createUserAndLogin, password, restClient } from '../helpers/rest'
import { telegramAccountQueue, telegramQueue } from '../../packages/payload-plugin/src/constants'

type FakeServer = Awaited<ReturnType<typeof startFakeTelegramServer>>

const encryptionKey = randomBytes(32).toString('hex')
const apiEnv = { TELEGRAM_API_ID: '12345', TELEGRAM_API_HASH: 'fake-api-hash', SWITCHBOARD_ENCRYPTION_KEY: encryptionKey }
// Short leases, so takeovers happen within a test.
const timing = { leaseTtlSeconds: 3, heartbeatSeconds: 1, pollSeconds: 0.5, staleAfterMinutes: 15 }

let world: FakeTelegram
let server: FakeServer
let app: TestApp
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let accountId: number
let alice: FakePeer
let news: FakePeer
let worker: RunningWorker | undefined
let attachmentsDir: string


const marked = (peer: FakePeer) => (peer.kind === 'user' ? Number(peer.id) : peer.kind === 'chat' ? -Number(peer.id) : -(1e12 + Number(peer.id)))
const conversationId = async (peer: FakePeer) =>
  Number((await db.query(`select id from conversations where external_id = $1`, [marked(peer)])).rows[0].id)

const storedTexts = async (peer: FakePeer) =>
  (
    await db.query(
      `select m.external_id::int as id, m.text from messages m join conversations c on c.id = m.conversation_id
       where c.external_id = $1 and m.deleted_at is null and m.external_id is not null order by m.external_id`,
      [marked(peer)],
    )
  ).rows

const expectEqualToSource = async (peer: FakePeer) => {
  const source = world.history(peer).map((m) => ({ id: m.id, text: m instanceof Api.Message ? m.message || null : null }))
  await waitFor(`${peer.kind} ${peer.id} to equal the source`, async () => JSON.stringify(await storedTexts(peer)) === JSON.stringify(source))
}

const lease = async () => (await db.query(`select holder, fencing_token, expires_at from sync_leases where name = $1`, [`telegram-account:${accountId}`])).rows[0]
const accountRow = async () => (await db.query(`select status, listener_state, last_error from telegram_accounts where id = $1`, [accountId])).rows[0]

const startInProcess = (holder: string) => {
  worker = startWorker(app.payload, switchboardOptionsOf(app.payload), { ...workerSettings(), ...timing, holder })
  return worker
}
const stopInProcess = async () => {
  await worker?.stop()
  worker = undefined
}

const drainTelegramQueues = async () => {
  for (let round = 0; round < 100; round++) {
    let ran = 0
    for (const queue of [telegramQueue, telegramAccountQueue(accountId)])
      ran += Object.keys((await app.payload.jobs.run({ queue, limit: 20 })).jobStatus ?? {}).length
    if (!ran) return
  }
}

beforeAll(async () => {
  Object.assign(process.env, apiEnv)
  world = new FakeTelegram({ me: { id: 777, firstName: 'Support', username: 'acme_support' } })
  alice = world.addUser({ id: 1001, firstName: 'Alice', username: 'alice_w' })
  world.addUser({ id: 1002, firstName: 'Bob', username: 'bob_b' })
  news = world.addChannel({ id: 600, title: 'News', megagroup: true, memberIds: [1001, 1002] })
  world.addMessages(alice, ['Hi', 'Where is my parcel?'])
  world.addMessages(news, 30)
  server = await startFakeTelegramServer(world)
  attachmentsDir = await mkdtemp(path.join(os.tmpdir(), 'sb-worker-attachments-'))
  app = await createTestApp({ switchboard: { telegram: { discoverySchedule: false, floodSleepMaxSeconds: 1 }, attachments: { staticDir: attachmentsDir } } })
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  accountId = await createConnectedAccount(app, server.sessionString())
  // History first (as after a login): discovery and full syncs, run by hand.
  await queueDiscovery({ payload: app.payload }, accountId)
  await drainTelegramQueues()
  await expectEqualToSource(alice)
  await expectEqualToSource(news)
}, 120_000)

afterAll(async () => {
  await stopInProcess()
  await db?.end()
  await app?.close()
  await server?.close()
  if (attachmentsDir) await rm(attachmentsDir, { recursive: true, force: true })
})

describe('the listener', () => {
  it('stores pushed updates (new, edited, deleted, service) in private chats and channels, and pushes them to realtime subscribers', async () => {
    startInProcess('worker-a')
    await waitFor('the listener', async () => (await accountRow()).listener_state === 'listening')
    expect((await lease()).holder).toBe('worker-a')

    const events: RealtimeEvent[] = []
    const unsubscribe = await realtimeHub(app.payload, switchboardOptionsOf(app.payload)).subscribe(await conversationId(alice), {
      onEvent: (event) => events.push(event),
      onResync: () => undefined,
    })
    const [live] = world.addMessages(alice, ['Live hello'])
    await expectEqualToSource(alice)
    await waitFor('the realtime event', async () => events.find((e) => e.event === 'message' && e.message.text === 'Live hello'))
    unsubscribe()

    world.editMessage(alice, live!.id, 'Live hello, edited')
    world.addMessages(news, ['Channel news'])
    const [typo] = world.addMessages(news, ['Channel typo'])
    world.editMessage(news, typo!.id, 'Channel fixed')
    world.deleteMessages(alice, [live!.id])
    await expectEqualToSource(alice)
    await expectEqualToSource(news)
    const [gone] = world.addMessages(news, ['To be removed'])
    await expectEqualToSource(news)
    world.deleteMessages(news, [gone!.id])
    await expectEqualToSource(news)

    world.addServiceMessage(news, new Api.MessageActionChatEditTitle({ title: 'News EU' }), { fromId: 1002 })
    await waitFor('the service message', async () => {
      const { rows } = await db.query(`select kind, service_action from messages where conversation_id = $1 and kind = 'service'`, [await conversationId(news)])
      return rows[0]?.service_action === 'Bob changed the title to “News EU”'
    })
  })

  it('follows read state: unread counts rise with incoming messages and fall when the chat is read elsewhere', async () => {
    const conversation = await conversationId(alice)
    await db.query(`update conversations set unread_count = 0 where id = $1`, [conversation])
    world.addMessages(alice, ['Are you there?', 'Hello?'])
    const unread = async () => Number((await db.query(`select unread_count from conversations where id = $1`, [conversation])).rows[0].unread_count)
    await waitFor('two unread', async () => (await unread()) === 2)
    // Read on the account's phone: Telegram tells every other session.
    await world.handle(new Api.messages.ReadHistory({ peer: world.inputPeer(alice), maxId: 0 }), { origin: 'phone' })
    await waitFor('read', async () => (await unread()) === 0)
  })

  it('sends a staff reply once: pending → sent, and never again after a crash between send and record', async () => {
    const conversation = await conversationId(alice)
    const res = await staff.rest.post('/messages', { conversation, text: 'We shipped it today', direction: 'out' })
    expect(res.status).toBe(201)
    expect(res.body.doc.deliveryStatus).toBe('pending')
    const messageId = res.body.doc.id
    const sent = await waitFor('the reply to be sent', async () => {
      const { rows } = await db.query(`select delivery_status, external_id from messages where id = $1`, [messageId])
      return rows[0]?.delivery_status === 'sent' ? rows[0] : undefined
    })
    expect(Number(sent.external_id)).toBeGreaterThan(0)
    const copies = () => world.history(alice).filter((m) => m instanceof Api.Message && m.message === 'We shipped it today').length
    expect(copies()).toBe(1)

    // The worker sent it but died before recording it: the retry finds the same random id.
    await db.query(`update messages set delivery_status = 'pending', external_id = null where id = $1`, [messageId])
    await app.payload.jobs.queue({
      task: 'switchboardTelegramSend',
      input: { messageId: String(messageId), accountId: String(accountId) },
      queue: telegramAccountQueue(accountId),
    })
    await waitFor('the retried send', async () => (await db.query(`select delivery_status from messages where id = $1`, [messageId])).rows[0]?.delivery_status === 'sent')
    expect(copies()).toBe(1)
    // Only a failed reply can be retried.
    expect((await staff.rest.post(`/switchboard/messages/${messageId}/retry`)).status).toBe(409)
  })

  it('sends a staff reply with an attachment as a document, uploaded in parts, with the text as its caption', async () => {
    const conversation = await conversationId(alice)
    // Over 512 KB: two upload parts.
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(600 * 1024), Buffer.from('\nxref\n0 1\ntrailer << >>\n%%EOF\n')])
    const file = await app.payload.create({
      collection: 'chat-attachments',
      data: { conversation },
      file: { data: pdf, mimetype: 'application/pdf', name: 'invoice.pdf', size: pdf.length },
    })
    const res = await staff.rest.post('/messages', { conversation, text: 'Your invoice', direction: 'out', attachment: file.id })
    expect(res.status).toBe(201)
    expect(res.body.doc).toMatchObject({ deliveryStatus: 'pending', kind: 'media', mediaFileName: 'invoice.pdf' })
    await waitFor('the reply with its file to be sent', async () =>
      (await db.query(`select delivery_status from messages where id = $1`, [res.body.doc.id])).rows[0]?.delivery_status === 'sent',
    )
    const sent = world.history(alice).filter((m): m is Api.Message => m instanceof Api.Message && m.message === 'Your invoice')
    expect(sent).toHaveLength(1)
    const media = sent[0]!.media
    expect(media).toBeInstanceOf(Api.MessageMediaDocument)
    const document = (media as Api.MessageMediaDocument).document as Api.Document
    expect(document.mimeType).toBe('application/pdf')
    expect(Number(document.size)).toBe(pdf.length)
    expect(document.attributes.some((a) => a instanceof Api.DocumentAttributeFilename && a.fileName === 'invoice.pdf')).toBe(true)
  })

  it('marks a reply Telegram refuses as failed with the reason; retrying sends it once it can be sent', async () => {
    const conversation = await conversationId(alice)
    world.failWith('messages.SendMessage', 403, 'CHAT_WRITE_FORBIDDEN', 1)
    const res = await staff.rest.post('/messages', { conversation, text: 'Second try works', direction: 'out' })
    const failed = await waitFor('the refusal', async () => {
      const { rows } = await db.query(`select delivery_status, delivery_error from messages where id = $1`, [res.body.doc.id])
      return rows[0]?.delivery_status === 'failed' ? rows[0] : undefined
    })
    expect(failed.delivery_error).toMatch(/CHAT_WRITE_FORBIDDEN/)
    expect((await staff.rest.post(`/switchboard/messages/${res.body.doc.id}/retry`)).status).toBe(202)
    await waitFor('the retried reply', async () => (await db.query(`select delivery_status from messages where id = $1`, [res.body.doc.id])).rows[0]?.delivery_status === 'sent')
  })

  it('refuses writes from a holder that lost its lease (fencing)', async () => {
    // Another worker took the lease over while this one was paused.
    await db.query(`update sync_leases set holder = 'worker-b', fencing_token = fencing_token + 1, expires_at = now() + interval '1 hour' where name = $1`, [
      `telegram-account:${accountId}`,
    ])
    const before = await storedTexts(alice)
    world.addMessages(alice, ['Written by nobody'])
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(await storedTexts(alice)).toEqual(before)
    await waitFor('worker-a to stop listening', async () => !worker?.accounts().includes(accountId))
    await stopInProcess()
    await db.query(`update sync_leases set holder = null, expires_at = now() where name = $1`, [`telegram-account:${accountId}`])
  })
})

describe('catch-up', () => {
  it('after downtime replays the missed messages with getDifference', async () => {
    world.addMessages(alice, 50)
    const before = world.requested('updates.GetDifference').length
    startInProcess('worker-c')
    await expectEqualToSource(alice)
    expect(world.requested('updates.GetDifference').length).toBeGreaterThan(before)
    await stopInProcess()
  })

  it('with a state too old to replay, reconciles by cursor and still ends equal to the source', async () => {
    world.addMessages(alice, 5)
    world.differenceTooLongBelowPts = world.state().pts
    world.addMessages(news, 7)
    startInProcess('worker-d')
    await expectEqualToSource(alice)
    await expectEqualToSource(news)
    world.differenceTooLongBelowPts = 0
  })

  it('releases its lease on a graceful stop, well within 10 s', async () => {
    const started = Date.now()
    await stopInProcess()
    expect(Date.now() - started).toBeLessThan(10_000)
    expect((await lease()).holder).toBeNull()
    expect((await accountRow()).listener_state).toBe('stopped')
  })

  it('holds live updates until catch-up is done: a message heard during a catch-up that falls back to reconcile does not hide the gap before it', async () => {
    // Missed while nobody listened, beyond what getDifference can replay.
    world.addMessages(alice, ['In the gap 1', 'In the gap 2'])
    world.differenceTooLongBelowPts = world.state().pts
    // The first getDifference waits out a 1 s FloodWait: a live message arrives in that second.
    world.floodWait('updates.GetDifference', 1)
    const before = world.requested('updates.GetDifference').length
    startInProcess('worker-g')
    try {
      await waitFor('catch-up to start', async () => world.requested('updates.GetDifference').length > before)
      world.addMessages(alice, ['Heard during catch-up'])
      await expectEqualToSource(alice)
    } finally {
      world.differenceTooLongBelowPts = 0
      await stopInProcess()
    }
  })
})

describe('the watchdog', () => {
  it('checks a silent connection with getState and, when that fails, reconnects and catches up', async () => {
    worker = startWorker(app.payload, switchboardOptionsOf(app.payload), { ...workerSettings(), ...timing, staleAfterMinutes: 0.03, holder: 'worker-w' })
    await waitFor('the listener', async () => worker?.accounts().includes(accountId))
    await waitFor('a liveness check', async () => world.requested('updates.GetState').length > 0 || undefined)
    const differences = world.requested('updates.GetDifference').length
    // A ping that fails (as on a dead link): not retried inside GramJS, so the watchdog sees it.
    world.failWith('updates.GetState', 400, 'CONNECTION_NOT_INITED', 1)
    await waitFor('a reconnect with catch-up', async () => world.requested('updates.GetDifference').length > differences, 20_000)
    await stopInProcess()
  })
})

/** `npx payload switchboard:worker` as a child process (what `npm run worker` runs), signals reaching it directly. */
const spawnWorker = () => {
  let output = ''
  const child = spawnPayloadCli(['switchboard:worker'], {
    env: {
      ...process.env,
      ...apiEnv,
      DATABASE_URL: app.databaseUrl,
      TELEGRAM_DIAL_ADDRESS: `${server.host}:${server.port}`,
      SWITCHBOARD_LEASE_TTL_SECONDS: String(timing.leaseTtlSeconds),
      SWITCHBOARD_HEARTBEAT_SECONDS: String(timing.heartbeatSeconds),
      SWITCHBOARD_WORKER_POLL_SECONDS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

describe('two workers', () => {
  let child: ChildProcess | undefined
  afterAll(() => void (child?.exitCode === null && child.kill('SIGKILL')))

  it('only one listens; when the holder is killed the other takes over within the TTL and catches up without gaps or duplicates', async () => {
    const spawned = spawnWorker()
    child = spawned.child
    await waitFor('the child worker to hold the lease', async () => (await lease())?.holder && !(await lease()).holder.startsWith('worker-'), 60_000).catch((error) => {
      throw new Error(`${String(error)}\n${spawned.output()}`)
    })
    await waitFor('the child to listen', async () => (await accountRow()).listener_state === 'listening', 30_000)
    world.addMessages(alice, ['Heard by the child'])
    await expectEqualToSource(alice)

    startInProcess('worker-e')
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(worker!.accounts()).toEqual([])

    child.kill('SIGKILL')
    const killedAt = Date.now()
    world.addMessages(alice, ['Sent while nobody listened 1', 'Sent while nobody listened 2'])
    world.addMessages(news, ['Channel post while nobody listened'])
    await waitFor('the takeover', async () => (await lease())?.holder === 'worker-e', 20_000)
    expect(Date.now() - killedAt).toBeLessThan((timing.leaseTtlSeconds + 5) * 1000)
    await expectEqualToSource(alice)
    await expectEqualToSource(news)
    const { rows } = await db.query(`select count(*)::int as n, count(distinct (conversation_id, external_id))::int as d from messages where external_id is not null`)
    expect(rows[0].n).toBe(rows[0].d)
    await stopInProcess()
  }, 120_000)
})

describe('payload switchboard:worker (npm run worker) and SIGTERM', () => {
  it('stops taking work, releases the lease and exits 0 within 10 s', async () => {
    const { child, output } = spawnWorker()
    try {
      await waitFor('the worker to listen', async () => (await lease())?.holder && !(await lease()).holder.startsWith('worker-') && (await accountRow()).listener_state === 'listening', 60_000).catch((error) => {
        throw new Error(`${String(error)}\n${output()}`)
      })
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      const signalled = Date.now()
      child.kill('SIGTERM')
      const code = await exited
      expect(code, output()).toBe(0)
      expect(Date.now() - signalled).toBeLessThan(10_000)
      expect((await lease()).holder).toBeNull()
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 90_000)
})

describe('a revoked session', () => {
  it('marks the account needs-login and stops trying', async () => {
    world.failWith('*', 401, 'AUTH_KEY_UNREGISTERED', 1_000)
    startInProcess('worker-f')
    await waitFor('needs-login', async () => (await accountRow()).status === 'needs-login')
    const requests = world.requests.length
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(world.requests.length - requests).toBeLessThan(3)
    expect((await accountRow()).last_error).toMatch(/Log the account in again/)
    await stopInProcess()
  })
})


describe('a bot account', () => {
  it('listens (no history to read): a customer writes to the bot, the chat and message appear, and a staff reply is delivered', async () => {
    const botWorld = new FakeTelegram({ me: { id: 9001, firstName: 'Acme Support Bot', username: 'acme_support_bot', bot: true } })
    const customer = botWorld.addUser({ id: 2001, firstName: 'Carol', username: 'carol_c' })
    const botServer = await startFakeTelegramServer(botWorld)
    try {
      const botId = await createConnectedAccount(app, botServer.sessionString(), { name: 'Support bot', kind: 'bot' })
      startInProcess('worker-bot')
      await waitFor('the bot listener', async () => worker?.accounts().includes(botId))
      botWorld.addMessages(customer, ['Hello bot, I need help'])
      const conversation = await waitFor('the bot chat', async () => {
        const { rows } = await db.query(`select id, title, type from conversations where account_id = $1`, [botId])
        return rows[0]
      })
      expect(conversation).toMatchObject({ title: 'Carol', type: 'private' })
      await waitFor('the message', async () => (await db.query(`select 1 from messages where conversation_id = $1 and text = 'Hello bot, I need help'`, [conversation.id])).rows.length)

      const res = await staff.rest.post('/messages', { conversation: conversation.id, text: 'Hi Carol, how can we help?', direction: 'out' })
      await waitFor('the bot reply', async () => (await db.query(`select delivery_status from messages where id = $1`, [res.body.doc.id])).rows[0]?.delivery_status === 'sent')
      expect(botWorld.history(customer).some((m) => m instanceof Api.Message && m.message === 'Hi Carol, how can we help?')).toBe(true)
      // Bots have no history to read: nothing queued discovery or a history sync for it.
      const { rows } = await db.query(`select count(*)::int as n from payload_jobs where queue = $1 and task_slug <> 'switchboardTelegramSend'`, [telegramAccountQueue(botId)])
      expect(rows[0].n).toBe(0)
      await stopInProcess()
    } finally {
      await botServer.close()
    }
  })
})

describe('verification on Telegram', () => {
  it('a customer who sends their code to the bot gets exactly that Telegram account linked and sees its chat; a reused or wrong code links nothing', async () => {
    const botWorld = new FakeTelegram({ me: { id: 9002, firstName: 'Acme Help', username: 'acme_help_bot', bot: true } })
    const dave = botWorld.addUser({ id: 3001, firstName: 'Dave', username: 'dave_d' })
    const erin = botWorld.addUser({ id: 3002, firstName: 'Erin', username: 'erin_e' })
    const botServer = await startFakeTelegramServer(botWorld)
    const replies = (peer: FakePeer) => botWorld.history(peer).flatMap((m) => (m instanceof Api.Message && m.out ? [m.message] : []))
    try {
      // The earlier tests' accounts point at servers that are gone.
      await db.query(`update telegram_accounts set status = 'disabled'`)
      await createConnectedAccount(app, botServer.sessionString(), { name: 'Help bot', kind: 'bot', botUsername: 'acme_help_bot' })
      // Dave registers on the website claiming his handle: a claim links nothing yet.
      const anonymous = restClient(app)
      expect((await anonymous.post('/users', { email: 'dave@example.com', password, telegramUsername: 'dave_d' })).status).toBe(201)
      const login = await anonymous.post('/users/login', { email: 'dave@example.com', password })
      const daveWeb = restClient(app, login.body.token)
      const issued = await daveWeb.post('/switchboard/telegram/verification')
      expect(issued.status).toBe(201)
      expect(issued.body.url).toBe(`https://t.me/acme_help_bot?start=${issued.body.code}`)

      startInProcess('worker-verify')
      await waitFor('the bot listener', async () => (await db.query(`select listener_state from telegram_accounts where bot_username = 'acme_help_bot'`)).rows[0]?.listener_state === 'listening')
      // Opening the deep link sends /start <code> from Dave's Telegram account.
      botWorld.addMessages(dave, [`/start ${issued.body.code}`])
      const linked = await waitFor('the verified link', async () => {
        const { rows } = await db.query(`select u.user_id, u.link_source from telegram_users u where u.telegram_id = 3001`)
        return rows[0]?.link_source === 'verified' ? rows[0] : undefined
      })
      expect(Number(linked.user_id)).toBe(Number(login.body.user.id))
      await waitFor('the confirmation on Telegram', async () => replies(dave).some((text) => text.startsWith('Verified')))
      const status = await daveWeb.get('/switchboard/telegram/verification')
      expect(status.body.verified).toEqual([expect.objectContaining({ username: 'dave_d' })])
      expect((await daveWeb.get('/conversations')).body.docs.map((c: { title: string }) => c.title)).toEqual(['Dave'])

      // Erin sends Dave's (used) code, then a made-up one: she stays unlinked and is told why.
      botWorld.addMessages(erin, [issued.body.code, `sbv_${'x'.repeat(27)}`])
      await waitFor('two answers to Erin', async () => replies(erin).length === 2)
      expect(replies(erin).every((text) => text.startsWith('This code is not valid'))).toBe(true)
      const { rows } = await db.query(`select user_id from telegram_users where telegram_id = 3002`)
      expect(rows[0].user_id).toBeNull()
      await stopInProcess()
    } finally {
      await botServer.close()
    }
  })
})
