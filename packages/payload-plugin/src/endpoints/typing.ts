import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { authorizeSession, bearerToken } from '../chat/sessionAuth'
import { findDoc } from '../localApi'
import { notifyTyping } from '../realtime/notify'
import { hitRateLimit } from '../security/rateLimit'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'

/** One typing signal per this many seconds per session (or staff member and conversation). */
export const typingIntervalSeconds = 2

const limited = (wait: number) => new EndpointError(429, 'Typing is announced at most once every 2 seconds.', { 'retry-after': String(wait) })

/**
 * Typing indicators, both ways. Nothing is stored: each call is one `pg_notify`, and the other
 * side's event streams emit `typing` (the customer's to staff streams, staff's to the
 * conversation's chat sessions). Rate limited to one per 2 s: clients throttle themselves.
 *
 * - `POST /api/chat/typing` (chat session, `Authorization: Bearer <sessionToken>`): the customer is typing.
 * - `POST /api/switchboard/conversations/:id/typing` (staff): a staff member is typing a reply.
 */
export const typingEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  {
    path: '/chat/typing',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        const { conversation, session } = await authorizeSession(req, options, bearerToken(req))
        const wait = await hitRateLimit(req.payload, { key: `typing:session:${session.id}`, limit: 1, windowSeconds: typingIntervalSeconds })
        if (wait) throw limited(wait)
        await notifyTyping(req.payload, conversation.id, 'customer')
        return new Response(null, { status: 204 })
      }),
  },
  {
    path: '/switchboard/conversations/:id/typing',
    method: 'post',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        requireStaff(req)
        const id = parseId(req.routeParams?.id, 'The conversation id in the URL')
        if (!(await findDoc(req, options.slugs.conversations, id, { id: true }))) throw new EndpointError(404, 'This conversation does not exist.')
        const wait = await hitRateLimit(req.payload, { key: `typing:user:${req.user!.id}:${id}`, limit: 1, windowSeconds: typingIntervalSeconds })
        if (wait) throw limited(wait)
        await notifyTyping(req.payload, id, 'staff')
        return new Response(null, { status: 204 })
      }),
  },
]
