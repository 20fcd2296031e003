import { handleEndpoints, type Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { closePayload } from '../../dev/host/closePayload'
import { openMigratedPayload } from '../../dev/host/openPayload'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, password } from '../helpers/rest'

const secondKey = 'rate-limits-second-instance'
const limits = { chat: { sessionsPerMinutePerIp: 3, sessionsPerMinutePerToken: 1000, registrationsPerHourPerIp: 2 } }

let app: TestApp
/** A second Payload, as a second web instance would run it: same database, its own process state. */
let second: Payload
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let publicToken: string

beforeAll(async () => {
  app = await createTestApp({ switchboard: limits })
  second = await openMigratedPayload({ databaseUrl: app.databaseUrl, switchboard: limits }, { key: secondKey })
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  publicToken = (await staff.rest.post('/chat-tokens', { kind: 'public' })).body.doc.token as string
})
afterAll(async () => {
  if (second) await closePayload(second)
  await app?.close()
})

type Instance = 'first' | 'second'

/** A request through one instance's router, with the given headers (X-Forwarded-For above all). */
const request = (instance: Instance, path: string, body: unknown, headers: Record<string, string> = {}) => {
  const init = { method: 'POST', headers, body: JSON.stringify(body) }
  if (instance === 'first') return app.rest(path, init)
  return handleEndpoints({
    config: second.config,
    payloadInstanceCacheKey: secondKey,
    request: new Request(`http://localhost:3000/api${path}`, { ...init, headers: { 'content-type': 'application/json', ...headers } }),
  })
}

describe('rate limits in the database', () => {
  it('are shared by two instances on one database', async () => {
    const open = (instance: Instance) => request(instance, '/chat/sessions', { token: publicToken }, { 'x-forwarded-for': '198.51.100.20' })
    const statuses: number[] = []
    for (const instance of ['first', 'second', 'first', 'second', 'first'] as const) statuses.push((await open(instance)).status)
    expect(statuses).toEqual([201, 201, 201, 429, 429])
    const refused = await open('second')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another client is counted on its own.
    expect((await request('second', '/chat/sessions', { token: publicToken }, { 'x-forwarded-for': '198.51.100.21' })).status).toBe(201)
  })

  it('cannot be escaped by making up X-Forwarded-For entries', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) {
      // What a client sends, followed by the address our server appends for the connection.
      const response = await request(i % 2 ? 'first' : 'second', '/chat/sessions', { token: publicToken }, { 'x-forwarded-for': `10.9.9.${i}, 198.51.100.30` })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429])
  })

  it('limit registrations per address across instances, and per account for a logged-in customer', async () => {
    const register = (instance: Instance, email: string, headers: Record<string, string>) =>
      request(instance, '/users', { email, password }, headers)
    const ip = { 'x-forwarded-for': '198.51.100.40' }
    expect((await register('first', 'r1@example.com', ip)).status).toBe(201)
    expect((await register('second', 'r2@example.com', ip)).status).toBe(201)
    const refused = await register('first', 'r3@example.com', ip)
    expect(refused.status).toBe(429)
    expect(await app.payload.count({ collection: 'users', where: { email: { equals: 'r3@example.com' } } })).toMatchObject({ totalDocs: 0 })

    // A logged-in customer creating accounts from ever new addresses is still counted.
    const customer = await createUserAndLogin(app, 'spammer@example.com', ['customer'])
    const asCustomer = (i: number) => ({ authorization: `JWT ${customer.token}`, 'x-forwarded-for': `198.51.100.${50 + i}` })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await register(i % 2 ? 'second' : 'first', `made${i}@example.com`, asCustomer(i))).status)
    expect(statuses).toEqual([201, 201, 429])

    // Staff are not limited.
    const byStaff = { authorization: `JWT ${staff.token}`, ...ip }
    for (let i = 0; i < 3; i++) expect((await register('first', `staffmade${i}@example.com`, byStaff)).status).toBe(201)
  })
})
