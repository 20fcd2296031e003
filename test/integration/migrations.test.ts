import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { migrations } from '../../dev/migrations'
import { createTestApp, type TestApp } from '../helpers/payload'

let app: TestApp
let db: pg.Client

beforeAll(async () => {
  app = await createTestApp()
  db = new pg.Client({ connectionString: app.databaseUrl })
  await db.connect()
})
afterAll(async () => {
  await db.end()
  await app.close()
})

const columnType = async (table: string, column: string) =>
  (
    await db.query<{ data_type: string }>(
      'select data_type from information_schema.columns where table_name = $1 and column_name = $2',
      [table, column],
    )
  ).rows[0]?.data_type

const indexDef = async (name: string) =>
  (await db.query<{ indexdef: string }>('select indexdef from pg_indexes where indexname = $1', [name])).rows[0]?.indexdef

describe('migrations on an empty database', () => {
  it('records the committed migrations as applied', async () => {
    const { rows } = await db.query<{ name: string }>('select name from payload_migrations order by id')
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name))
    expect(rows[0]?.name).toMatch(/_initial$/)
  })

  it('describes the whole schema: the config adds nothing the migrations lack', async () => {
    // What `payload migrate:create` would compare: the latest committed snapshot against the
    // schema built from the current config (plugin extensions included).
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dev/migrations')
    const latest = readdirSync(dir).filter((file) => file.endsWith('.json')).sort().at(-1)!
    const adapter = app.payload.db as unknown as {
      schema: unknown
      requireDrizzleKit: () => {
        generateDrizzleJson: (schema: unknown) => Promise<unknown>
        generateMigration: (before: unknown, after: unknown) => Promise<string[]>
      }
    }
    const kit = adapter.requireDrizzleKit()
    const pending = await kit.generateMigration(
      JSON.parse(readFileSync(path.join(dir, latest), 'utf8')),
      await kit.generateDrizzleJson(adapter.schema),
    )
    expect(pending, 'run `npm run payload -- migrate:create <name>` and commit it').toEqual([])
  })

  it('stores Telegram ids as bigint', async () => {
    expect(await columnType('messages', 'external_id')).toBe('bigint')
    expect(await columnType('conversations', 'external_id')).toBe('bigint')
    expect(await columnType('conversations', 'last_synced_message_id')).toBe('bigint')
    expect(await columnType('telegram_users', 'telegram_id')).toBe('bigint')
  })

  it('creates the unique and search indexes', async () => {
    expect(await indexDef('conversation_externalId_idx')).toMatch(/UNIQUE INDEX .* \(conversation_id, external_id\)/)
    expect(await indexDef('conversation_clientMessageId_idx')).toMatch(/UNIQUE INDEX .* \(conversation_id, client_message_id\)/)
    expect(await indexDef('account_externalId_idx')).toMatch(/UNIQUE INDEX .* \(account_id, external_id\)/)
    expect(await indexDef('telegram_users_telegram_id_idx')).toMatch(/UNIQUE INDEX/)
    expect(await indexDef('users_telegram_username_idx')).toMatch(/UNIQUE INDEX/)
    expect(await indexDef('labels_name_key_idx')).toMatch(/UNIQUE INDEX/)
    expect(await indexDef('messages_search_idx')).toMatch(/USING gin \(search_vector\)/)
    expect(await indexDef('isArchived_isPinned_lastMessageAt_idx')).toMatch(/\(is_archived, is_pinned, last_message_at\)/)
    expect(await indexDef('conversations_is_muted_idx')).toMatch(/\(is_muted\)/)
    expect(await indexDef('conversations_unread_count_idx')).toMatch(/\(unread_count\)/)
  })

  it('keeps a stored simple-config tsvector in step with the text', async () => {
    const conversation = await app.payload.create({ collection: 'conversations', data: { source: 'direct', type: 'direct' } })
    const message = await app.payload.create({
      collection: 'messages',
      data: { conversation: conversation.id, text: 'Привет, Delivery tomorrow', direction: 'in' },
    })
    const found = await db.query(
      `select id from messages where search_vector @@ plainto_tsquery('simple', $1)`,
      ['привет delivery'],
    )
    expect(found.rows.map((r) => r.id)).toEqual([message.id])
    await app.payload.update({ collection: 'messages', id: message.id, data: { text: 'changed' } })
    const after = await db.query(`select id from messages where search_vector @@ plainto_tsquery('simple', 'delivery')`)
    expect(after.rowCount).toBe(0)
  })
})
