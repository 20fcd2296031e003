import type { ChildProcess } from 'node:child_process'

import { randomBytes, randomInt } from 'node:crypto'

import pg from 'pg'
import { Api } from 'telegram'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { queueHistorySync } from '../../packages/payload-plugin/src/jobs/telegramJobs'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { type RunningWorker, startWorker, workerSettings } from '../../packages/payload-plugin/src/worker/worker'
import { FakeTelegram, type FakePeer, startFakeTelegramServer } from '../fakes/telegram'
import { spawnPayloadCli } from '../helpers/cli'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createConnectedAccount } from '../helpers/telegramAccount'
import { password } from '../helpers/rest'
import { sseReader } from '../helpers/sse'
import { waitFor as waitUntil } from '../helpers/waitFor'
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy'
import { spawnWebInstance, type WebInstance } from '../helpers/webInstance'

/**
 * Fault tests of the worker as it runs in production (`payload switchboard:worker`, a child
 * process), against the fake MTProto server: killed with SIGKILL mid-sync, cut off from the
 * database. See docs/operations.md, "What we test".
 */

const encryptionKey = randomBytes(32).toString('hex')
const apiEnv = { TELEGRAM_API_ID: '12345', TELEGRAM_API_HASH: 'fake-api-hash', SWITCHBOARD_ENCRYPTION_KEY: encryptionKey }
const timing = { leaseTtlSeconds: 3, heartbeatSeconds: 1, pollSeconds: 0.5, staleAfterMinutes: 15 }
const historySize = 5_000
const kills = 20

let world: FakeTelegram
let server: Awaited<ReturnType<typeof startFakeTelegramServer>>
let app: TestApp
let db: pg.Client
let proxy: TcpProxy
let accountId: number
let alice: FakePeer
const children = new Set<ChildProcess>()

const waitFor = <T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000) => waitUntil(what, check, timeoutMs, 25)

/** The worker as `npm run worker` runs it, in its own process; `databaseUrl` lets it go through the proxy. */
const childEnv = (databaseUrl: string) => ({
  ...process.env,
  ...apiEnv,
  DATABASE_URL: databaseUrl,
  TELEGRAM_DIAL_ADDRESS: `${server.host}:${server.port}`,
  SWITCHBOARD_LEASE_TTL_SECONDS: String(timing.leaseTtlSeconds),
  SWITCHBOARD_HEARTBEAT_SECONDS: String(timing.heartbeatSeconds),
  SWITCHBOARD_WORKER_POLL_SECONDS: String(timing.pollSeconds),
})
const spawnWorker = (databaseUrl = app.databaseUrl) => {
  let output = ''
  const child = spawnPayloadCli(['switchboard:worker'], { env: childEnv(databaseUrl), stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.on('exit', () => children.delete(child))
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}
const killHard = async (child: ChildProcess) => {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}

const lease = async () =>
  (await db.query(`select holder, fencing_token from sync_leases where name = $1`, [`telegram-account:${accountId}`])).rows[0] as
    | { holder: null | string; fencing_token: number }
    | undefined
const conversation = async () =>
  (await db.query(`select id, sync_status, full_sync_completed from conversations where external_id = $1`, [Number(alice.id)])).rows[0]
const storedCount = async () =>
  Number(
    (await db.query(`select count(*)::int as n from messages m join conversations c on c.id = m.conversation_id where c.external_id = $1`, [Number(alice.id)]))
      .rows[0].n,
  )
/** Stored message ids of Alice's chat in order, and how many rows there are (duplicates would differ). */
const storedIds = async () => {
  const { rows } = await db.query(
    `select m.external_id::int as id from messages m join conversations c on c.id = m.conversation_id
     where c.external_id = $1 and m.deleted_at is null and m.external_id is not null order by m.external_id`,
    [Number(alice.id)],
  )
  return rows.map((row) => Number(row.id))
}
/** History jobs not finished (Payload deletes a job once it completes). */
const historyJobs = async () =>
  Number(
    (await db.query(`select count(*)::int as n from payload_jobs where task_slug = 'switchboardTelegramHistory' and completed_at is null and not coalesce(has_error, false)`))
      .rows[0].n,
  )
/** Jobs failed for good, or stuck: picked up and without a heartbeat for longer than the TTL. */
const jobsNotDone = async () =>
  (
    await db.query(
      `select id, task_slug, processing, has_error, error from payload_jobs
       where completed_at is null and (has_error or (processing and updated_at < now() - $1 * interval '1 second'))`,
      [timing.leaseTtlSeconds],
    )
  ).rows

const syncedToSource = async () => {
  const row = await conversation()
  if (!row?.full_sync_completed || row.sync_status !== 'idle') return false
  return JSON.stringify(await storedIds()) === JSON.stringify(world.history(alice).map((m) => m.id))
}

beforeAll(async () => {
  Object.assign(process.env, apiEnv)
  world = new FakeTelegram({ me: { id: 777, firstName: 'Support', username: 'acme_support' } })
  alice = world.addUser({ id: 1001, firstName: 'Alice', username: 'alice_w' })
  world.addMessages(alice, historySize)
  server = await startFakeTelegramServer(world)
  app = await createTestApp({ switchboard: { telegram: { discoverySchedule: false, floodSleepMaxSeconds: 1 } } })
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  accountId = await createConnectedAccount(app, server.sessionString())
  const url = new URL(app.databaseUrl)
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) })
}, 120_000)

afterAll(async () => {
  await Promise.all([...children].map(killHard))
  await db?.end()
  await app?.close()
  await server?.close()
  await proxy?.close()
})

// A failed test must not leave its workers holding the account for the next one.
afterEach(async () => {
  await Promise.all([...children].map(killHard))
  proxy.restore()
})

describe('a worker killed with SIGKILL during a full sync', () => {
  it(`${kills} times at random points: each time the next worker completes the sync, equal to the source, no job stuck`, async () => {
    let current = spawnWorker()
    // The first worker discovers the chat and syncs it fully (as after a login).
    await waitFor('the first full sync', syncedToSource, 120_000).catch((error) => {
      throw new Error(`${String(error)}\n${current.output()}`)
    })
    const figures = { runs: 0, kills: 0, messages: 0, lost: 0, duplicated: 0, maxTakeoverMs: 0 }
    for (let round = 0; round < kills; round++) {
      // A fresh full sync of the whole history, killed once it has stored `killAt` messages.
      const { id } = await conversation()
      await db.query(`delete from messages where conversation_id = $1`, [id])
      await db.query(
        `update conversations set backfill_cursor = null, last_synced_message_id = null, full_sync_completed = false, synced_message_count = 0 where id = $1`,
        [id],
      )
      await queueHistorySync(app.payload, switchboardOptionsOf(app.payload), Number(id), 'full')
      const killAt = randomInt(1, historySize)
      await waitFor(`${killAt} messages stored`, async () => (await storedCount()) >= killAt, 60_000)
      const before = await lease()
      await killHard(current.child)
      const killedAt = Date.now()
      figures.kills++
      current = spawnWorker()
      await waitFor('another worker to take the lease', async () => (await lease())?.fencing_token !== before?.fencing_token, 60_000)
      figures.maxTakeoverMs = Math.max(figures.maxTakeoverMs, Date.now() - killedAt)
      await waitFor(`round ${round + 1}: the sync to complete after the kill at ${killAt}`, syncedToSource, 60_000).catch(async (error) => {
        throw new Error(`${String(error)} (stored ${await storedCount()}, jobs ${JSON.stringify(await jobsNotDone())})\n${current.output()}`)
      })
      const ids = await storedIds()
      figures.runs++
      figures.messages += ids.length
      figures.lost += historySize - new Set(ids).size
      figures.duplicated += (await storedCount()) - new Set(ids).size
      // The killed worker's job (it may have written the last page before dying) is released once
      // its heartbeat is older than the TTL, and run again: the round ends when it has, so the next
      // round's kill cannot hit it a second time (a job abandoned twice is failed on purpose).
      await waitFor('the history jobs to finish', async () => (await historyJobs()) === 0, 60_000).catch(async (error) => {
        throw new Error(`${String(error)}: ${JSON.stringify(await jobsNotDone())}\n${current.output()}`)
      })
      expect(await jobsNotDone()).toEqual([])
    }
    console.log(`[faults] kill -9 during full sync: ${JSON.stringify(figures)}`)
    expect(figures).toMatchObject({ runs: kills, kills, lost: 0, duplicated: 0 })
    // The takeover waits for the dead holder's lease to expire: within the TTL plus a worker's start.
    expect(figures.maxTakeoverMs).toBeLessThan((timing.leaseTtlSeconds + 20) * 1000)
    await killHard(current.child)
  }, 900_000)
})

describe('a worker cut off from the database', () => {
  let other: RunningWorker | undefined
  afterAll(async () => {
    await other?.stop()
  })

  it('disconnects from Telegram before another worker may connect: never two connections on the session', async () => {
    // Through the proxy, so that only this worker loses the database.
    const url = new URL(app.databaseUrl)
    url.host = `127.0.0.1:${proxy.port}`
    const cutOff = spawnWorker(url.toString())
    await waitFor('the worker to listen', async () => {
      const row = (await db.query(`select listener_state from telegram_accounts where id = $1`, [accountId])).rows[0]
      return row.listener_state === 'listening' && (await lease())?.holder?.includes(`:${cutOff.child.pid}:`)
    }, 60_000).catch((error) => {
      throw new Error(`${String(error)}\n${cutOff.output()}`)
    })
    server.takePeakConnections()
    const held = await lease()

    other = startWorker(app.payload, switchboardOptionsOf(app.payload), { ...workerSettings(), ...timing, holder: 'worker-direct' })
    proxy.cut()
    const cutAt = Date.now()
    await waitFor('the other worker to take over', async () => (await lease())?.holder === 'worker-direct', 30_000)
    const takeoverMs = Date.now() - cutAt
    await waitFor('the other worker to listen', async () => other!.accounts().includes(accountId), 30_000)
    world.addMessages(alice, ['Heard after the takeover'])
    await waitFor('the new message', async () => (await storedIds()).at(-1) === world.history(alice).at(-1)!.id, 30_000)

    const peak = server.takePeakConnections()
    console.log(`[faults] database cut off for the holder: takeover after ${takeoverMs} ms, peak connections on the session ${peak}`)
    expect(peak).toBe(1)
    expect(Number((await lease())!.fencing_token)).toBeGreaterThan(Number(held!.fencing_token))
    // The cut-off worker is still running (it logged and waited), and reports why it disconnected.
    expect(cutOff.child.exitCode, cutOff.output()).toBeNull()
    await waitFor('the cut-off worker to say why it disconnected', async () => cutOff.output().includes('could not renew its lease in time'), 15_000).catch(() => {
      throw new Error(`the cut-off worker did not log its disconnection:\n${cutOff.output()}`)
    })
    proxy.restore()
    await killHard(cutOff.child)
  }, 120_000)
})

describe('two web instances and two workers on one database', () => {
  const webs: WebInstance[] = []
  afterAll(async () => {
    for (const web of webs) {
      const exited = new Promise((resolve) => web.child.once('exit', resolve))
      web.child.kill('SIGTERM')
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      if (web.child.exitCode === null) web.child.kill('SIGKILL')
    }
  })

  it('a reply posted on either instance reaches a stream on the other and Telegram exactly once; one listener; a killed holder is replaced without gaps', async () => {
    const workers = [spawnWorker(), spawnWorker()]
    webs.push(...(await Promise.all([spawnWebInstance(childEnv(app.databaseUrl)), spawnWebInstance(childEnv(app.databaseUrl))])))
    const [a, b] = webs as [WebInstance, WebInstance]
    await waitFor('Alice’s chat synced', syncedToSource, 120_000)
    await waitFor('one of the two workers to listen', async () => {
      const held = await lease()
      return Boolean(held?.holder && workers.some((w) => held.holder!.includes(`:${w.child.pid}:`)))
    }, 60_000)
    server.takePeakConnections()

    await app.payload.create({ collection: 'users', data: { email: 'agent@example.com', password, roles: ['staff'] }, overrideAccess: true })
    const login = await fetch(`${a.api}/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'agent@example.com', password }) })
    const { token } = (await login.json()) as { token: string }
    const auth = { authorization: `JWT ${token}`, 'content-type': 'application/json' }
    const stream = sseReader(await fetch(`${b.api}/switchboard/events`, { headers: auth }))
    const { id: conversationId } = await conversation()

    const texts = Array.from({ length: 10 }, (_, i) => `Reply ${i + 1} through instance ${i % 2 ? 'B' : 'A'}`)
    for (const [i, text] of texts.entries()) {
      const res = await fetch(`${(i % 2 ? b : a).api}/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ conversation: Number(conversationId), text, direction: 'out' }) })
      expect(res.status).toBe(201)
    }
    for (const text of texts) await stream.next((event) => event.event === 'message' && JSON.parse(event.data ?? '{}').text === text, 20_000)
    const copies = (text: string) => world.history(alice).filter((m) => m instanceof Api.Message && m.message === text).length
    await waitFor('every reply delivered', async () => texts.every((text) => copies(text) > 0), 30_000)
    // Every send job ran once: one message on Telegram per reply.
    expect(texts.map(copies)).toEqual(texts.map(() => 1))
    expect(server.takePeakConnections()).toBe(1)

    // Kill the worker that listens: the other takes over within the TTL (plus a poll) and catches up.
    const before = await lease()
    const holder = workers.find((w) => before?.holder?.includes(`:${w.child.pid}:`))!
    const survivor = workers.find((w) => w !== holder)!
    await killHard(holder.child)
    const killedAt = Date.now()
    world.addMessages(alice, ['While nobody listened 1', 'While nobody listened 2'])
    await waitFor('the takeover', async () => (await lease())?.holder?.includes(`:${survivor.child.pid}:`), 30_000)
    const takeoverMs = Date.now() - killedAt
    expect(takeoverMs).toBeLessThan((timing.leaseTtlSeconds + 5) * 1000)
    await waitFor('no gap: the missed messages stored', syncedToSource, 60_000)
    await stream.next((event) => event.event === 'message' && JSON.parse(event.data ?? '{}').text === 'While nobody listened 2', 20_000)
    const ids = await storedIds()
    expect(ids.length).toBe(new Set(ids).size)
    console.log(`[faults] two web instances, two workers: 10 replies, 10 delivered once, takeover after ${takeoverMs} ms`)
    await stream.close()
    await killHard(survivor.child)
  }, 300_000)
})
