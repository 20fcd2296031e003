import { describe, expect, it } from 'vitest'

import { demoCredentials } from '../../dev/host/seed'
import { useAdminHarness } from './harness'

/**
 * The attacks of the security review, tried as anyone on the internet would: plain HTTP against
 * the production build (`next start`) on the seeded demo database.
 */
const harness = useAdminHarness()

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const call = async (method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) => {
  const response = await fetch(`${harness.baseUrl}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `JWT ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json }
}

const logIn = async (email: string, password: string) => {
  const login = await call('POST', '/users/login', { body: { email, password } })
  expect(login.status).toBe(200)
  return login.body.token as string
}

describe('over plain HTTP against the built app', () => {
  it('registering with someone’s Telegram username opens none of their conversations or messages', async () => {
    // carol_k is a Telegram contact of the business in the demo data, with a private chat.
    const registered = await call('POST', '/users', { body: { email: 'mallory@example.com', password: 'mallory-pass-1', telegramUsername: '@carol_k' } })
    expect(registered.status).toBe(201)
    expect(registered.body.doc.telegramUsernameClaim).toBe('carol_k')
    const token = await logIn('mallory@example.com', 'mallory-pass-1')
    const conversations = await call('GET', '/conversations?limit=100', { token })
    expect(conversations.status).toBe(200)
    expect(conversations.body.docs).toEqual([])
    expect((await call('GET', '/messages?limit=100', { token })).body.docs).toEqual([])

    // Staff still see who claimed what.
    const staff = await logIn(demoCredentials.staff.email, demoCredentials.staff.password)
    const carol = (await call('GET', '/telegram-users?where[username][equals]=carol_k&depth=0', { token: staff })).body.docs[0]
    expect(carol.user ?? null).toBeNull()
  })

  it('a customer cannot run the jobs queues', async () => {
    const token = await logIn(demoCredentials.customer.email, demoCredentials.customer.password)
    expect((await call('GET', '/payload-jobs/run?queue=switchboard', { token })).status).toBe(401)
    expect((await call('GET', '/payload-jobs/run?allQueues=true', { token })).status).toBe(401)
  })

  it('a customer cannot lock a conversation, so staff are never held off it', async () => {
    const customer = await logIn(demoCredentials.customer.email, demoCredentials.customer.password)
    const staff = await logIn(demoCredentials.staff.email, demoCredentials.staff.password)
    const conversation = (await call('GET', '/conversations?limit=1&depth=0', { token: staff })).body.docs[0]
    const me = (await call('GET', '/users/me', { token: customer })).body.user
    const lock = await call('POST', '/payload-locked-documents', {
      token: customer,
      body: { document: { relationTo: 'conversations', value: conversation.id }, user: { relationTo: 'users', value: me.id } },
    })
    expect(lock.status).toBe(403)
    expect((await call('PATCH', `/conversations/${conversation.id}`, { token: staff, body: { isPinned: !conversation.isPinned } })).status).toBe(200)
  })

  it('GraphQL is no other door: createUser makes a customer whose username is a claim; they cannot lock and see nothing of others', async () => {
    const graphql = async (query: string, token?: string) =>
      (await call('POST', '/graphql', { token, body: { query } })).body
    const created = await graphql(
      'mutation { createUser(data: { email: "gql@example.com", password: "gql-pass-123", roles: [admin], telegramUsername: "carol_k" }) { id roles telegramUsername telegramUsernameClaim } }',
    )
    expect(created.data?.createUser, JSON.stringify(created)).toMatchObject({ roles: ['customer'], telegramUsername: null, telegramUsernameClaim: 'carol_k' })
    const token = await logIn('gql@example.com', 'gql-pass-123')
    expect((await graphql('{ Conversations { docs { title } } }', token)).data.Conversations.docs).toEqual([])
    const staff = await logIn(demoCredentials.staff.email, demoCredentials.staff.password)
    const conversation = (await call('GET', '/conversations?limit=1&depth=0', { token: staff })).body.docs[0]
    const lock = await graphql(
      `mutation { createPayloadLockedDocument(data: { document: { relationTo: conversations, value: ${conversation.id} }, user: { relationTo: users, value: ${created.data.createUser.id} } }) { id } }`,
      token,
    )
    expect(lock.errors?.[0]?.message).toMatch(/not allowed/i)
  })

  it('staff cannot move a sync cursor or forge sync state over REST', async () => {
    const staff = await logIn(demoCredentials.staff.email, demoCredentials.staff.password)
    const telegram = (await call('GET', '/conversations?where[source][equals]=telegram&limit=1&depth=0', { token: staff })).body.docs[0]
    const patched = await call('PATCH', `/conversations/${telegram.id}`, { token: staff, body: { lastSyncedMessageId: 1, syncStatus: 'running', fullSyncCompleted: true } })
    expect(patched.status).toBe(200)
    expect(patched.body.doc).toMatchObject({ syncStatus: telegram.syncStatus, fullSyncCompleted: telegram.fullSyncCompleted })
    expect(patched.body.doc.lastSyncedMessageId ?? null).toBe(telegram.lastSyncedMessageId ?? null)
  })
})
