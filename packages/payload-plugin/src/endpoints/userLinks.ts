import type { Endpoint, PayloadRequest, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { customerConversationsWhere } from '../access/conversationAccess'
import { requireStaff } from '../access/requireStaff'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { findDoc } from '../localApi'

/** How many conversations are listed per link; the totals count them all. */
const listLimit = 50

const conversationSummary = { title: true, type: true, source: true, lastMessageAt: true } as const

/**
 * `GET /api/switchboard/users/:id/links`, staff only: a user's linked Telegram accounts with the
 * conversations each makes visible, their own (direct, widget) conversations, and the total the
 * user sees — computed by the same `where` the access layer uses, so it shows exactly what the
 * customer gets. For "I can't see my chats".
 */
export const userLinksEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/users/:id/links',
  method: 'get',
  handler: (req: PayloadRequest) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const id = parseId(req.routeParams?.id, 'The user id in the URL')
      const user = await findDoc(req, options.usersCollection, id)
      if (!user) throw new EndpointError(404, `There is no user with id ${id}.`)

      const conversations = (where: Where) =>
        req.payload.find({
          collection: options.slugs.conversations,
          depth: 0,
          limit: listLimit,
          overrideAccess: true,
          req,
          select: conversationSummary,
          sort: '-lastMessageAt',
          where,
        })

      const linked = await req.payload.find({
        collection: options.slugs.telegramUsers,
        depth: 1,
        overrideAccess: true,
        pagination: false,
        req,
        where: { user: { equals: user.id } },
      })
      const telegramAccounts = await Promise.all(
        linked.docs.map(async (account) => {
          const visible = await conversations({ participants: { equals: { relationTo: options.slugs.telegramUsers, value: account.id } } })
          const linkedBy = account.linkedBy as { email?: string; id: number | string } | null | undefined
          return {
            id: account.id,
            telegramId: account.telegramId,
            username: account.username ?? null,
            displayName: account.displayName ?? null,
            linkSource: account.linkSource ?? null,
            linkStatus: account.linkStatus ?? null,
            linkedAt: account.linkedAt ?? null,
            linkedBy: linkedBy ? { id: linkedBy.id, email: linkedBy.email } : null,
            conversations: visible.docs,
            totalConversations: visible.totalDocs,
          }
        }),
      )

      const asCustomer = await conversations({ customer: { equals: user.id } })
      const asParticipant = await conversations({ participants: { equals: { relationTo: options.usersCollection, value: user.id } } })
      const seen = new Set<number | string>()
      const directConversations = [
        ...asCustomer.docs.map((c) => ({ ...c, via: 'customer' as const })),
        ...asParticipant.docs.map((c) => ({ ...c, via: 'participant' as const })),
      ].filter((c) => !seen.has(c.id) && seen.add(c.id))

      const total = await req.payload.count({
        collection: options.slugs.conversations,
        overrideAccess: true,
        req,
        where: await customerConversationsWhere(req, user.id, options),
      })
      return Response.json({
        user: { id: user.id, email: user.email, displayName: user.displayName ?? null, telegramUsername: user.telegramUsername ?? null },
        telegramAccounts,
        directConversations,
        totalVisible: total.totalDocs,
      })
    }),
})
