import type { Payload } from 'payload'

import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { from as copyFrom } from 'pg-copy-streams'

import type { FixtureMessage } from './fixture'

import { copyChunks, copyColumns } from './copyText'

/**
 * COPY into a temporary staging table, then one `INSERT … SELECT … ON CONFLICT DO UPDATE` into
 * messages, per page and in one transaction: COPY's cheap row transfer with the engine's upsert
 * semantics. `on commit delete rows` empties the staging table after every page.
 */
export const openStaging = async (payload: Payload) => {
  const client = await payload.db.pool.connect()
  await client.query(`
    create temp table messages_staging (
      conversation_id integer, external_id bigint, sender_name varchar, text varchar,
      direction enum_messages_direction, kind enum_messages_kind, sent_at timestamptz, edited_at timestamptz
    ) on commit delete rows`)

  const upsertPage = async (conversationId: number, page: FixtureMessage[]): Promise<void> => {
    await client.query('begin')
    try {
      await pipeline(
        Readable.from(copyChunks(conversationId, page, page.length)),
        client.query(copyFrom(`copy messages_staging (${copyColumns}) from stdin`)),
      )
      await client.query(`
        insert into messages (${copyColumns})
        select ${copyColumns} from messages_staging
        on conflict (conversation_id, external_id)
        do update set text = excluded.text, edited_at = excluded.edited_at, updated_at = now()`)
      await client.query('commit')
    } catch (error) {
      await client.query('rollback')
      throw error
    }
  }

  const close = async (): Promise<void> => {
    await client.query('drop table messages_staging')
    client.release()
  }
  return { upsertPage, close }
}
