import type { Payload } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { FixtureMessage } from './fixture'

import { messagesTable, toInsert } from './messagesTable'

/**
 * What the history sync does (DESIGN, "Bulk paths"): per page, one multi-row
 * `INSERT … ON CONFLICT (conversation_id, external_id) DO UPDATE` through Payload's drizzle
 * instance and table object, in a transaction of its own. A re-synced message takes the new
 * text and edit date; `updated_at` records the write.
 */
export const engineUpsert = async (payload: Payload, conversationId: number, page: FixtureMessage[]): Promise<void> => {
  const messages = messagesTable(payload)
  await payload.db.drizzle.transaction(async (tx) => {
    await tx
      .insert(messages)
      .values(page.map((m) => toInsert(conversationId, m)))
      .onConflictDoUpdate({
        target: [messages.conversation, messages.externalId],
        set: { text: sql`excluded.text`, editedAt: sql`excluded.edited_at`, updatedAt: sql`now()` },
      })
  })
}
