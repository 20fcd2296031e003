import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { conversationStatuses, type ConversationStatus } from '../helpdesk'
import { type InboxFilter, inboxStatusCounts } from '../db/inboxCounts'
import { dbFor } from '../db/sqlExecutor'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'

const archivedModes = ['exclude', 'only', 'any'] as const

/**
 * `GET /api/switchboard/inbox/counts?archived=exclude|only|any&assignee=me|unassigned|me-or-unassigned|<userId>`,
 * staff only: how many conversations have each status (the inbox's tabs), under the same archive
 * and assignee filters as the list. One grouped query.
 */
export const inboxCountsEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/inbox/counts',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const archived = req.searchParams.get('archived') ?? 'exclude'
      if (!archivedModes.includes(archived as never)) throw new EndpointError(400, '"archived" must be "exclude", "only" or "any".')
      const assignee = req.searchParams.get('assignee') ?? ''
      const filter: InboxFilter = {
        archived: archived as InboxFilter['archived'],
        assignee:
          assignee === 'me' || assignee === 'me-or-unassigned'
            ? { userId: req.user!.id, orUnassigned: assignee === 'me-or-unassigned' }
            : assignee === 'unassigned'
              ? 'unassigned'
              : assignee
                ? { userId: parseId(assignee, '"assignee"'), orUnassigned: false }
                : undefined,
      }
      const rows = await inboxStatusCounts(await dbFor(req), options, filter)
      const counts = Object.fromEntries(conversationStatuses.map((status) => [status, 0])) as Record<ConversationStatus | 'all', number>
      counts.all = 0
      for (const row of rows) {
        counts[row.status] = row.n
        counts.all += row.n
      }
      return Response.json({ counts })
    }),
})
