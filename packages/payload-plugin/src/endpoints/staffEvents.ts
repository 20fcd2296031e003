import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { realtimeHub } from '../realtime/hub'
import { replayMessages, resumePoint } from '../realtime/replay'
import { sseResponse } from '../realtime/sseResponse'
import { streamSlots } from '../realtime/streamSlots'
import { EndpointError, handleEndpointErrors } from '../http/errors'

/**
 * `GET /api/switchboard/events`, staff only (Payload login): the same message events as the
 * widget's stream, for every conversation, each with its `conversationId` — the inbox's live view.
 * A user may hold only `realtime.maxStreamsPerUser` of them at once on an instance: one more is
 * a 429.
 */
export const staffEventsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/events',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const { maxStreamsPerUser } = options.realtime
      const slot = streamSlots(req.payload).take([
        {
          key: `staff-user:${req.user!.collection}:${req.user!.id}`,
          max: maxStreamsPerUser,
          refusal: `You already have ${maxStreamsPerUser} inbox tabs or windows receiving live updates. Close one and try again.`,
        },
      ])
      if (!slot.ok) throw new EndpointError(429, slot.cap.refusal, { 'retry-after': '10' })
      return sseResponse({
        subscribe: (subscriber) => realtimeHub(req.payload, options).subscribeAll(subscriber),
        replay: replayMessages(req, options, {}),
        since: resumePoint(req),
        withConversation: true,
        hello: 'connected to all conversations',
        onClose: slot.release,
      })
    }),
})
