import type { Endpoint } from 'payload'

import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { conversationStatuses, type ConversationStatus } from '../helpdesk'
import { dbFor } from '../db/sqlExecutor'
import { tableName } from '../db/tableName'
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
      const conditions: SQL[] = [sql`true`]
      if (archived === 'exclude') conditions.push(sql`coalesce(is_archived, false) = false`)
      if (archived === 'only') conditions.push(sql`is_archived = true`)
      const assignee = req.searchParams.get('assignee') ?? ''
      if (assignee === 'me') conditions.push(sql`assignee_id = ${req.user!.id}`)
      else if (assignee === 'me-or-unassigned') conditions.push(sql`(assignee_id = ${req.user!.id} or assignee_id is null)`)
      else if (assignee === 'unassigned') conditions.push(sql`assignee_id is null`)
      else if (assignee) conditions.push(sql`assignee_id = ${parseId(assignee, '"assignee"')}`)
      const { rows } = await (await dbFor(req)).execute<{ status: ConversationStatus; n: number }>(sql`
        select coalesce(status, 'open') as status, count(*)::int as n from ${sql.identifier(tableName(options.slugs.conversations))}
        where ${sql.join(conditions, sql` and `)}
        group by 1`)
      const counts = Object.fromEntries(conversationStatuses.map((status) => [status, 0])) as Record<ConversationStatus | 'all', number>
      counts.all = 0
      for (const row of rows) {
        counts[row.status] = row.n
        counts.all += row.n
      }
      return Response.json({ counts })
    }),
})
