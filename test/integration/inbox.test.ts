import { jwtSign } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { refreshVolumeRollup } from '../../packages/payload-plugin/src/stats/messageVolume'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, password, restClient } from '../helpers/rest'
import { sseReader } from '../helpers/sse'

let app: TestApp
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let editor: Awaited<ReturnType<typeof createUserAndLogin>>
let customer: Awaited<ReturnType<typeof createUserAndLogin>>
const ids = {} as Record<'billing' | 'deleted' | 'delivery' | 'm1' | 'm2' | 'm3' | 'm4' | 'm5' | 'today' | 'vip', number>
const dayMs = 24 * 60 * 60 * 1000

const conversation = async (title: string, data: Json = {}) =>
  (await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', title, ...data }, depth: 0 })).id as number
const message = async (conversationId: number, text: string, data: Json = {}) =>
  (await app.payload.create({ collection: 'messages', data: { conversation: conversationId, text, direction: 'in', ...data }, depth: 0 }))
    .id as number

beforeAll(async () => {
  app = await createTestApp()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  editor = await createUserAndLogin(app, 'editor@example.com', ['editor'])
  customer = await createUserAndLogin(app, 'customer@example.com', ['customer'])
  const vip = await app.payload.create({ collection: 'labels', data: { name: 'VIP', color: '#ff0000' } })
  ids.vip = vip.id as number
  ids.billing = await conversation('Billing questions', { labels: [vip.id], source: 'widget', type: 'widget' })
  ids.delivery = await conversation('Delivery', { source: 'telegram', type: 'group', unreadCount: 3 })
  const base = Date.now() - 10 * dayMs
  const at = (days: number) => new Date(base + days * dayMs).toISOString()
  ids.m1 = await message(ids.billing, 'I was charged twice for the same invoice', { sentAt: at(1) })
  ids.m2 = await message(ids.billing, 'The duplicate charge is refunded now', { sentAt: at(2), direction: 'out' })
  ids.m3 = await message(ids.delivery, 'Your parcel ships tomorrow with the courier', { sentAt: at(3), direction: 'out' })
  ids.m4 = await message(ids.delivery, 'Is the invoice included in the parcel?', { sentAt: at(4) })
  ids.m5 = await message(ids.delivery, 'Привет! Где мой заказ? invoice', { sentAt: at(5) })
  ids.deleted = await message(ids.delivery, 'invoice that was deleted', { sentAt: at(6), deletedAt: at(6) })
  ids.today = await message(ids.billing, 'Message sent today', { sentAt: new Date().toISOString() })
})
afterAll(() => app?.close())

const search = (query: string, client = staff.rest) => client.get(`/switchboard/search?${query}`)
const hitIds = (body: Json) => body.results.map((r: Json) => r.messageId)

describe('search', () => {
  it('finds words across conversations, newest first, with highlighted segments', async () => {
    const res = await search('q=invoice')
    expect(res.status).toBe(200)
    expect(hitIds(res.body)).toEqual([ids.m5, ids.m4, ids.m1])
    const first = res.body.results[2]
    expect(first).toMatchObject({ conversationId: ids.billing, conversationTitle: 'Billing questions' })
    expect(first.snippet).toContainEqual({ text: 'invoice', match: true })
    // A fragment of the text around the match, as plain text segments.
    expect('I was charged twice for the same invoice').toContain(first.snippet.map((s: Json) => s.text).join(''))
  })

  it('understands phrases, exclusion, or and prefixes', async () => {
    expect(hitIds((await search('q=' + encodeURIComponent('"duplicate charge"'))).body)).toEqual([ids.m2])
    expect(hitIds((await search('q=' + encodeURIComponent('"charge duplicate"'))).body)).toEqual([])
    expect(hitIds((await search('q=' + encodeURIComponent('invoice -parcel'))).body)).toEqual([ids.m5, ids.m1])
    expect(hitIds((await search('q=' + encodeURIComponent('courier or refunded'))).body)).toEqual([ids.m3, ids.m2])
    expect(hitIds((await search('q=' + encodeURIComponent('parc*'))).body)).toEqual([ids.m4, ids.m3])
    expect(hitIds((await search('q=' + encodeURIComponent('заказ'))).body)).toEqual([ids.m5])
  })

  it('filters by conversation, label and time, and pages with a stable cursor', async () => {
    expect(hitIds((await search(`q=invoice&conversation=${ids.delivery}`)).body)).toEqual([ids.m5, ids.m4])
    expect(hitIds((await search(`q=invoice&label=${ids.vip}`)).body)).toEqual([ids.m1])
    const from = new Date(Date.now() - 7.5 * dayMs).toISOString()
    expect(hitIds((await search(`q=invoice&from=${from}`)).body)).toEqual([ids.m5, ids.m4])

    const page1 = await search('q=invoice&limit=2')
    expect(hitIds(page1.body)).toEqual([ids.m5, ids.m4])
    await message(ids.delivery, 'a newer invoice arrives meanwhile')
    const page2 = await search(`q=invoice&limit=2&cursor=${page1.body.nextCursor}`)
    expect(hitIds(page2.body)).toEqual([ids.m1])
    expect(page2.body.nextCursor).toBeNull()
  })

  it('treats SQL-looking input as text and refuses empty queries', async () => {
    const res = await search('q=' + encodeURIComponent("'; drop table messages; --"))
    expect(res.status).toBe(200)
    expect(res.body.results).toEqual([])
    expect((await app.payload.count({ collection: 'messages' })).totalDocs).toBeGreaterThan(5)
    for (const q of ['', '   ', encodeURIComponent('&|!()')]) {
      const empty = await search(`q=${q}`)
      expect(empty.status).toBe(400)
      expect(empty.body.errors[0].message).toBeTruthy()
    }
    expect((await search('q=invoice&cursor=nonsense')).status).toBe(400)
    expect((await search('q=invoice&conversation=abc')).status).toBe(400)
  })

  it('is for staff only', async () => {
    expect((await search('q=invoice', customer.rest)).status).toBe(403)
    expect((await search('q=invoice', editor.rest)).status).toBe(403)
    expect((await app.rest('/switchboard/search?q=invoice', { method: 'GET' })).status).toBe(403)
  })

  // The search verifies the token itself and checks the user in its first statement (no user load).
  it('stops at once for a demoted or deleted user and a logged-out session', async () => {
    const member = await createUserAndLogin(app, 'leaving@example.com', ['staff'])
    const id = member.user.id
    expect((await search('q=invoice', member.rest)).status).toBe(200)
    await app.payload.update({ collection: 'users', id, data: { roles: ['customer'] } })
    expect((await search('q=invoice', member.rest)).body).toMatchObject({ errors: [{ message: 'Only staff can do this.' }] })
    await app.payload.update({ collection: 'users', id, data: { roles: ['admin'] } })
    expect((await search('q=invoice', member.rest)).status).toBe(200)
    expect((await member.rest.post('/users/logout')).status).toBe(200)
    expect((await search('q=invoice', member.rest)).body).toMatchObject({ errors: [{ message: 'Log in as staff to do this.' }] })
    const again = await restClient(app).post('/users/login', { email: 'leaving@example.com', password })
    const rest = restClient(app, again.body.token as string)
    expect((await search('q=invoice', rest)).status).toBe(200)
    await app.payload.delete({ collection: 'users', id })
    expect((await search('q=invoice', rest)).status).toBe(403)
  })

  it('takes the token from a Bearer header or the cookie, and refuses a forged or expired one', async () => {
    const get = (headers: Record<string, string>) => app.rest('/switchboard/search?q=invoice', { method: 'GET', headers })
    expect((await get({ authorization: `Bearer ${staff.token}` })).status).toBe(200)
    expect((await get({ cookie: `payload-token=${staff.token}` })).status).toBe(200)
    const [head, body, signature] = staff.token.split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as Json
    const forged = Buffer.from(JSON.stringify({ ...claims, id: customer.user.id })).toString('base64url')
    expect((await get({ authorization: `JWT ${head}.${forged}.${signature}` })).status).toBe(403)
    const { token: expired } = await jwtSign({ fieldsToSign: { ...claims, exp: undefined }, secret: app.payload.secret, tokenExpiration: -60 })
    expect((await get({ authorization: `JWT ${expired}` })).status).toBe(403)
  })
})

describe('conversation activity', () => {
  it('follows new messages: last activity, preview and unread count; late history does not replace the preview', async () => {
    const id = await conversation('Activity')
    const now = Date.now()
    await message(id, 'First question', { sentAt: new Date(now - 60_000).toISOString() })
    await message(id, 'Our answer', { sentAt: new Date(now - 30_000).toISOString(), direction: 'out' })
    await message(id, 'An old message synced late', { sentAt: new Date(now - 86_400_000).toISOString() })
    const doc = await app.payload.findByID({ collection: 'conversations', id, depth: 0 })
    expect(doc.lastMessagePreview).toBe('Our answer')
    expect(Date.parse(doc.lastMessageAt as string)).toBe(now - 30_000)
    expect(doc.unreadCount).toBe(2)
    // Deleting the conversation takes its messages with it.
    await app.payload.delete({ collection: 'conversations', id })
    expect((await app.payload.count({ collection: 'messages', where: { conversation: { equals: id } } })).totalDocs).toBe(0)
  })
})

describe('stats', () => {
  it('counts conversations, unread, messages and links', async () => {
    const res = await staff.rest.get('/switchboard/stats')
    expect(res.status).toBe(200)
    // Both conversations received incoming messages, so both have unread ones.
    const unread = await app.payload.find({ collection: 'conversations', depth: 0, pagination: false })
    const unreadMessages = unread.docs.reduce((sum, c) => sum + Number(c.unreadCount ?? 0), 0)
    expect(unreadMessages).toBeGreaterThan(3)
    expect(res.body.conversations).toMatchObject({ total: 2, unread: 2, unreadMessages })
    expect(res.body.conversations.bySource).toMatchObject({ widget: 1, telegram: 1, direct: 0 })
    expect(res.body.conversations.byType).toMatchObject({ widget: 1, group: 1 })
    expect(res.body.messages.today).toBeGreaterThanOrEqual(1)
    expect(res.body.messages.last7Days).toBeGreaterThanOrEqual(2)
    expect((await customer.rest.get('/switchboard/stats')).status).toBe(403)
  })

  it('reports message volume per day and week, the same from the rollup as counted live', async () => {
    const range = `from=${new Date(Date.now() - 12 * dayMs).toISOString()}&to=${new Date(Date.now() + 1000).toISOString()}`
    const live = await staff.rest.get(`/switchboard/stats/message-volume?bucket=day&${range}`)
    expect(live.status).toBe(200)
    const total = (body: Json) => body.series.reduce((sum: number, p: Json) => sum + p.in + p.out, 0)
    const liveTotal = total(live.body)
    expect(liveTotal).toBe(await app.payload.count({ collection: 'messages', where: { deletedAt: { exists: false } } }).then((r) => r.totalDocs))
    expect(live.body.series.length).toBeGreaterThanOrEqual(12)

    const rows = await refreshVolumeRollup(app.payload, switchboardOptionsOf(app.payload))
    expect(rows).toBeGreaterThan(0)
    const rolled = await staff.rest.get(`/switchboard/stats/message-volume?bucket=day&${range}`)
    expect(rolled.body.series).toEqual(live.body.series)

    const weekly = await staff.rest.get(`/switchboard/stats/message-volume?bucket=week&${range}`)
    expect(total(weekly.body)).toBe(liveTotal)
    const bySource = weekly.body.series.reduce((acc: Json, p: Json) => {
      for (const [k, v] of Object.entries(p.bySource)) acc[k] = (acc[k] ?? 0) + (v as number)
      return acc
    }, {})
    expect(bySource.telegram + bySource.widget).toBe(liveTotal)

    expect((await staff.rest.get('/switchboard/stats/message-volume?bucket=hour')).status).toBe(400)
    expect((await staff.rest.get('/switchboard/stats/message-volume?from=yesterday')).status).toBe(400)
  })
})

describe('staff events', () => {
  it('streams message changes of every conversation to staff, with the conversation id', async () => {
    const stream = sseReader(await app.rest('/switchboard/events', { method: 'GET', token: staff.token }))
    const a = await message(ids.billing, 'live in billing')
    const b = await message(ids.delivery, 'live in delivery')
    const seen = new Map<number, number>()
    while (seen.size < 2) {
      const data = JSON.parse((await stream.next((e) => e.event === 'message')).data!)
      if (data.id === a || data.id === b) seen.set(data.id, data.conversationId)
    }
    expect(seen.get(a)).toBe(ids.billing)
    expect(seen.get(b)).toBe(ids.delivery)
    await stream.close()
    expect((await app.rest('/switchboard/events', { method: 'GET', token: customer.token })).status).toBe(403)
  })
})
