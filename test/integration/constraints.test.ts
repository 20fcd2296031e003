import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createTestApp, type TestApp } from '../helpers/payload'
import { createUserAndLogin } from '../helpers/rest'

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

const conversation = (data: Record<string, unknown> = {}) =>
  app.payload.create({ collection: 'conversations', data: { source: 'telegram', type: 'group', ...data } })

/** Runs a Local API call that must be refused, and returns the error's field paths. */
const refusedPaths = async (write: () => Promise<unknown>): Promise<string[]> => {
  try {
    await write()
  } catch (error) {
    const data = (error as { data?: { errors?: Array<{ path: string }> } }).data
    return (data?.errors ?? []).map((e) => e.path)
  }
  throw new Error('the write was accepted')
}

const countRows = async (table: string) => Number((await db.query(`select count(*) from ${table}`)).rows[0].count)

describe('message identity is (conversation, externalId)', () => {
  it('allows the same Telegram message id in two conversations', async () => {
    const a = await conversation({ externalId: -1001 })
    const b = await conversation({ externalId: -1002 })
    await app.payload.create({ collection: 'messages', data: { conversation: a.id, externalId: 42, text: 'in a' } })
    await app.payload.create({ collection: 'messages', data: { conversation: b.id, externalId: 42, text: 'in b' } })
    const { totalDocs } = await app.payload.count({ collection: 'messages', where: { externalId: { equals: 42 } } })
    expect(totalDocs).toBe(2)
  })

  it('refuses the same id twice in one conversation, over REST with a 400, and stores nothing', async () => {
    const c = await conversation({ externalId: -1003 })
    await app.payload.create({ collection: 'messages', data: { conversation: c.id, externalId: 7, text: 'first' } })
    const before = await countRows('messages')
    const res = await staff.rest.post('/messages', { conversation: c.id, externalId: 7, text: 'again' })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].message).toBeTruthy()
    expect(await countRows('messages')).toBe(before)
  })

  it('upserts on the database key: a re-delivered message updates text and editedAt', async () => {
    const c = await conversation({ externalId: -1004 })
    const upsert = (text: string) =>
      db.query(
        `insert into messages (conversation_id, external_id, text, direction, kind, sent_at, updated_at, created_at)
         values ($1, 9001, $2, 'in', 'text', now(), now(), now())
         on conflict (conversation_id, external_id) do update set text = excluded.text, edited_at = now()`,
        [c.id, text],
      )
    await upsert('original')
    await upsert('edited')
    const { rows } = await db.query('select text, edited_at from messages where conversation_id = $1', [c.id])
    expect(rows).toHaveLength(1)
    expect(rows[0].text).toBe('edited')
    expect(rows[0].edited_at).toBeInstanceOf(Date)
  })

  it('keeps widget retries idempotent: one clientMessageId per conversation', async () => {
    const c = await conversation({ source: 'widget', type: 'widget' })
    const other = await conversation({ source: 'widget', type: 'widget' })
    await app.payload.create({ collection: 'messages', data: { conversation: c.id, clientMessageId: 'cm-1', text: 'hi' } })
    await app.payload.create({ collection: 'messages', data: { conversation: other.id, clientMessageId: 'cm-1', text: 'hi' } })
    expect(
      await refusedPaths(() =>
        app.payload.create({ collection: 'messages', data: { conversation: c.id, clientMessageId: 'cm-1', text: 'hi' } }),
      ),
    ).toHaveLength(1)
  })

  it('stores ids beyond 32 bits exactly', async () => {
    const c = await conversation({ externalId: -1_001_234_567_890 })
    const m = await app.payload.create({ collection: 'messages', data: { conversation: c.id, externalId: 4_294_967_297, text: 'x' } })
    const read = await app.payload.findByID({ collection: 'messages', id: m.id })
    expect(read.externalId).toBe(4_294_967_297)
    const readConversation = await app.payload.findByID({ collection: 'conversations', id: c.id })
    expect(readConversation.externalId).toBe(-1_001_234_567_890)
  })
})

describe('conversations are unique per (account, externalId)', () => {
  it('allows one peer id under two accounts, not twice under one', async () => {
    const one = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'one' } })
    const two = await app.payload.create({ collection: 'telegram-accounts', data: { name: 'two' } })
    await conversation({ account: one.id, externalId: 555 })
    await conversation({ account: two.id, externalId: 555 })
    expect(await refusedPaths(() => conversation({ account: one.id, externalId: 555 }))).toHaveLength(1)
  })
})

describe('telegram users', () => {
  it('are unique by telegramId', async () => {
    await app.payload.create({ collection: 'telegram-users', data: { telegramId: 123_456_789_012 } })
    expect(await refusedPaths(() => app.payload.create({ collection: 'telegram-users', data: { telegramId: 123_456_789_012 } }))).toEqual([
      'telegramId',
    ])
  })

  it('store usernames normalized', async () => {
    const tgUser = await app.payload.create({ collection: 'telegram-users', data: { telegramId: 1, username: '  @Some_User ' } })
    expect(tgUser.username).toBe('some_user')
    expect(tgUser.displayName).toBe('@some_user')
  })
})

describe('users.telegramUsername', () => {
  it('is stored normalized and unique across spellings', async () => {
    const user = await app.payload.create({
      collection: 'users',
      data: { email: 'u1@example.com', password: 'pw-123456', telegramUsername: 'https://t.me/Alice_TG' },
    })
    expect(user.telegramUsername).toBe('alice_tg')
    expect(
      await refusedPaths(() =>
        app.payload.create({ collection: 'users', data: { email: 'u2@example.com', password: 'pw-123456', telegramUsername: '@ALICE_tg' } }),
      ),
    ).toEqual(['telegramUsername'])
  })

  it('lets any number of users have no username', async () => {
    for (const email of ['n1@example.com', 'n2@example.com']) {
      const user = await app.payload.create({ collection: 'users', data: { email, password: 'pw-123456', telegramUsername: '  ' } })
      expect(user.telegramUsername).toBeNull()
    }
  })
})

describe('labels', () => {
  it('refuses a name that differs only in case, with a message that says so', async () => {
    await app.payload.create({ collection: 'labels', data: { name: 'Billing', color: '#112233' } })
    const editor = await createUserAndLogin(app, 'editor@example.com', ['editor'])
    const duplicate = await editor.rest.post('/labels', { name: '  BILLING ', color: '#112233' })
    expect(duplicate.status).toBe(400)
    expect(JSON.stringify(duplicate.body)).toContain('already exists')
  })

  it('enforces case-insensitive uniqueness in the database itself', async () => {
    await expect(
      db.query(`insert into labels (name, name_key, color, updated_at, created_at) values ('billing', 'billing', '#000000', now(), now())`),
    ).rejects.toThrow(/duplicate key/)
  })

  it('accepts #rrggbb colours only, stored lower-case', async () => {
    const label = await app.payload.create({ collection: 'labels', data: { name: 'Ok', color: ' #ABCDEF ' } })
    expect(label.color).toBe('#abcdef')
    for (const color of ['red', '#abc', '#abcdeg', '#abcdef00']) {
      expect(await refusedPaths(() => app.payload.create({ collection: 'labels', data: { name: `c ${color}`, color } }))).toEqual(['color'])
    }
  })
})
