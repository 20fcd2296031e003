import { commitTransaction, type Endpoint, initTransaction, killTransaction } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { authorizeSession } from '../chat/sessionAuth'
import { relationId } from '../localApi'
import { EndpointError, handleEndpointErrors } from '../http/errors'
import { readJsonBody } from '../http/readBody'

type Relation = { relationTo: string; value: unknown }

/**
 * `POST /api/chat/identify` `{ sessionToken }` by a logged-in customer (Payload auth): the
 * session's conversation becomes theirs — customer, participant, contact name, email and phone —
 * and the session too, in one transaction. A conversation that already belongs to someone else is
 * a 409: the conversation's row is locked while this is decided, so of two identifies at once by
 * different customers one succeeds and the other gets the 409. Other sessions on the
 * conversation end (their streams close): from now on it takes this customer's login.
 */
export const chatIdentifyEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/chat/identify',
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      const user = req.user
      if (!user || user.collection !== options.usersCollection) {
        throw new EndpointError(401, 'Log in or create an account first, then try again.')
      }
      const body = await readJsonBody(req, options.maxBodyBytes)
      await initTransaction(req)
      try {
        const { conversation, session } = await authorizeSession(req, options, body.sessionToken, { identifying: true })
        const owner = relationId(conversation.customer)
        if (owner !== null && owner !== undefined && owner !== user.id) {
          throw new EndpointError(409, 'This conversation belongs to another customer account. Log out and start a new chat.')
        }
        const participants = ((conversation.participants as Relation[] | null) ?? []).map((p) => ({ relationTo: p.relationTo, value: relationId(p.value) }))
        const isParticipant = participants.some((p) => p.relationTo === options.usersCollection && p.value === user.id)
        const name = (user.displayName as string | undefined) || user.email
        await req.payload.update({
          collection: options.slugs.conversations,
          id: conversation.id,
          data: {
            customer: user.id,
            participants: isParticipant ? participants : [...participants, { relationTo: options.usersCollection, value: user.id }],
            contactName: name,
            contactEmail: user.email,
            contactPhone: (user.phone as string | undefined) ?? null,
            ...(conversation.title === 'Website chat' || !conversation.title ? { title: `Website chat: ${name}` } : {}),
          },
          depth: 0,
          overrideAccess: true,
          req,
        })
        await req.payload.update({
          collection: options.slugs.chatSessions,
          id: session.id,
          data: { customer: user.id },
          depth: 0,
          overrideAccess: true,
          req,
        })
        await commitTransaction(req)
        return Response.json({
          conversationId: conversation.id,
          customer: { id: user.id, email: user.email, displayName: (user.displayName as string | undefined) ?? null },
        })
      } catch (error) {
        await killTransaction(req)
        throw error
      }
    }),
})
