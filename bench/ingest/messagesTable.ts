import type { Payload } from 'payload'

import type { FixtureMessage } from './fixture'

/**
 * Payload's drizzle table object for messages. Payload types `db.tables` as `Record<string, any>`;
 * the row shape below is what keeps the bench's inserts checked.
 */
export const messagesTable = (payload: Payload) => payload.db.tables.messages

/** A messages row keyed by the drizzle table's property names (not the SQL column names). */
export interface MessageInsert {
  conversation: number
  externalId: number
  senderName: string
  text: string
  direction: 'in' | 'out'
  kind: 'text'
  sentAt: string
  editedAt: string | null
}

export const toInsert = (conversationId: number, m: FixtureMessage): MessageInsert => ({
  conversation: conversationId,
  externalId: m.externalId,
  senderName: m.senderName,
  text: m.text,
  direction: m.direction,
  kind: m.kind,
  sentAt: m.sentAt,
  editedAt: m.editedAt,
})
