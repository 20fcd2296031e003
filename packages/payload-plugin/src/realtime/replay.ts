import type { PayloadRequest, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'
import type { RealtimeEvent } from './hub'

import { eventCursor, parseEventCursor, toChatMessage } from '../chat/chatMessage'
import { findOwnDocs } from '../localApi'

/** Commits land slightly out of `updatedAt` order; replay this far back and let clients dedupe. */
const overlapMs = 2_000
/** Messages read per query while replaying; a client away for longer gets every page, in order. */
export const replayPageSize = 500

/** Where a client resumes: its Last-Event-ID (header or `lastEventId=`), else now. */
export const resumePoint = (req: PayloadRequest): number =>
  parseEventCursor(req.headers.get('last-event-id') ?? req.searchParams.get('lastEventId')) ?? Date.now()

/**
 * The message changes after `from` matching `where`, as the events a live client would have seen:
 * oldest first by (`updatedAt`, `id`), one page per query, paging on that pair (keyset), so however
 * many changed, all are replayed and each page is sent before the next is read.
 */
export const replayMessages = (req: PayloadRequest, options: ResolvedSwitchboardOptions, where: Where) =>
  async function* replay(from: number): AsyncGenerator<RealtimeEvent[]> {
    let after: { updatedAt: string; id: number | string } | undefined
    for (;;) {
      const page: Where = after
        ? {
            or: [
              { updatedAt: { greater_than: after.updatedAt } },
              { and: [{ updatedAt: { equals: after.updatedAt } }, { id: { greater_than: after.id } }] },
            ],
          }
        : { updatedAt: { greater_than_equal: new Date(from - overlapMs).toISOString() } }
      const docs = await findOwnDocs(req.payload, options, 'messages', { and: [where, page] }, { limit: replayPageSize, req, sort: ['updatedAt', 'id'] })
      if (docs.length) {
        yield docs.map((doc) => {
          const message = toChatMessage(doc)
          return {
            event: message.deletedAt ? 'message-deleted' : Date.parse(doc.createdAt) > from ? 'message' : 'message-updated',
            conversationId: typeof doc.conversation === 'object' ? doc.conversation.id : doc.conversation,
            id: eventCursor(doc),
            message,
          }
        })
      }
      if (docs.length < replayPageSize) return
      const last = docs[docs.length - 1]!
      after = { updatedAt: last.updatedAt, id: last.id }
    }
  }
