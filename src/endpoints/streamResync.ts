import type { Endpoint } from 'payload'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { isMirrored, queueConversationSync } from '../jobs/streamSyncConversation'
import { EndpointError, handleEndpointErrors } from './errors'
import { findDoc } from '../localApi'

/** `POST /api/switchboard/stream/resync/:id`, staff only: queue the conversation's channel sync now. */
export const streamResyncEndpoint = (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): Endpoint => ({
  path: '/switchboard/stream/resync/:id',
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const id = req.routeParams?.id
      if (typeof id !== 'string' || !/^\d+$/.test(id)) throw new EndpointError(400, 'The conversation id in the URL must be a positive whole number.')
      const conversation = await findDoc(req, options.slugs.conversations, Number(id))
      if (!conversation) throw new EndpointError(404, `There is no conversation with id ${id}.`)
      if (!isMirrored(stream, conversation.source)) {
        throw new EndpointError(409, `Conversations from "${conversation.source}" are not mirrored to Stream (option stream.mirroredSources).`)
      }
      const job = await queueConversationSync(req, conversation.id)
      return Response.json({ queued: true, jobId: job.id }, { status: 202 })
    }),
})
