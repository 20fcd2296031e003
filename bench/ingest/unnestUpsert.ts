import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { FixtureMessage } from './fixture'

/**
 * The same page upsert as `engineUpsert`, but with one array parameter per column expanded by
 * `unnest()`: 8 parameters instead of 8 × rows, so Postgres parses and plans a small statement
 * and the driver sends compact array literals. Still Payload's drizzle instance and transaction.
 */
export const unnestUpsert = async (payload: Payload, conversationId: number, page: FixtureMessage[]): Promise<void> => {
  const column = <T>(pick: (m: FixtureMessage) => T) => sql.param(page.map(pick))
  await payload.db.drizzle.transaction(async (tx) => {
    await tx.execute(sql`
      insert into messages (conversation_id, external_id, sender_name, text, direction, kind, sent_at, edited_at)
      select * from unnest(
        ${column(() => conversationId)}::integer[],
        ${column((m) => m.externalId)}::bigint[],
        ${column((m) => m.senderName)}::varchar[],
        ${column((m) => m.text)}::varchar[],
        ${column((m) => m.direction)}::enum_messages_direction[],
        ${column((m) => m.kind)}::enum_messages_kind[],
        ${column((m) => m.sentAt)}::timestamptz[],
        ${column((m) => m.editedAt)}::timestamptz[]
      )
      on conflict (conversation_id, external_id)
      do update set text = excluded.text, edited_at = excluded.edited_at, updated_at = now()`)
  })
}
