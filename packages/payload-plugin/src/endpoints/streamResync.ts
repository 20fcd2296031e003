import type { Endpoint } from 'payload'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { isMirrored, queueConversationSync } from '../jobs/streamSyncConversation'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { findDoc } from '../localApi'

/** `POST /api/switchboard/stream/resync/:id`, staff only: queue the conversation's channel sync now. */
export const streamResyncEndpoint = (options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions): Endpoint => ({
  path: '/switchboard/stream/resync/:id',
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const id = parseId(req.routeParams?.id, 'The conversation id in the URL')
      const conversation = await findDoc(req, options.slugs.conversations, id)
      if (!conversation) throw new EndpointError(404, `There is no conversation with id ${id}.`)
      if (!isMirrored(stream, conversation.source)) {
        throw new EndpointError(409, `Conversations from "${conversation.source}" are not mirrored to Stream (option stream.mirroredSources).`)
      }
      const job = await queueConversationSync(req, conversation.id)
      return Response.json({ queued: true, jobId: job.id }, { status: 202 })
    }),
})
