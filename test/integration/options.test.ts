import type { CollectionAfterChangeHook, CollectionConfig, Field } from 'payload'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { buildConfig } from 'payload'
import { afterAll, describe, expect, it } from 'vitest'

import { switchboardPlugin } from '@switchboard/payload-plugin'
import { createTestApp, type TestApp } from '../helpers/payload'
import { restClient } from '../helpers/rest'

const apps: TestApp[] = []
afterAll(() => Promise.all(apps.map((app) => app.close())))
const track = async (app: Promise<TestApp>) => {
  const ready = await app
  apps.push(ready)
  return ready
}

const fieldNames = (fields: Field[], { dataOnly = false } = {}): string[] =>
  fields.flatMap((f) =>
    'name' in f
      ? dataOnly && f.type === 'ui'
        ? []
        : [f.name]
      : 'fields' in f
        ? fieldNames(f.fields, { dataOnly })
        : 'tabs' in f
          ? f.tabs.flatMap((t) => fieldNames(t.fields, { dataOnly }))
          : [],
  )

describe('custom slugs and a custom auth collection', () => {
  const hostHookCalls: string[] = []
  const members: CollectionConfig = {
    slug: 'members',
    auth: true,
    fields: [{ name: 'nickname', type: 'text' }],
    hooks: { afterChange: [({ doc }) => void hostHookCalls.push(doc.email)] },
  }

  it('puts the data model under the given slugs and works end to end', async () => {
    const app = await track(
      createTestApp({
        schema: 'push',
        collections: [members],
        switchboard: {
          usersCollection: 'members',
          slugs: { conversations: 'threads', messages: 'thread-messages', labels: 'tags' },
        },
      }),
    )
    const slugs = app.config.collections.map((c) => c.slug)
    expect(slugs).toEqual(expect.arrayContaining(['threads', 'thread-messages', 'tags', 'telegram-users', 'chat-tokens']))
    expect(slugs).not.toContain('conversations')

    // The plugin's first-user rule runs on the custom auth collection...
    const member = await app.payload.create({ collection: 'members', data: { email: 'm@example.com', password: 'pw-123456' } })
    expect(member.roles).toEqual(['admin'])
    // ...and the host's own hook on it still runs next to the plugin's.
    expect(hostHookCalls).toEqual(['m@example.com'])

    const thread = await app.payload.create({
      collection: 'threads',
      data: { source: 'direct', type: 'direct', participants: [{ relationTo: 'members', value: member.id }] },
    })
    const hello = await app.payload.create({ collection: 'thread-messages', data: { conversation: thread.id, text: 'hello' } })
    const { rows } = await app.payload.db.pool.query(
      `select id from thread_messages where search_vector @@ plainto_tsquery('simple', 'hello')`,
    )
    expect(rows).toHaveLength(1)
    // The search filters by label through the relationship's column, named after the labels slug.
    const tag = await app.payload.create({ collection: 'tags', data: { name: 'VIP' } })
    await app.payload.update({ collection: 'threads', id: thread.id, data: { labels: [tag.id] } })
    const staffLogin = await restClient(app).post('/members/login', { email: 'm@example.com', password: 'pw-123456' })
    const found = await restClient(app, staffLogin.body.token).get(`/switchboard/search?q=hello&label=${tag.id}`)
    expect(found.status).toBe(200)
    expect(found.body.results.map((r: { messageId: number }) => r.messageId)).toEqual([hello.id])

    // Customers of the custom auth collection see their own threads only.
    const customer = await app.payload.create({
      collection: 'members',
      data: { email: 'c@example.com', password: 'pw-123456', roles: ['customer'] },
    })
    await app.payload.create({ collection: 'threads', data: { source: 'widget', type: 'widget', customer: customer.id } })
    const login = await restClient(app).post('/members/login', { email: 'c@example.com', password: 'pw-123456' })
    const visible = await restClient(app, login.body.token).get('/threads')
    expect(visible.body.totalDocs).toBe(1)
  })
})

describe('overrides', () => {
  it('adds fields through the callback and appends hooks without replacing the plugin’s', async () => {
    const seen: string[] = []
    const recordToken: CollectionAfterChangeHook = ({ doc }) => {
      seen.push(doc.tokenPrefix)
      return doc
    }
    const app = await track(
      createTestApp({
        schema: 'push',
        switchboard: {
          overrides: {
            conversations: {
              fields: ({ defaultFields }) => [...defaultFields, { name: 'priority', type: 'number' }],
              admin: { description: 'Every customer conversation.' },
            },
            chatTokens: { hooks: { afterChange: [recordToken] } },
          },
        },
      }),
    )
    const conversations = app.config.collections.find((c) => c.slug === 'conversations')!
    expect(fieldNames(conversations.fields)).toEqual(expect.arrayContaining(['title', 'labels', 'priority']))
    expect(conversations.admin.description).toBe('Every customer conversation.')
    expect(conversations.admin.useAsTitle).toBe('title')

    const conversation = await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct', priority: 2 } })
    expect(conversation.priority).toBe(2)

    const user = await app.payload.create({ collection: 'users', data: { email: 's@example.com', password: 'pw-123456', roles: ['staff'] } })
    const token = await app.payload.create({ collection: 'chat-tokens', data: { provider: user.id } })
    // The plugin's hooks ran (token issued, plaintext returned) and so did the override's.
    expect((token as { token?: string }).token).toMatch(/^sbt_/)
    expect(seen).toEqual([token.tokenPrefix])
  })
})

describe('disabled', () => {
  it('keeps every collection and field, so the committed migrations still describe the schema', async () => {
    const enabled = await buildConfig({
      collections: [{ slug: 'users', auth: true, fields: [] }],
      db: postgresAdapter({ pool: { connectionString: 'postgres://unused' } }),
      plugins: [switchboardPlugin()],
      secret: 'x',
    })
    const disabled = await buildConfig({
      collections: [{ slug: 'users', auth: true, fields: [] }],
      db: postgresAdapter({ pool: { connectionString: 'postgres://unused' } }),
      plugins: [switchboardPlugin({ disabled: true })],
      secret: 'x',
    })
    // Data fields only: `ui` fields (admin components) have no column.
    const shape = (config: typeof enabled) => config.collections.map((c) => [c.slug, fieldNames(c.fields, { dataOnly: true })])
    expect(shape(disabled)).toEqual(shape(enabled))
  })

  it('turns behaviour off but keeps access control', async () => {
    const app = await track(createTestApp({ switchboard: { disabled: true } }))
    const user = await app.payload.create({ collection: 'users', data: { email: 's@example.com', password: 'pw-123456', roles: ['staff'] } })
    const token = await app.payload.create({ collection: 'chat-tokens', data: { provider: user.id } })
    expect(token).not.toHaveProperty('token')
    expect(token.tokenPrefix).toBeFalsy()
    expect((await restClient(app).get('/switchboard/health')).status).toBe(404)
    expect((await restClient(app).get('/conversations')).status).toBe(403)
  })
})

describe('enabled endpoints', () => {
  it('reports health', async () => {
    const app = await track(createTestApp())
    const res = await restClient(app).get('/switchboard/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'ok', database: { ok: true } })
  })
})

describe('configuration errors', () => {
  const db = postgresAdapter({ pool: { connectionString: 'postgres://unused' } })
  it('names a missing auth collection', async () => {
    await expect(
      buildConfig({ collections: [], db, plugins: [switchboardPlugin({ usersCollection: 'accounts' })], secret: 'x' }),
    ).rejects.toThrow(/no collection with slug "accounts"/)
  })

  it('refuses a collection that is not an auth collection', async () => {
    await expect(
      buildConfig({ collections: [{ slug: 'users', fields: [] }], db, plugins: [switchboardPlugin()], secret: 'x' }),
    ).rejects.toThrow(/not an auth collection/)
  })
})
