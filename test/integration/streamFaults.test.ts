/**
 * Stream Chat down for half an hour, then back. The real `stream-chat` SDK talks to the fake
 * Stream server; the jobs run as the worker runs them (`handleSchedules` + `jobs.run`). Time is
 * simulated: instead of waiting, the test moves every job's `waitUntil` earlier, jumping to the
 * next job due (at least 10 s at a time), so "30 minutes" takes seconds.
 *
 * The outage is longer than a job's own retries (about 30 s): jobs must keep their place through
 * many rounds. It changes face: 503s from a load balancer, calls Stream serves but whose answers
 * are lost (the case that creates duplicates if a retry is not idempotent), dropped
 * connections, 503s again. Meanwhile customers and staff keep writing, editing and deleting.
 */
import { createLocalReq } from 'payload'
import type pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { readHealth } from '../../packages/payload-plugin/src/stats/health'
import { laterRetryMaxMs, streamTaskRetries } from '../../packages/payload-plugin/src/stream/retry'
import type { CallKind, FakeStream, OutageMode } from '../fakes/streamServer'
import { startStreamTestApp, type StreamTestApp } from '../helpers/streamApp'
import { streamSyncConversationTask, streamTaskSlugs } from '../../packages/payload-plugin/src/constants'
import type { TestApp } from '../helpers/payload'

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const conversationCount = 30
/** Conversations mirrored before Stream goes down; the rest are created during the outage. */
const syncedBefore = 10
const messagesPerConversation = 2
const minute = 60_000
const outageMs = 30 * minute
/**
 * What the outage looks like, from when. The jobs' rounds fall at about 0–15 s, 0.5, 1, 2, 4, 8
 * and 16 minutes in, so each face meets some of them.
 */
const phases: [number, OutageMode, CallKind[]?][] = [
  [0, 'unavailable'],
  // Channels get created and messages sent, but the jobs never hear so.
  [1.5 * minute, 'lose-response', ['createChannel', 'sendMessage', 'updateMessage', 'deleteMessage']],
  [3 * minute, 'lose-response'],
  [6 * minute, 'drop'],
  [12 * minute, 'unavailable'],
]
const minStepMs = 10_000

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

const streamTasks = `task_slug::text in (${streamTaskSlugs.map((slug) => `'${slug}'`).join(', ')})`
const scalar = async (query: string, params: unknown[] = []) => Number(Object.values((await db.query(query, params)).rows[0] ?? { n: 0 })[0] ?? 0)

/** The simulated clock: how far the test has moved every job's wait. */
let clock = 0
const advance = async (ms: number) => {
  await db.query(`update payload_jobs set wait_until = wait_until - make_interval(secs => $1::float8 / 1000)
    where completed_at is null and wait_until is not null`, [ms])
  clock += ms
}
/** Milliseconds until the next open job is due, or null when none waits. */
const nextDueIn = async (): Promise<null | number> => {
  const { rows } = await db.query(`select extract(epoch from min(wait_until) - now()) * 1000 as ms from payload_jobs
    where completed_at is null and not coalesce(has_error, false) and wait_until > now()`)
  return rows[0]?.ms === null || rows[0]?.ms === undefined ? null : Number(rows[0].ms)
}

/** One pass of the worker: schedules, then jobs until none is due now. Returns the jobs run. */
let jobRuns = 0
const worker = async () => {
  await app.payload.jobs.handleSchedules({ queue: 'switchboard' })
  for (let round = 0; round < 200; round++) {
    const result = await app.payload.jobs.run({ queue: 'switchboard', limit: 50, silent: true })
    const ran = Object.keys(result.jobStatus ?? {}).length
    jobRuns += ran
    if (ran === 0 && result.noJobsRemaining !== false) return
    if (ran === 0) continue
  }
  throw new Error('the queue did not settle')
}
/** Runs the worker, then jumps the clock to the next job due (at least `minStepMs`). */
const tick = async () => {
  await worker()
  const due = await nextDueIn()
  await advance(Math.max(minStepMs, Math.ceil(due ?? minStepMs)))
}

const bulkUsers = async (count: number, prefix: string): Promise<number[]> => {
  const { rows } = await db.query(
    `insert into users (email, display_name, account_type, updated_at, created_at)
     select $1 || g || '@example.com', 'Customer ' || g, 'person', now(), now() from generate_series(1, $2) g returning id`,
    [prefix, count],
  )
  return rows.map((r) => r.id as number)
}
const createConversation = async (customer: number, n: number) => {
  const res = await staff.rest.post('/conversations', {
    source: 'direct',
    type: 'direct',
    title: `Conversation ${n}`,
    provider: staff.user.id,
    participants: [{ relationTo: 'users', value: customer }],
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc as Doc
}
const sendMessage = async (conversation: number, text: string) => {
  const res = await staff.rest.post('/messages', { conversation, text, direction: 'out' })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc as Doc
}

describe('Stream Chat down for 30 minutes', () => {
  it('loses nothing, duplicates nothing, and ends with every conversation and message mirrored', { timeout: 120_000 }, async () => {
    const startedAt = performance.now()
    const customers = await bulkUsers(conversationCount, 'fault')
    const conversations: Doc[] = []
    const messages: Doc[] = []

    // Before the outage: some conversations are mirrored already.
    for (let i = 0; i < syncedBefore; i++) conversations.push(await createConversation(customers[i]!, i))
    for (const c of conversations) messages.push(await sendMessage(c.id, `hello ${c.id}`))
    await worker()
    expect(fake.channels.size).toBe(syncedBefore)

    // Stream goes down. The rest of the conversations and most messages arrive during the outage,
    // while the worker keeps running; some are edited, some deleted.
    let phase = 0
    fake.outage(phases[0]![1])
    fake.clearCalls()
    for (let i = syncedBefore; i < conversationCount; i++) {
      const c = await createConversation(customers[i]!, i)
      conversations.push(c)
      messages.push(await sendMessage(c.id, `hello ${c.id}`))
      if (i % 5 === 0) await tick()
    }
    for (let k = 1; k < messagesPerConversation; k++) {
      for (const c of conversations) messages.push(await sendMessage(c.id, `message ${k} in ${c.id}`))
      await tick()
    }
    // Edited: five mirrored before the outage, five not yet. Deleted: likewise.
    const edited = [...messages.slice(0, 5), ...messages.slice(syncedBefore, syncedBefore + 5)]
    for (const m of edited) {
      expect((await staff.rest.patch(`/messages/${m.id}`, { text: `${m.text} (edited)` })).status).toBe(200)
    }
    const deleted = [...messages.slice(5, syncedBefore), ...messages.slice(syncedBefore + 5, syncedBefore + 10)]
    const kept = messages.filter((m) => !deleted.includes(m))
    for (const m of deleted) expect((await staff.rest.delete(`/messages/${m.id}`)).status).toBe(200)
    // One conversation's job is lost outright (say, cancelled by hand): the reconcile finds it.
    const orphan = conversations.at(-1)!
    await db.query(`delete from payload_jobs where concurrency_key = $1`, [`stream-channel:${orphan.id}`])

    let healthDuringOutage: Awaited<ReturnType<typeof readHealth>> | undefined
    while (clock < outageMs) {
      while (phase + 1 < phases.length && clock >= phases[phase + 1]![0]) {
        const [, mode, kinds] = phases[++phase]!
        fake.outage(mode, kinds)
      }
      await tick()
      if (!healthDuringOutage && clock > 20 * minute) healthDuringOutage = await readHealth(app.payload, switchboardOptionsOf(app.payload))
    }
    const outageCalls = fake.calls.length
    const callsBy = (mode: 'lost' | 'dropped' | 'unavailable') =>
      fake.calls.filter((c) => (mode === 'lost' ? c.lost : mode === 'dropped' ? c.status === 0 : c.status === 503)).length
    const failedAttempts = { unavailable: callsBy('unavailable'), dropped: callsBy('dropped'), lost: callsBy('lost') }
    const servedButLost = (kind: CallKind) => fake.calls.filter((c) => c.lost && c.kind === kind && c.status === 201).length
    const maxRound = await scalar(`select coalesce(max((input->>'retryRound')::int), 0) from payload_jobs where ${streamTasks}`)
    const openDuringOutage = await scalar(`select count(*) from payload_jobs where completed_at is null and ${streamTasks}`)

    // The outage shows: in the health report (a warning, not a failure) and on the conversations.
    expect(healthDuringOutage?.status).toBe('ok')
    expect(healthDuringOutage?.stream?.conversations.failed).toBeGreaterThanOrEqual(conversationCount - syncedBefore - 1)
    expect(healthDuringOutage?.stream?.lastError).toMatch(/503/)
    expect(healthDuringOutage?.warnings).toEqual([expect.stringMatching(/conversations are not mirrored to Stream Chat.*Stream job.*waiting to retry/)])
    // Nothing has failed for good, however long the outage: every job waits for its next round.
    expect(await scalar(`select count(*) from payload_jobs where coalesce(has_error, false) and ${streamTasks}`)).toBe(0)
    expect(maxRound).toBeGreaterThanOrEqual(5)

    // Stream is back. The worker carries on; nobody intervenes.
    fake.outage(null)
    const recoveredAt = clock
    const unsynced = () => scalar(`select count(*) from conversations where stream_sync_status::text <> 'synced'`)
    const openStreamJobs = () =>
      scalar(`select count(*) from payload_jobs where completed_at is null and ${streamTasks} and coalesce(input->>'reconcile', 'false') <> 'true'`)
    for (let step = 0; (await unsynced()) > 0 || (await openStreamJobs()) > 0; step++) {
      expect(step, 'the mirror did not catch up').toBeLessThan(500)
      await tick()
    }
    const catchUpMs = clock - recoveredAt
    // At most one longest backoff, plus the reconcile's 5-minute schedule for the lost job.
    expect(catchUpMs).toBeLessThanOrEqual(laterRetryMaxMs + 5 * minute + minStepMs)

    // Every conversation is one channel with its members; no other channel exists.
    const channelIds = conversations.map((c) => `messaging:sb-c-${c.id}`).sort()
    expect([...fake.channels.keys()].sort()).toEqual(channelIds)
    for (const [i, c] of conversations.entries()) {
      expect([...fake.channels.get(`messaging:sb-c-${c.id}`)!.members.keys()].sort()).toEqual([`sb-u-${customers[i]}`, `sb-u-${staff.user.id}`].sort())
      expect(await app.payload.findByID({ collection: 'conversations', id: c.id, depth: 0 })).toMatchObject({ streamSyncStatus: 'synced', streamError: null })
    }
    // Every message is in its channel once, under its own id, with its latest text or deleted.
    // (Staff deleted five messages: gone here, marked deleted in Stream.)
    const stored = await app.payload.find({ collection: 'messages', depth: 0, pagination: false, where: { id: { in: messages.map((m) => m.id) } } })
    expect(messages).toHaveLength(conversationCount * messagesPerConversation)
    expect(stored.docs.map((m) => m.id).sort()).toEqual(kept.map((m) => m.id).sort())
    const inStream = [...fake.channels.values()].flatMap((c) => [...c.messages.values()].map((m) => ({ ...m, cid: c.cid })))
    // A message deleted before it ever reached Stream never shows there; one that had is marked deleted.
    const neverMirrored = deleted.slice(5)
    expect(inStream).toHaveLength(messages.length - neverMirrored.length)
    expect(new Set(inStream.map((m) => m.id)).size).toBe(inStream.length)
    for (const m of neverMirrored) expect(inStream.find((s) => s.id === `sb-m-${m.id}`)).toBeUndefined()
    for (const m of [...stored.docs, ...deleted.slice(0, 5)]) {
      const mirrored = inStream.find((s) => s.id === `sb-m-${m.id}`)
      expect(mirrored, `message ${m.id}`).toBeDefined()
      expect(mirrored!.cid).toBe(`messaging:sb-c-${typeof m.conversation === 'object' ? m.conversation.id : m.conversation}`)
      if (deleted.includes(m)) expect(mirrored!.deleted_at).toBeTruthy()
      else expect([mirrored!.text, mirrored!.deleted_at]).toEqual([m.text, undefined])
    }
    expect(stored.docs.filter((m) => String(m.text).endsWith('(edited)')).map((m) => m.id).sort()).toEqual(edited.map((m) => m.id).sort())
    expect(await scalar(`select count(*) from payload_jobs where coalesce(has_error, false) and ${streamTasks}`)).toBe(0)

    // The health report is clear again.
    const after = await readHealth(app.payload, switchboardOptionsOf(app.payload))
    expect(after.warnings).toEqual([])
    expect(after.stream?.conversations).toEqual({ synced: conversationCount, pending: 0, failed: 0 })

    const figures = {
      conversations: conversationCount,
      messages: messages.length,
      editedDuringOutage: edited.length,
      deletedDuringOutage: deleted.length,
      simulatedOutageMinutes: outageMs / minute,
      jobRetriesBeforeNextRound: streamTaskRetries.attempts,
      highestRetryRound: maxRound,
      openStreamJobsAtRecovery: openDuringOutage,
      callsDuringOutage: outageCalls,
      failedCalls: failedAttempts,
      createChannelAnswersLost: servedButLost('createChannel'),
      sendMessageAnswersLost: servedButLost('sendMessage'),
      jobRuns,
      minutesToCatchUp: Math.round((catchUpMs / minute) * 10) / 10,
      duplicateChannels: fake.channels.size - conversationCount,
      duplicateMessages: inStream.length - (messages.length - neverMirrored.length),
      realSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
    }
    console.log(`stream outage figures: ${JSON.stringify(figures)}`)
    expect(failedAttempts.unavailable).toBeGreaterThan(0)
    expect(failedAttempts.dropped).toBeGreaterThan(0)
    expect(failedAttempts.lost).toBeGreaterThan(0)
    // The retries that had to be idempotent did happen: channels created and messages sent unheard.
    expect(servedButLost('createChannel')).toBeGreaterThan(0)
    expect(servedButLost('sendMessage')).toBeGreaterThan(0)
  })

  it('runs the reconcile on a schedule and queues only conversations left without a job', async () => {
    const task = app.payload.config.jobs.tasks?.find((t) => t.slug === streamSyncConversationTask)
    expect(task?.schedule?.map((s) => s.cron)).toEqual(['*/5 * * * *'])
    const [customer] = await bulkUsers(1, 'reconcile')
    const lost = await createConversation(customer!, 99)
    await db.query(`delete from payload_jobs where concurrency_key = $1`, [`stream-channel:${lost.id}`])
    const kept = await createConversation(customer!, 100)
    const req = await createLocalReq({}, app.payload)
    const job = await app.payload.jobs.queue({ task: streamSyncConversationTask, input: { reconcile: true }, queue: 'switchboard', req })
    await app.payload.jobs.runByID({ id: job.id, silent: true })
    const jobs = (
      await db.query(`select input->>'conversationId' as id from payload_jobs
        where completed_at is null and ${streamTasks} and input->>'conversationId' is not null`)
    ).rows
    expect(jobs.map((j) => Number(j.id)).sort()).toEqual([lost.id, kept.id].sort())
  })
})
