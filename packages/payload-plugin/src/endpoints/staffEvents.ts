import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { realtimeHub } from '../realtime/hub'
import { replayMessages, resumePoint } from '../realtime/replay'
import { sseResponse } from '../realtime/sseResponse'
import { handleEndpointErrors } from './errors'

/**
 * `GET /api/switchboard/events`, staff only (Payload login): the same message events as the
 * widget's stream, for every conversation, each with its `conversationId` — the inbox's live view.
 */
export const staffEventsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/events',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      return sseResponse({
        subscribe: (subscriber) => realtimeHub(req.payload, options).subscribeAll(subscriber),
        replay: replayMessages(req, options, {}),
        since: resumePoint(req),
        withConversation: true,
        hello: 'connected to all conversations',
      })
    }),
})
