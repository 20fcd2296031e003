import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { queueTelegramSend } from '../jobs/telegramJobs'
import { findDoc, relationId } from '../localApi'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'

/**
 * `POST /api/switchboard/messages/:id/retry`, staff only: sends a `failed` Telegram reply again
 * (with its original random id, so Telegram still delivers it at most once).
 */
export const telegramRetrySendEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/messages/:id/retry',
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const id = parseId(req.routeParams?.id, 'The message id in the URL')
      const message = await findDoc(req, options.slugs.messages, id)
      if (!message) throw new EndpointError(404, `There is no message with id ${id}.`)
      if (message.deliveryStatus !== 'failed') throw new EndpointError(409, `Only a failed Telegram reply can be sent again; this one is ${String(message.deliveryStatus ?? 'not a Telegram reply')}.`)
      const conversation = await findDoc(req, options.slugs.conversations, relationId(message.conversation)!)
      const accountId = relationId(conversation?.account)
      if (accountId === undefined) throw new EndpointError(409, 'The conversation has no Telegram account to send through.')
      await req.payload.update({ collection: options.slugs.messages, id: message.id, data: { deliveryStatus: 'pending', deliveryError: null }, depth: 0, overrideAccess: true, req })
      await queueTelegramSend(req, Number(message.id), Number(accountId))
      return Response.json({ queued: true }, { status: 202 })
    }),
})
