import type { PayloadRequest, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'
import type { RealtimeEvent } from './hub'

import { eventCursor, parseEventCursor, toChatMessage } from '../chat/chatMessage'

/** Commits land slightly out of `updatedAt` order; replay this far back and let clients dedupe. */
const overlapMs = 2_000
const maxReplay = 1_000

/** Where a client resumes: its Last-Event-ID (header or `lastEventId=`), else now. */
export const resumePoint = (req: PayloadRequest): number =>
  parseEventCursor(req.headers.get('last-event-id') ?? req.searchParams.get('lastEventId')) ?? Date.now()

/** The message changes after `from` matching `where`, as the events a live client would have seen. */
export const replayMessages =
  (req: PayloadRequest, options: ResolvedSwitchboardOptions, where: Where) =>
  async (from: number): Promise<RealtimeEvent[]> => {
    const changed = await req.payload.find({
      collection: options.slugs.messages,
      depth: 0,
      limit: maxReplay,
      overrideAccess: true,
      sort: 'updatedAt',
      where: { and: [where, { updatedAt: { greater_than_equal: new Date(from - overlapMs).toISOString() } }] },
    })
    return changed.docs.map((doc) => {
      const message = toChatMessage(doc)
      const conversation = doc.conversation as number | { id: number }
      return {
        event: message.deletedAt ? 'message-deleted' : Date.parse(String(doc.createdAt)) > from ? 'message' : 'message-updated',
        conversationId: typeof conversation === 'object' ? conversation.id : conversation,
        id: eventCursor(doc),
        message,
      }
    })
  }
