import type { Payload } from 'payload'

import type { FixtureMessage } from './fixture'

/**
 * Payload's drizzle table object for messages. Payload types `db.tables` as `Record<string, any>`;
 * the row shape below is what keeps the bench's inserts checked.
 */
export const messagesTable = (payload: Payload) => payload.db.tables.messages

/** A messages row keyed by the drizzle table's property names (not the SQL column names). */
export type MessageInsert = FixtureMessage & { conversation: number }

export const toInsert = (conversationId: number, m: FixtureMessage): MessageInsert => ({ ...m, conversation: conversationId })
