import type { ServerProps } from 'payload'

import pg from 'pg'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { HealthPanel } from '../../packages/payload-plugin/src/components/health/HealthPanel'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { readHealth } from '../../packages/payload-plugin/src/stats/health'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, restClient } from '../helpers/rest'

let app: TestApp
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>

beforeAll(async () => {
  app = await createTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
})
afterAll(async () => {
  await db?.end()
  await app?.close()
})
beforeEach(async () => {
  await db.query('delete from payload_jobs')
  await db.query('delete from sync_leases')
  await db.query('delete from telegram_accounts')
})

/** The full report, as staff read it. */
const health = async () => {
  const res = await staff.rest.get('/switchboard/health')
  return { status: res.status, body: res.body as Json }
}

interface AccountRow {
  name?: string
  kind?: 'bot' | 'user'
  status: 'connected' | 'disabled' | 'needs-login'
  listenerState?: 'connecting' | 'listening' | 'reconnecting' | 'stopped'
}

const createAccount = async ({ name = 'Support', kind = 'user', status, listenerState = 'stopped' }: AccountRow): Promise<number> => {
  const { rows } = await db.query(
    `insert into telegram_accounts (name, kind, status, listener_state, session, last_update_at, updated_at, created_at)
     values ($1, $2, $3, $4, 'secret-session-ciphertext', now() - interval '1 minute', now(), now()) returning id`,
    [name, kind, status, listenerState],
  )
  return rows[0].id as number
}

/** A lease row as the worker writes it; `expiresIn` seconds from now (negative: expired). */
const createLease = (accountId: number, expiresIn: number, holder: null | string = 'worker-a:1234') =>
  db.query(
    `insert into sync_leases (name, holder, fencing_token, acquired_at, heartbeat_at, expires_at, updated_at, created_at)
     values ($1, $2, 3, now() - interval '1 hour', now() + ($3 - 120) * interval '1 second', now() + $3 * interval '1 second', now(), now())`,
    [`telegram-account:${accountId}`, holder, expiresIn],
  )

/** A job row; `ageSeconds` since it was created, `waitUntil` seconds from now (negative: in the past). */
const createJob = (queue: string, ageSeconds: number, extra: { waitUntil?: number; processing?: boolean; hasError?: boolean; completed?: boolean } = {}) =>
  db.query(
    `insert into payload_jobs (queue, task_slug, input, created_at, updated_at, wait_until, processing, has_error, completed_at)
     values ($1, 'switchboardRelink', '{}', now() - $2 * interval '1 second', now(),
       case when $3::numeric is null then null else now() + $3::numeric * interval '1 second' end, $4, $5,
       case when $6 then now() else null end)`,
    [queue, ageSeconds, extra.waitUntil ?? null, extra.processing ?? false, extra.hasError ?? false, extra.completed ?? false],
  )

describe('GET /api/switchboard/health', () => {
  it('is healthy with no accounts and lists both queues empty', async () => {
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body).toMatchObject({ status: 'ok', reasons: [], warnings: [], database: { ok: true }, accounts: [], leases: [] })
    expect(body.database.latencyMs).toEqual(expect.any(Number))
    expect(new Date(body.checkedAt).getTime()).not.toBeNaN()
    expect(body.queues).toEqual([
      { queue: 'switchboard', accountId: null, pending: 0, processing: 0, scheduled: 0, oldestPendingAt: null, oldestPendingAgeSeconds: null },
      { queue: 'switchboard-telegram', accountId: null, pending: 0, processing: 0, scheduled: 0, oldestPendingAt: null, oldestPendingAgeSeconds: null },
    ])
  })

  it('fails when a connected account has no lease: no worker is listening', async () => {
    const id = await createAccount({ status: 'connected' })
    const { status, body } = await health()
    expect(status).toBe(503)
    expect(body.status).toBe('unhealthy')
    expect(body.reasons).toEqual([`Telegram account "Support" (${id}) has no worker listening: start \`npm run worker\`.`])
    expect(body.accounts).toEqual([
      { id, name: 'Support', kind: 'user', status: 'connected', listenerState: 'stopped', lastUpdateAt: expect.any(String), lease: null },
    ])
  })

  it('is healthy when the account has a fresh lease and its listener is listening', async () => {
    const id = await createAccount({ status: 'connected', listenerState: 'listening', kind: 'bot', name: 'Bot' })
    await createLease(id, 90)
    const { status, body } = await health()
    expect(status, JSON.stringify(body.reasons)).toBe(200)
    expect(body.reasons).toEqual([])
    expect(body.accounts[0]).toMatchObject({
      id,
      kind: 'bot',
      listenerState: 'listening',
      lease: { holder: 'worker-a:1234', since: expect.any(String), heartbeatAt: expect.any(String), expiresAt: expect.any(String), fresh: true },
    })
    expect(body.leases).toEqual([
      expect.objectContaining({ name: `telegram-account:${id}`, holder: 'worker-a:1234', fencingToken: 3, fresh: true }),
    ])
  })

  it('warns, but stays healthy, while a leased listener reconnects', async () => {
    const id = await createAccount({ status: 'connected', listenerState: 'reconnecting' })
    await createLease(id, 90)
    const { status, body } = await health()
    expect(status).toBe(200)
    expect(body.reasons).toEqual([])
    expect(body.warnings).toEqual([expect.stringContaining(`Telegram account "Support" (${id}) is held by worker-a:1234 but its listener is reconnecting`)])
  })

  it('fails when the lease expired (the worker stopped heartbeating) and names the last holder', async () => {
    const id = await createAccount({ status: 'connected', listenerState: 'listening' })
    await createLease(id, -5)
    const { status, body } = await health()
    expect(status).toBe(503)
    expect(body.accounts[0].lease).toMatchObject({ holder: 'worker-a:1234', fresh: false })
    expect(body.reasons).toEqual([expect.stringMatching(/has no worker listening: start `npm run worker`\. Its last listener \(worker-a:1234\) stopped renewing/)])
  })

  it('fails when the lease was released by a worker that shut down', async () => {
    const id = await createAccount({ status: 'connected', listenerState: 'stopped' })
    await createLease(id, 0, null)
    const { status, body } = await health()
    expect(status).toBe(503)
    expect(body.reasons).toEqual([expect.stringContaining('released the lease when it stopped')])
  })

  it('fails with a "log in again" reason for an account that needs a new login', async () => {
    const id = await createAccount({ status: 'needs-login', name: 'Sales' })
    const { status, body } = await health()
    expect(status).toBe(503)
    expect(body.reasons).toEqual([
      `Telegram account "Sales" (${id}) needs a new login: open Telegram → Connect account (/admin/telegram/connect?account=${id}) and log it in again.`,
    ])
  })

  it('fails when a runnable job has waited longer than 10 minutes', async () => {
    await createJob('switchboard', 20 * 60)
    await createJob('switchboard', 30)
    const { status, body } = await health()
    expect(status).toBe(503)
    expect(body.queues[0]).toMatchObject({ queue: 'switchboard', pending: 2, processing: 0, oldestPendingAt: expect.any(String) })
    expect(body.queues[0].oldestPendingAgeSeconds).toBeGreaterThanOrEqual(20 * 60)
    expect(body.reasons).toEqual([
      'Queue "switchboard" has 2 jobs waiting; the oldest has waited 20 min (limit 10 min): is a worker running? `npm run worker`',
    ])
  })

  it('does not count scheduled, running, finished or failed jobs as waiting, nor a retry that just became due', async () => {
    await createJob('switchboard', 3600, { waitUntil: 600 }) // backoff not over
    await createJob('switchboard', 3600, { waitUntil: -60 }) // a retry due for a minute
    await createJob('switchboard', 3600, { processing: true })
    await createJob('switchboard', 3600, { completed: true })
    await createJob('switchboard', 3600, { hasError: true })
    await createJob('switchboard-telegram', 60)
    const { status, body } = await health()
    expect(status, JSON.stringify(body.reasons)).toBe(200)
    expect(body.queues).toEqual([
      expect.objectContaining({ queue: 'switchboard', pending: 1, processing: 1, scheduled: 1 }),
      expect.objectContaining({ queue: 'switchboard-telegram', pending: 1, processing: 0, scheduled: 0 }),
    ])
    expect(body.queues[0].oldestPendingAgeSeconds).toBeLessThan(120)
  })

  it('ignores disabled accounts and their queues', async () => {
    const id = await createAccount({ status: 'disabled', name: 'Old' })
    await createJob(`switchboard-telegram:${id}`, 3600)
    const { status, body } = await health()
    expect(status, JSON.stringify(body.reasons)).toBe(200)
    expect(body.accounts).toEqual([])
    expect(body.queues.map((q: Json) => q.queue)).toEqual(['switchboard', 'switchboard-telegram'])
  })

  it("fails when a listening account's own queue backs up, naming the worker holding it", async () => {
    const id = await createAccount({ status: 'connected', listenerState: 'listening' })
    await createLease(id, 90)
    await createJob(`switchboard-telegram:${id}`, 3600)
    const { status, body } = await health()
    expect(status).toBe(503)
    expect(body.queues).toContainEqual(expect.objectContaining({ queue: `switchboard-telegram:${id}`, accountId: id, pending: 1 }))
    expect(body.reasons).toEqual([expect.stringContaining(`the worker holding Telegram account "Support" (${id}) (worker-a:1234) is not running them`)])
  })

  it('tells anonymous callers the status and how many problems, but no account, host or process', async () => {
    const id = await createAccount({ status: 'connected', listenerState: 'listening', name: 'Acme Support Line' })
    await createLease(id, -5, 'web-eu-3.internal:48213:9f8e7d')
    await createJob(`switchboard-telegram:${id}`, 3600)
    const staffView = await health()
    expect(JSON.stringify(staffView.body)).toMatch(/Acme Support Line/)
    expect(JSON.stringify(staffView.body)).toMatch(/web-eu-3\.internal:48213/)

    for (const who of [restClient(app), (await createUserAndLogin(app, 'customer@example.com', ['customer'])).rest]) {
      const res = await who.get('/switchboard/health')
      expect(res.status).toBe(503)
      expect(res.body).toEqual({
        status: 'unhealthy',
        checkedAt: expect.any(String),
        database: { ok: true },
        reasonCount: staffView.body.reasons.length,
        warningCount: 0,
        details: expect.stringMatching(/Log in as staff/),
      })
      const text = JSON.stringify(res.body)
      for (const secret of ['Acme', 'web-eu-3', '48213', 'telegram-account']) expect(text).not.toContain(secret)
    }
  })

  it('answers anonymous callers 200 when healthy', async () => {
    const res = await restClient(app).get('/switchboard/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', reasonCount: 0, warningCount: 0 })
  })

  it('reveals no session', async () => {
    await createAccount({ status: 'connected' })
    const { body } = await health()
    expect(JSON.stringify(body)).not.toContain('secret-session')
  })

  it('honours a configured limit for waiting jobs', async () => {
    await createJob('switchboard', 90)
    const report = await readHealth(app.payload, switchboardOptionsOf(app.payload), { maxPendingAgeSeconds: 60 })
    expect(report.status).toBe('unhealthy')
    expect(report.reasons).toEqual([expect.stringContaining('the oldest has waited 1 min 30 s (limit 1 min)')])
  })
})

describe('the admin health panel', () => {
  const render = async (roles: string[]) => {
    const element = await HealthPanel({ payload: app.payload, user: { id: 1, roles } as unknown as ServerProps['user'] })
    return element ? renderToStaticMarkup(element) : null
  }

  it('is for staff only', async () => {
    expect(await render(['editor'])).toBeNull()
    expect(await render([])).toBeNull()
  })

  it('shows the state, the reasons, the accounts and the queues', async () => {
    const sales = await createAccount({ status: 'needs-login', name: 'Sales' })
    const support = await createAccount({ status: 'connected', listenerState: 'listening', name: 'Support' })
    await createLease(support, 90)
    await createJob('switchboard', 20 * 60)
    const html = (await render(['staff']))!
    expect(html).toContain('<h2 class="sb-health__title" id="sb-health-title">Switchboard health</h2>')
    expect(html).toContain('Unhealthy')
    expect(html).toContain(`needs a new login: open Telegram → Connect account (/admin/telegram/connect?account=${sales}) and log it in again.`)
    expect(html).toContain('is a worker running? <code>npm run worker</code>')
    expect(html).toContain('<caption id="sb-health-title-accounts">Telegram accounts and their listeners</caption>')
    expect(html).toContain(`href="/admin/telegram/connect?account=${sales}">Log in again`)
    expect(html).toContain('<code>worker-a:1234</code>')
    expect(html).toContain('Listening')
    expect(html).toContain('<caption id="sb-health-title-queues">Jobs queues</caption>')
    expect(html).toMatch(/<code>switchboard<\/code><\/th><td class="sb-health__number">1<\/td>/)
    expect(html).not.toContain('secret-session')
  })

  it('says when everything is fine', async () => {
    const html = (await render(['admin']))!
    expect(html).toContain('Healthy')
    expect(html).not.toContain('What needs attention')
    expect(html).toContain('No Telegram accounts to listen to')
  })
})
