import type { Payload } from 'payload'

import type { FixtureMessage } from './fixture'

import { toInsert } from './messagesTable'

/**
 * The per-document path: `payload.create` for each message, with its validation, hooks and
 * one transaction per document. `depth: 0` keeps relationship population out of the figure.
 */
export const createEach = async (payload: Payload, conversationId: number, messages: FixtureMessage[]): Promise<void> => {
  for (const m of messages) {
    await payload.create({ collection: 'messages', depth: 0, data: toInsert(conversationId, m) })
  }
}
