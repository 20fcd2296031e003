import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json } from '../helpers/rest'

/**
 * Response and resolution reports (`GET /api/switchboard/stats/helpdesk`) over a constructed
 * history with known timings: messages are created with their `sentAt`, statuses are changed
 * through the REST API (so the hooks and the reopening SQL write the status log), and each
 * resolution's logged time is then set to a known one.
 */
let app: TestApp
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let customer: Awaited<ReturnType<typeof createUserAndLogin>>
const dayMs = 24 * 60 * 60 * 1000
const hour = 60 * 60 * 1000
const base = Math.floor((Date.now() - 3 * dayMs) / dayMs) * dayMs // midnight UTC three days ago
const at = (ms: number) => new Date(base + ms)
const dayKey = (ms: number) => new Date(base + ms).toISOString().slice(0, 10)
const ids = {} as Record<'a' | 'b' | 'c' | 'd', number>

const conversation = async (title: string) =>
  (await app.payload.create({ collection: 'conversations', data: { source: 'widget', type: 'widget', title }, depth: 0 })).id as number
const message = (conversationId: number, sentAt: Date, data: Json = {}) =>
  app.payload.create({ collection: 'messages', data: { conversation: conversationId, text: 'hello', direction: 'in', sentAt: sentAt.toISOString(), ...data }, depth: 0 })
const reply = (conversationId: number, sentAt: Date, data: Json = {}) => message(conversationId, sentAt, { direction: 'out', ...data })
/** Resolves through the API (the hook logs it now), then moves the logged time to `when`. */
const resolve = async (conversationId: number, when: Date) => {
  const res = await staff.rest.patch(`/conversations/${conversationId}`, { status: 'resolved' })
  expect(res.status).toBe(200)
  await app.payload.db.pool.query(
    `update conversations_status_events set at = $1 where _parent_id = $2 and status = 'resolved' and at > now() - interval '1 minute'`,
    [when, conversationId],
  )
}
const statusLog = async (conversationId: number) =>
  (
    await app.payload.db.pool.query<{ status: string; previous: string; by_id: null | number; at: Date }>(
      `select status::text, previous::text, by_id, at from conversations_status_events where _parent_id = $1 order by _order`,
      [conversationId],
    )
  ).rows
const report = (query: string, client = staff.rest) => client.get(`/switchboard/stats/helpdesk?${query}`)
const range = () => `from=${at(-dayMs).toISOString()}&to=${new Date(Date.now() + 1000).toISOString()}`

beforeAll(async () => {
  app = await createTestApp()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  customer = await createUserAndLogin(app, 'customer@example.com', ['customer'])

  // A: answered in 120 s (a note at 60 s is not an answer), resolved after 600 s; the customer
  // writes again the next day (reopens), answered in 300 s, resolved after 900 s.
  ids.a = await conversation('A')
  await message(ids.a, at(hour))
  await reply(ids.a, at(hour + 60_000), { kind: 'note' })
  await reply(ids.a, at(hour + 120_000))
  await resolve(ids.a, at(hour + 600_000))
  await message(ids.a, at(dayMs + hour))
  await reply(ids.a, at(dayMs + hour + 300_000))
  await resolve(ids.a, at(dayMs + hour + 900_000))

  // B: a service message at 10 s is not an answer; answered in 30 s; later replies are not first responses.
  ids.b = await conversation('B')
  await message(ids.b, at(2 * hour))
  await reply(ids.b, at(2 * hour + 10_000), { kind: 'service', serviceAction: 'joined' })
  await reply(ids.b, at(2 * hour + 30_000))
  await message(ids.b, at(2 * hour + 60_000))
  await reply(ids.b, at(2 * hour + 70_000))

  // C: answered in 1000 s, resolved after 2000 s.
  ids.c = await conversation('C')
  await message(ids.c, at(3 * hour))
  await reply(ids.c, at(3 * hour + 1_000_000))
  await resolve(ids.c, at(3 * hour + 2_000_000))

  // D: only a note answers the customer: no first response yet.
  ids.d = await conversation('D')
  await message(ids.d, at(4 * hour))
  await reply(ids.d, at(4 * hour + 5_000), { kind: 'note' })
})
afterAll(() => app?.close())

describe('status log', () => {
  it('records staff changes with who made them, and a customer reopening at their message, kept across later changes', async () => {
    const log = await statusLog(ids.a)
    expect(log.map((e) => [e.status, e.previous])).toEqual([
      ['resolved', 'open'],
      ['open', 'resolved'],
      ['resolved', 'open'],
    ])
    expect(log[0]!.by_id).toBe(staff.user.id)
    expect(log[1]!.by_id).toBeNull()
    expect(log[1]!.at.getTime()).toBe(at(dayMs + hour).getTime())
    expect(log[0]!.at.getTime()).toBe(at(hour + 600_000).getTime())
  })

  it('leaves the log alone when the status does not change, and customers cannot read it', async () => {
    await staff.rest.patch(`/conversations/${ids.b}`, { title: 'B renamed' })
    expect(await statusLog(ids.b)).toEqual([])
    const read = await staff.rest.get(`/conversations/${ids.a}`)
    expect(read.body.statusEvents).toHaveLength(3)

    // Nobody writes it over the API, staff included.
    const forged = await staff.rest.patch(`/conversations/${ids.b}`, { statusEvents: [{ status: 'resolved', previous: 'open', at: new Date().toISOString() }] })
    expect(forged.status).toBe(200)
    expect(await statusLog(ids.b)).toEqual([])

    // A customer reads their conversation, not its log.
    const own = (await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title: 'Own', customer: customer.user.id }, depth: 0 })).id as number
    await staff.rest.patch(`/conversations/${own}`, { status: 'pending' })
    expect(await statusLog(own)).toHaveLength(1)
    const mine = await customer.rest.get(`/conversations/${own}?depth=0`)
    expect(mine.status).toBe(200)
    expect(mine.body.statusEvents ?? []).toEqual([])
    await app.payload.delete({ collection: 'conversations', id: own })
  })
  it('logs one reopening when many customer messages arrive at once, without deadlocks', async () => {
    const f = await conversation('F')
    await message(f, new Date(Date.now() - 60_000))
    await staff.rest.patch(`/conversations/${f}`, { status: 'resolved' })
    const sentAt = new Date()
    await Promise.all(Array.from({ length: 30 }, (_, i) => message(f, new Date(sentAt.getTime() + i), { text: `burst ${i}` })))
    const log = await statusLog(f)
    expect(log.map((e) => [e.status, e.previous])).toEqual([
      ['resolved', 'open'],
      ['open', 'resolved'],
    ])
    await app.payload.delete({ collection: 'conversations', id: f })
  })
})

describe('GET /api/switchboard/stats/helpdesk', () => {
  it('gives exact medians and 90th percentiles per day and over the range, ignoring notes and service messages', async () => {
    const res = await report(`bucket=day&${range()}`)
    expect(res.status).toBe(200)
    const { firstResponse, resolution } = res.body
    // First responses: day 1 = 30, 120, 1000 s; day 2 = 300 s (after the reopening).
    expect(firstResponse.overall).toEqual({ count: 4, medianSeconds: 210, p90Seconds: 790 })
    expect(firstResponse.series.find((p: Json) => p.start === dayKey(0))).toEqual({ start: dayKey(0), count: 3, medianSeconds: 120, p90Seconds: 824 })
    expect(firstResponse.series.find((p: Json) => p.start === dayKey(dayMs))).toEqual({ start: dayKey(dayMs), count: 1, medianSeconds: 300, p90Seconds: 300 })
    // Resolutions: day 1 = 600, 2000 s; day 2 = 900 s (from the reopening message).
    expect(resolution.overall).toEqual({ count: 3, medianSeconds: 900, p90Seconds: 1780 })
    expect(resolution.series.find((p: Json) => p.start === dayKey(0))).toEqual({ start: dayKey(0), count: 2, medianSeconds: 1300, p90Seconds: 1860 })
    expect(resolution.series.find((p: Json) => p.start === dayKey(dayMs))).toMatchObject({ count: 1, medianSeconds: 900 })
    // Every day of the range is there, empty ones with nulls.
    expect(firstResponse.series.find((p: Json) => p.start === dayKey(-dayMs))).toEqual({ start: dayKey(-dayMs), count: 0, medianSeconds: null, p90Seconds: null })
    expect(firstResponse.series.length).toBeGreaterThanOrEqual(4)
  })

  it('groups by ISO week and counts only what ended inside the range', async () => {
    const weekly = await report(`bucket=week&${range()}`)
    expect(weekly.status).toBe(200)
    expect(weekly.body.firstResponse.overall).toEqual({ count: 4, medianSeconds: 210, p90Seconds: 790 })
    const total = weekly.body.firstResponse.series.reduce((sum: number, p: Json) => sum + p.count, 0)
    expect(total).toBe(4)
    for (const point of weekly.body.firstResponse.series) expect(new Date(`${point.start}T00:00:00Z`).getUTCDay()).toBe(1)

    // Only the second day: A's second cycle.
    const day2 = await report(`from=${at(dayMs).toISOString()}&to=${at(2 * dayMs).toISOString()}`)
    expect(day2.body.firstResponse.overall).toEqual({ count: 1, medianSeconds: 300, p90Seconds: 300 })
    expect(day2.body.resolution.overall).toEqual({ count: 1, medianSeconds: 900, p90Seconds: 900 })
  })

  it('measures a reopening by staff from the reopening, and lists the backlog by assignee and status', async () => {
    const e = await conversation('E')
    await message(e, at(5 * hour))
    await resolve(e, at(5 * hour + 100_000))
    expect((await staff.rest.patch(`/conversations/${e}`, { status: 'open' })).status).toBe(200)
    // The reopening is logged now (moved two minutes back); the next resolution 50 s after it.
    const reopenedAt = new Date(Date.now() - 120_000)
    await app.payload.db.pool.query(`update conversations_status_events set at = $1 where _parent_id = $2 and status = 'open'`, [reopenedAt, e])
    await resolve(e, new Date(reopenedAt.getTime() + 50_000))
    const res = await report(`bucket=day&${range()}`)
    expect(res.body.resolution.overall.count).toBe(5)
    const today = res.body.resolution.series.find((p: Json) => p.start === new Date(reopenedAt.getTime() + 50_000).toISOString().slice(0, 10))
    expect(today).toMatchObject({ count: 1, medianSeconds: 50 })

    await staff.rest.patch(`/conversations/${ids.d}`, { assignee: staff.user.id, status: 'pending' })
    const backlog = res.body.backlog as Json[]
    expect(backlog).toContainEqual({ assignee: null, open: 2, pending: 0, snoozed: 0 })
    const after = await report(`bucket=day&${range()}`)
    expect(after.body.backlog).toContainEqual({ assignee: { id: staff.user.id, name: 'staff@example.com' }, open: 0, pending: 1, snoozed: 0 })
    expect(after.body.backlog).toContainEqual({ assignee: null, open: 1, pending: 0, snoozed: 0 })
  })

  it('answers 400 for bad parameters and 403 to customers', async () => {
    expect((await report('bucket=hour')).status).toBe(400)
    expect((await report('from=yesterday')).status).toBe(400)
    expect((await report(`from=${new Date().toISOString()}&to=${at(0).toISOString()}`)).status).toBe(400)
    expect((await report('from=2020-01-01&to=2026-01-01')).status).toBe(400)
    expect((await report('', customer.rest)).status).toBe(403)
    const defaults = await report('')
    expect(defaults.status).toBe(200)
    expect(defaults.body.bucket).toBe('day')
    expect(defaults.body.firstResponse.series).toHaveLength(31)
  })
})
