import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { releaseAbandonedJobs } from '../../packages/payload-plugin/src/jobs/abandonedJobs'
import { queueHistorySync } from '../../packages/payload-plugin/src/jobs/telegramJobs'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { readHealth } from '../../packages/payload-plugin/src/stats/health'
import { writePage } from '../../packages/payload-plugin/src/telegram/sync/writePage'
import { startWorker, workerSettings } from '../../packages/payload-plugin/src/worker/worker'
import { createTestApp, type TestApp } from '../helpers/payload'
import { waitFor } from '../helpers/waitFor'
import { switchboardQueue } from '../../packages/payload-plugin/src/constants'

let app: TestApp
let db: pg.Client
let conversationId: number
let accountId: number

const options = () => switchboardOptionsOf(app.payload)


/** A job as a worker killed mid-run leaves it: picked up (`processing`), its heartbeat long stopped. */
const abandonedJob = async (key: string) => {
  const { rows } = await db.query(
    `insert into payload_jobs (queue, task_slug, input, concurrency_key, processing, created_at, updated_at)
     values ($1, 'switchboardRelink', '{}', $2, true, now() - interval '10 minutes', now() - interval '10 minutes') returning id`,
    [switchboardQueue, key],
  )
  return Number(rows[0].id)
}
const jobRow = async (id: number) =>
  (await db.query(`select processing, has_error, completed_at, error from payload_jobs where id = $1`, [id])).rows[0]

const message = (externalId: number, text: string, editedAt: Date | null = null) => ({
  externalId,
  text,
  editedAt,
  sentAt: new Date(Date.UTC(2026, 0, 1, 0, 0, externalId)),
  direction: 'in' as const,
  kind: 'text' as const,
  senderName: null,
  senderTelegramId: null,
  serviceAction: null,
  replyToExternalId: null,
  forwardFromName: null,
  forwardFromId: null,
  forwardDate: null,
  mediaType: null,
  mediaMimeType: null,
  mediaSize: null,
  mediaFileName: null,
})
const stored = async (externalId: number) =>
  (await db.query(`select text, deleted_at from messages where conversation_id = $1 and external_id = $2`, [conversationId, externalId])).rows[0]
const cursor = async () =>
  Number((await db.query(`select last_synced_message_id from conversations where id = $1`, [conversationId])).rows[0].last_synced_message_id ?? 0)

beforeAll(async () => {
  app = await createTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  const account = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'Support', kind: 'user', status: 'disabled' }, overrideAccess: true })
  accountId = Number(account.id)
  const conversation = await app.payload.create({
    collection: 'conversations',
    data: { source: 'telegram', account: accountId, externalId: 4242, type: 'private', title: 'Alice' },
    overrideAccess: true,
  })
  conversationId = Number(conversation.id)
})
afterAll(async () => {
  await db?.end()
  await app?.close()
})
beforeEach(async () => {
  await db.query('delete from payload_jobs')
  await db.query(`update conversations set sync_status = 'idle'`)
})

describe('a job whose worker died', () => {
  it('blocks nothing for long: health names it by key, the next worker releases it and runs it', async () => {
    const id = await abandonedJob('relink:all')
    // Payload alone never runs it again.
    await app.payload.jobs.run({ queue: switchboardQueue })
    expect((await jobRow(id)).processing).toBe(true)

    const health = await readHealth(app.payload, options(), { stuckAfterSeconds: 60 })
    expect(health.stuckJobs).toEqual([expect.objectContaining({ id, task: 'switchboardRelink', concurrencyKey: 'relink:all', queue: switchboardQueue })])
    expect(health.reasons.join('\n')).toContain(`Job ${id} (switchboardRelink, key relink:all)`)

    const worker = startWorker(app.payload, options(), { ...workerSettings(), holder: 'worker-r', leaseTtlSeconds: 60, heartbeatSeconds: 1, pollSeconds: 0.5 })
    try {
      // Payload deletes a job once it has completed.
      await waitFor('the abandoned job to be run', async () => !(await jobRow(id)))
    } finally {
      await worker.stop()
    }
    expect((await readHealth(app.payload, options(), { stuckAfterSeconds: 60 })).stuckJobs).toEqual([])
  })

  it('is retried once: abandoned a second time, it is failed with a message instead of looping', async () => {
    const id = await abandonedJob('relink:again')
    expect(await releaseAbandonedJobs(app.payload, 60)).toEqual([expect.objectContaining({ id, failed: false })])
    // Picked up again and abandoned again (the same kill, the same out-of-memory).
    await db.query(`update payload_jobs set processing = true, updated_at = now() - interval '10 minutes' where id = $1`, [id])
    expect(await releaseAbandonedJobs(app.payload, 60)).toEqual([expect.objectContaining({ id, failed: true })])
    const row = await jobRow(id)
    expect(row).toMatchObject({ processing: false, has_error: true })
    expect(row.error.message).toMatch(/Abandoned twice/)
    expect(await releaseAbandonedJobs(app.payload, 60)).toEqual([])
  })

  it('leaves running jobs alone: a job with a recent heartbeat is not released', async () => {
    const id = await abandonedJob('relink:live')
    await db.query(`update payload_jobs set updated_at = now() where id = $1`, [id])
    expect(await releaseAbandonedJobs(app.payload, 60)).toEqual([])
    expect((await jobRow(id)).processing).toBe(true)
  })
})

describe('queueing a history sync', () => {
  it('marks the conversation queued only together with its job: a failed queue leaves the status as it was', async () => {
    // A fault injected in the database: inserting a job fails.
    await db.query(`create function refuse_jobs() returns trigger language plpgsql as $$ begin raise exception 'jobs table unavailable'; end $$`)
    await db.query(`create trigger refuse_jobs before insert on payload_jobs for each row execute function refuse_jobs()`)
    try {
      await expect(queueHistorySync(app.payload, options(), conversationId, 'incremental')).rejects.toThrow()
    } finally {
      await db.query(`drop trigger refuse_jobs on payload_jobs`)
      await db.query(`drop function refuse_jobs()`)
    }
    expect((await db.query(`select sync_status from conversations where id = $1`, [conversationId])).rows[0].sync_status).toBe('idle')

    expect(await queueHistorySync(app.payload, options(), conversationId, 'incremental')).toBe(true)
    expect((await db.query(`select sync_status from conversations where id = $1`, [conversationId])).rows[0].sync_status).toBe('queued')
    expect((await db.query(`select count(*)::int as n from payload_jobs where task_slug = 'switchboardTelegramHistory'`)).rows[0].n).toBe(1)
  })
})

describe('writes that arrive out of order', () => {
  it('a history page fetched before a live edit does not revert it', async () => {
    await writePage(app.payload, options(), { conversationId, messages: [message(10, 'first')], users: [] })
    const fetchedAt = new Date()
    // The live edit lands while the (older) page is still buffered.
    await writePage(app.payload, options(), { conversationId, messages: [message(10, 'edited live', new Date())], users: [] })
    await writePage(app.payload, options(), { conversationId, messages: [message(10, 'first')], users: [], observedAt: fetchedAt })
    expect((await stored(10)).text).toBe('edited live')
    // A newer edit still replaces it.
    await writePage(app.payload, options(), { conversationId, messages: [message(10, 'edited again', new Date(Date.now() + 1000))], users: [] })
    expect((await stored(10)).text).toBe('edited again')
  })

  it('a deletion wins over a page fetched before it; a page fetched after it restores the message', async () => {
    await writePage(app.payload, options(), { conversationId, messages: [message(11, 'to delete')], users: [] })
    const fetchedBefore = new Date(Date.now() - 1000)
    await writePage(app.payload, options(), { conversationId, messages: [], users: [], deletedIds: [11] })
    await writePage(app.payload, options(), { conversationId, messages: [message(11, 'to delete')], users: [], observedAt: fetchedBefore })
    expect((await stored(11)).deleted_at).not.toBeNull()
    await writePage(app.payload, options(), { conversationId, messages: [message(11, 'to delete')], users: [], observedAt: new Date(Date.now() + 1000) })
    expect((await stored(11)).deleted_at).toBeNull()
  })

  it('live messages move the cursor only while no sync that starts from it is pending', async () => {
    const before = await cursor()
    await db.query(`update conversations set sync_status = 'queued' where id = $1`, [conversationId])
    await writePage(app.payload, options(), { conversationId, messages: [message(500, 'live, after a gap')], users: [], cursor: { lastSyncedMessageId: 500, live: true } })
    expect(await cursor()).toBe(before)

    await db.query(`update conversations set sync_status = 'idle' where id = $1`, [conversationId])
    await db.query(
      `insert into payload_jobs (queue, task_slug, input) values ($1, 'switchboardTelegramDiscover', $2)`,
      [`switchboard-telegram:${accountId}`, JSON.stringify({ accountId: String(accountId) })],
    )
    await writePage(app.payload, options(), { conversationId, messages: [message(501, 'live')], users: [], cursor: { lastSyncedMessageId: 501, live: true } })
    expect(await cursor()).toBe(before)

    await db.query('delete from payload_jobs')
    await writePage(app.payload, options(), { conversationId, messages: [message(502, 'live')], users: [], cursor: { lastSyncedMessageId: 502, live: true } })
    expect(await cursor()).toBe(502)
  })
})
