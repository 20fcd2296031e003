import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json, password, restClient } from '../helpers/rest'

let app: TestApp
type Session = Awaited<ReturnType<typeof createUserAndLogin>>
let admin: Session, staff: Session, editor: Session, alice: Session, bob: Session
const ids: Record<string, number | string> = {}

beforeAll(async () => {
  app = await createTestApp()
  const anonymous = restClient(app)
  // The very first account (Payload's first-register flow) becomes an admin.
  const first = await anonymous.post('/users/first-register', { email: 'first@example.com', password })
  expect(first.status).toBe(200)
  ids.first = first.body.user.id

  admin = await createUserAndLogin(app, 'admin@example.com', ['admin'])
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  editor = await createUserAndLogin(app, 'editor@example.com', ['editor'])
  alice = await createUserAndLogin(app, 'alice@example.com', ['customer'])
  bob = await createUserAndLogin(app, 'bob@example.com', ['customer'])

  const { payload } = app
  const label = await payload.create({ collection: 'labels', data: { name: 'VIP', color: '#ff0000' } })
  ids.label = label.id
  const tgAlice = await payload.create({ collection: 'telegram-users', data: { telegramId: 100, user: alice.user.id } })
  const asCustomer = await payload.create({
    collection: 'conversations',
    data: { source: 'widget', type: 'widget', title: 'alice token chat', customer: alice.user.id, provider: staff.user.id },
  })
  const asParticipant = await payload.create({
    collection: 'conversations',
    data: { source: 'direct', type: 'direct', title: 'alice direct', participants: [{ relationTo: 'users', value: alice.user.id }] },
  })
  const bobs = await payload.create({
    collection: 'conversations',
    data: { source: 'direct', type: 'direct', title: 'bob direct', participants: [{ relationTo: 'users', value: bob.user.id }] },
  })
  const viaTelegram = await payload.create({
    collection: 'conversations',
    data: { source: 'telegram', type: 'private', title: 'telegram only', externalId: 100, participants: [{ relationTo: 'telegram-users', value: tgAlice.id }] },
  })
  Object.assign(ids, { asCustomer: asCustomer.id, asParticipant: asParticipant.id, bobs: bobs.id, viaTelegram: viaTelegram.id })
  for (const conversation of [asCustomer, asParticipant, bobs]) {
    await payload.create({ collection: 'messages', data: { conversation: conversation.id, text: `hello ${conversation.title}`, direction: 'in' } })
  }
  await payload.create({ collection: 'telegram-accounts', data: { name: 'Support', kind: 'user', session: 'encrypted-session-bytes' } })
  await payload.create({ collection: 'chat-tokens', data: { provider: staff.user.id } })
})
afterAll(() => app?.close())

const titles = (body: Json) => (body.docs as Array<{ title: string }>).map((d) => d.title).sort()

describe('roles on users', () => {
  it('makes the first registered user an admin', async () => {
    const first = await app.payload.findByID({ collection: 'users', id: ids.first! })
    expect(first.roles).toEqual(['admin'])
  })

  it('forces self-registered users to customer, whatever roles they send', async () => {
    const res = await restClient(app).post('/users', { email: 'mallory@example.com', password, roles: ['admin'] })
    expect(res.status).toBe(201)
    expect(res.body.doc.roles).toEqual(['customer'])
  })

  it('does not let a customer change their own roles', async () => {
    const res = await alice.rest.patch(`/users/${alice.user.id}`, { roles: ['admin'], displayName: 'Alice' })
    expect(res.status).toBe(200)
    const stored = await app.payload.findByID({ collection: 'users', id: alice.user.id })
    expect(stored.roles).toEqual(['customer'])
    expect(stored.displayName).toBe('Alice')
  })

  it('lets an admin grant roles', async () => {
    const res = await admin.rest.patch(`/users/${bob.user.id}`, { roles: ['customer', 'editor'] })
    expect(res.status).toBe(200)
    expect(res.body.doc.roles).toEqual(['customer', 'editor'])
    await app.payload.update({ collection: 'users', id: bob.user.id, data: { roles: ['customer'] } })
  })

  it('shows customers only themselves among users', async () => {
    const res = await alice.rest.get('/users')
    expect(res.body.docs.map((u: { email: string }) => u.email)).toEqual(['alice@example.com'])
    expect((await alice.rest.get(`/users/${bob.user.id}`)).status).toBe(404)
    expect((await staff.rest.get('/users')).body.totalDocs).toBeGreaterThan(5)
  })

  it('does not let a customer update or delete another user', async () => {
    expect((await alice.rest.patch(`/users/${bob.user.id}`, { displayName: 'x' })).status).toBe(403)
    expect((await app.payload.findByID({ collection: 'users', id: bob.user.id })).displayName).toBeFalsy()
    expect((await alice.rest.delete(`/users/${bob.user.id}`)).status).toBe(403)
    expect((await staff.rest.delete(`/users/${bob.user.id}`)).status).toBe(403)
  })
})

describe('admin panel access', () => {
  const canAccessAdmin = async (session?: Session) => Boolean((await (session?.rest ?? restClient(app)).get('/access')).body.canAccessAdmin)
  it('admits admin, staff and editor, not customers or anonymous visitors', async () => {
    expect(await canAccessAdmin(admin)).toBe(true)
    expect(await canAccessAdmin(staff)).toBe(true)
    expect(await canAccessAdmin(editor)).toBe(true)
    expect(await canAccessAdmin(alice)).toBe(false)
    expect(await canAccessAdmin()).toBe(false)
  })
})

describe('conversations and messages', () => {
  it('shows staff every conversation and message', async () => {
    expect((await staff.rest.get('/conversations')).body.totalDocs).toBe(4)
    expect((await staff.rest.get('/messages')).body.totalDocs).toBe(3)
  })

  it('shows a customer the conversations they are customer or participant of, or their Telegram account is in', async () => {
    const res = await alice.rest.get('/conversations')
    expect(res.status).toBe(200)
    expect(titles(res.body)).toEqual(['alice direct', 'alice token chat', 'telegram only'])
    expect(titles((await bob.rest.get('/conversations')).body)).toEqual(['bob direct'])
    expect((await alice.rest.get(`/conversations/${ids.bobs}`)).status).toBe(404)
  })

  it('shows a customer only the messages of their conversations', async () => {
    const res = await alice.rest.get('/messages')
    expect(res.body.docs.map((m: { text: string }) => m.text).sort()).toEqual(['hello alice direct', 'hello alice token chat'])
    expect((await bob.rest.get('/messages')).body.totalDocs).toBe(1)
  })

  it('does not let customers write conversations or messages', async () => {
    expect((await alice.rest.post('/conversations', { source: 'direct', type: 'direct' })).status).toBe(403)
    expect((await alice.rest.post('/messages', { conversation: ids.asCustomer, text: 'x' })).status).toBe(403)
    expect((await alice.rest.patch(`/conversations/${ids.asCustomer}`, { title: 'mine now' })).status).toBe(403)
  })

  it('hides everything from anonymous visitors', async () => {
    const anonymous = restClient(app)
    expect((await anonymous.get('/conversations')).status).toBe(403)
    expect((await anonymous.get('/messages')).status).toBe(403)
  })

  it('lets editors set labels on a conversation and nothing else', async () => {
    const res = await editor.rest.patch(`/conversations/${ids.bobs}`, { labels: [ids.label], title: 'renamed by editor', isArchived: true })
    expect(res.status).toBe(200)
    const stored = await app.payload.findByID({ collection: 'conversations', id: ids.bobs!, depth: 0 })
    expect(stored.labels).toEqual([ids.label])
    expect(stored.title).toBe('bob direct')
    expect(stored.isArchived).toBe(false)
  })

  it('does not let editors read messages or create conversations', async () => {
    expect((await editor.rest.get('/messages')).status).toBe(403)
    expect((await editor.rest.post('/conversations', { source: 'direct', type: 'direct' })).status).toBe(403)
  })

  it('lets staff answer in a conversation', async () => {
    const res = await staff.rest.post('/messages', { conversation: ids.asCustomer, text: 'How can I help?', direction: 'out' })
    expect(res.status).toBe(201)
  })
})

describe('labels', () => {
  it('lets editors and admins manage labels, and staff read them', async () => {
    expect((await editor.rest.post('/labels', { name: 'Refund', color: '#00ff00' })).status).toBe(201)
    expect((await admin.rest.post('/labels', { name: 'Legal', color: '#0000ff' })).status).toBe(201)
    expect((await staff.rest.get('/labels')).status).toBe(200)
    expect((await staff.rest.post('/labels', { name: 'Nope', color: '#000000' })).status).toBe(403)
  })

  it('keeps labels from customers', async () => {
    expect((await alice.rest.get('/labels')).status).toBe(403)
    expect((await alice.rest.post('/labels', { name: 'Mine', color: '#000000' })).status).toBe(403)
  })
})

describe('Telegram records, chat tokens and leases', () => {
  it('are staff-only', async () => {
    for (const path of ['/telegram-accounts', '/telegram-users', '/chat-tokens', '/sync-leases']) {
      expect((await staff.rest.get(path)).status, `staff ${path}`).toBe(200)
      expect((await alice.rest.get(path)).status, `customer ${path}`).toBe(403)
      expect((await editor.rest.get(path)).status, `editor ${path}`).toBe(403)
      expect((await restClient(app).get(path)).status, `anonymous ${path}`).toBe(403)
    }
  })

  it('never returns the Telegram session or the token hash', async () => {
    const account = (await staff.rest.get('/telegram-accounts')).body.docs[0]
    expect(account.name).toBe('Support')
    expect(account).not.toHaveProperty('session')
    const token = (await staff.rest.get('/chat-tokens')).body.docs[0]
    expect(token.tokenPrefix).toMatch(/^sbt_/)
    expect(token).not.toHaveProperty('tokenHash')
    expect(token).not.toHaveProperty('token')
  })

  it('returns the plaintext chat token once, on create, and stores only its hash', async () => {
    const res = await staff.rest.post('/chat-tokens', { kind: 'public', note: 'site embed' })
    expect(res.status).toBe(201)
    const token: string = res.body.doc.token
    expect(token).toMatch(/^sbt_[A-Za-z0-9_-]{43}$/)
    expect(res.body.doc.provider.id ?? res.body.doc.provider).toBe(staff.user.id)
    const again = await staff.rest.get(`/chat-tokens/${res.body.doc.id}`)
    expect(again.body).not.toHaveProperty('token')
    const { rows } = await app.payload.db.pool.query('select token_hash from chat_tokens where id = $1', [res.body.doc.id])
    const { createHash } = await import('node:crypto')
    expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'))
  })

  it('lets nobody write leases through the API', async () => {
    expect((await admin.rest.post('/sync-leases', { name: 'telegram:1', fencingToken: 1 })).status).toBe(403)
  })
})
