import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { getPayload } from 'payload'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { closePayload } from '../../dev/host/closePayload'
import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin, type Json } from '../helpers/rest'

let app: TestApp
let db: pg.Client
let staff: Awaited<ReturnType<typeof createUserAndLogin>>
let conversationId: number
let session: { sessionToken: string; conversationId: number }

const tooBig = 'x'.repeat(70 * 1024)

beforeAll(async () => {
  app = await createTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
  staff = await createUserAndLogin(app, 'staff@example.com', ['staff'])
  conversationId = (await staff.rest.post('/conversations', { source: 'direct', type: 'direct', title: 'Direct' })).body.doc.id
  const token = (await staff.rest.post('/chat-tokens', { kind: 'personal' })).body.doc.token as string
  session = (await staff.rest.post('/chat/sessions', { token })).body as typeof session
})
afterAll(async () => {
  await db?.end()
  await app?.close()
})

/** Row counts of the tables a refused request could have written to. */
const counts = async () =>
  (
    await db.query(`select (select count(*) from messages)::int as messages, (select count(*) from conversations)::int as conversations,
      (select count(*) from chat_sessions)::int as sessions, (select count(*) from users)::int as users`)
  ).rows[0] as Json

const send = async (path: string, init: RequestInit & { headers?: Record<string, string>; token?: string } = {}) => {
  const response = await app.rest(path, { method: 'POST', token: staff.token, ...init })
  const text = await response.text()
  let body: Json = {}
  try {
    body = text ? (JSON.parse(text) as Json) : {}
  } catch {
    body = { text }
  }
  return { status: response.status, body, message: String(body.errors?.[0]?.message ?? '') }
}
const chatHeaders = () => ({ authorization: `Bearer ${session.sessionToken}` })

describe('NUL characters', () => {
  it('are refused with a 400 by the chat endpoints, storing nothing', async () => {
    const before = await counts()
    const message = await send('/chat/messages', { token: undefined, headers: chatHeaders(), body: JSON.stringify({ text: 'a\u0000b', clientMessageId: 'nul-message-1' }) })
    expect(message.status).toBe(400)
    expect(message.message).toMatch(/"text" contains a NUL character/)
    const open = await send('/chat/sessions', { token: undefined, body: JSON.stringify({ token: 'sbt_\u0000' }) })
    expect(open.status).toBe(400)
    expect(await counts()).toEqual(before)
  })

  it('are refused with a 400 in search and in any custom endpoint’s address', async () => {
    const search = await send('/switchboard/search?q=a%00b', { method: 'GET' })
    expect(search.status).toBe(400)
    expect(search.message).toMatch(/NUL character/)
    expect((await send(`/switchboard/users/${staff.user.id}%00/links`, { method: 'GET' })).status).toBe(400)
    expect((await send(`/chat/events?session=sbs_%00`, { method: 'GET', token: undefined })).status).toBe(400)
  })

  it('are refused with a 400 naming the field by Payload’s REST API for Switchboard’s collections, storing nothing', async () => {
    const before = await counts()
    const created = await send('/messages', { body: JSON.stringify({ conversation: conversationId, text: 'hello\u0000world' }) })
    expect(created.status).toBe(400)
    expect(created.body.errors[0].data.errors).toEqual([expect.objectContaining({ path: 'text', message: expect.stringMatching(/NUL character/) })])
    const renamed = await send(`/conversations/${conversationId}`, { method: 'PATCH', body: JSON.stringify({ title: 'A\u0000' }) })
    expect(renamed.status).toBe(400)
    const registered = await send('/users', { token: undefined, body: JSON.stringify({ email: 'nul@example.com', password: 'pass\u0000word' }) })
    expect(registered.status).toBe(400)
    expect(await counts()).toEqual(before)
    expect((await app.payload.findByID({ collection: 'conversations', id: conversationId })).title).toBe('Direct')
  })

  it('are refused with a 400 in a REST query instead of failing in the database', async () => {
    const like = await send('/messages?where[text][like]=a%00b', { method: 'GET' })
    expect(like.status).toBe(400)
    expect(like.message).toMatch(/NUL character/)
    expect((await send('/conversations?where[title][equals]=x%00', { method: 'GET' })).status).toBe(400)
    expect((await send('/messages?where[text][like]=hello', { method: 'GET' })).status).toBe(200)
  })

  it('are refused over GraphQL', async () => {
    // The Next.js GraphQL route as the host app mounts it; it boots its own Payload instance on the same database.
    const graphql = GRAPHQL_POST(app.config)
    const before = await counts()
    try {
      const response = await graphql(
        new Request('http://localhost:3000/api/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `JWT ${staff.token}` },
          body: JSON.stringify({
            query: 'mutation ($title: String) { createConversation(data: { source: direct, type: direct, title: $title }) { id } }',
            variables: { title: 'a\u0000b' },
          }),
        }),
      )
      const body = (await response.json()) as Json
      expect(JSON.stringify(body.errors)).toMatch(/NUL character/)
      expect(await counts()).toEqual(before)
    } finally {
      await closePayload(await getPayload({ config: app.config }))
    }
  })
})

describe('ids out of range', () => {
  const huge = '99999999999'

  it('are a 404 for a document address, not a 500', async () => {
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const res = await send(`/messages/${huge}`, { method, body: method === 'PATCH' ? JSON.stringify({ text: 'x' }) : undefined })
      expect(res.status, method).toBe(404)
    }
    expect((await send('/conversations/abc', { method: 'GET' })).status).toBe(404)
    expect((await send(`/conversations/${conversationId}`, { method: 'GET' })).status).toBe(200)
  })

  it('are a 400 in a REST query on an id or a relationship', async () => {
    for (const query of [
      `where[conversation][equals]=${huge}`,
      `where[id][in]=1,${huge}`,
      'where[id][in]=',
      `where[conversation.customer][equals]=${huge}`,
      `where[sender][equals][relationTo]=users&where[sender][equals][value]=${huge}`,
      'where[conversation][equals]=1x',
    ]) {
      const res = await send(`/messages?${query}`, { method: 'GET' })
      expect(res.status, query).toBe(400)
      expect(res.message).toMatch(/must compare with ids/)
    }
    expect((await send(`/messages?where[conversation][equals]=${conversationId}`, { method: 'GET' })).status).toBe(200)
    expect((await send(`/messages?where[conversation][exists]=true`, { method: 'GET' })).status).toBe(200)
  })

  it('are a 400 naming the field in a relationship value, storing nothing', async () => {
    const before = await counts()
    const res = await send('/messages', { body: JSON.stringify({ conversation: Number(huge), text: 'x' }) })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors).toEqual([expect.objectContaining({ path: 'conversation' })])
    expect(await counts()).toEqual(before)
  })

  it('are a 400 in custom endpoints', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['GET', `/switchboard/search?q=hello&conversation=${huge}`, /from 1 to 2147483647/],
      ['GET', `/switchboard/search?q=hello&label=abc`, /from 1 to 2147483647/],
      ['GET', `/switchboard/users/${huge}/links`, /from 1 to 2147483647/],
      ['POST', `/telegram-users/${huge}/unlink`, /from 1 to 2147483647/],
      ['POST', `/switchboard/sync/conversations/${huge}`, /from 1 to 2147483647/],
      ['GET', `/switchboard/sync/status?account=${huge}`, /from 1 to 2147483647/],
    ]
    for (const [method, path, message] of cases) {
      const res = await send(path, { method, body: method === 'POST' ? '{}' : undefined })
      expect(res.status, path).toBe(400)
      expect(res.message, path).toMatch(message)
    }
    const after = await send(`/chat/messages?after=${huge}`, { method: 'GET', token: undefined, headers: chatHeaders() })
    expect(after.status).toBe(400)
    expect(after.message).toMatch(/"after" must be the cursor of an earlier page/)
  })
})

describe('oversize bodies', () => {
  it('are a 413 from the chat endpoints, storing nothing', async () => {
    const before = await counts()
    const big = await send('/chat/messages', { token: undefined, headers: chatHeaders(), body: JSON.stringify({ text: tooBig, clientMessageId: 'big-message-1' }) })
    expect(big.status).toBe(413)
    expect(big.message).toMatch(/larger than 65536 bytes/)
    const open = await send('/chat/sessions', { token: undefined, body: JSON.stringify({ token: 'sbt_x', padding: tooBig }) })
    expect(open.status).toBe(413)
    expect(await counts()).toEqual(before)
  })

  it('are refused on Content-Length alone, and a body streamed without one is not read past the limit', async () => {
    const declared = await send('/chat/messages', {
      token: undefined,
      headers: { ...chatHeaders(), 'content-length': String(10 * 1024 * 1024) },
      body: '{}',
    })
    expect(declared.status).toBe(413)

    let pulled = 0
    const endless = new ReadableStream<Uint8Array>({
      pull: (controller) => {
        pulled++
        controller.enqueue(new TextEncoder().encode(' '.repeat(16 * 1024)))
      },
    })
    const streamed = await send('/chat/messages', { token: undefined, headers: chatHeaders(), body: endless, duplex: 'half' } as RequestInit & { headers: Record<string, string> })
    expect(streamed.status).toBe(413)
    // 64 KB in 16 KB chunks: five reads, give or take the stream's own read-ahead.
    expect(pulled).toBeLessThan(10)
  })

  it('are a 413 from Payload’s REST API for Switchboard’s collections, storing nothing', async () => {
    const before = await counts()
    const res = await send('/messages', { body: JSON.stringify({ conversation: conversationId, text: tooBig }) })
    expect(res.status).toBe(413)
    expect(res.message).toMatch(/larger than 65536 bytes/)
    expect(await counts()).toEqual(before)
  })
})
