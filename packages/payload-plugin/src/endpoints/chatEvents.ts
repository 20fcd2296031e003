import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { authorizeSession } from '../chat/sessionAuth'
import { realtimeHub } from '../realtime/hub'
import { replayMessages, resumePoint } from '../realtime/replay'
import { sseResponse } from '../realtime/sseResponse'
import { handleEndpointErrors } from './errors'

/**
 * `GET /api/chat/events?session=<sessionToken>`: Server-Sent Events for the session's
 * conversation (`message`, `message-updated`, `message-deleted`). Resumes after `Last-Event-ID`
 * (or `lastEventId=`) by replaying what changed since, so a reconnecting widget misses nothing.
 */
export const chatEventsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/chat/events',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      const { conversation } = await authorizeSession(req, options, req.searchParams.get('session'))
      return sseResponse({
        subscribe: (subscriber) => realtimeHub(req.payload, options).subscribe(conversation.id, subscriber),
        replay: replayMessages(req, options, { conversation: { equals: conversation.id } }),
        since: resumePoint(req),
        hello: `connected to conversation ${conversation.id}`,
      })
    }),
})
