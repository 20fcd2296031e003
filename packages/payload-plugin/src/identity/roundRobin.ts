import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { Id } from '../localApi'
import type { ResolvedSwitchboardOptions } from '../types'

import { dbFor } from '../db/sqlExecutor'
import { tableName } from '../db/tableName'

/**
 * The staff member the next conversation goes to: among staff and admins marked available
 * (`isAvailable`), the one assigned automatically longest ago (never first). Their
 * `lastAutoAssignedAt` moves in the same statement, under a row lock that concurrent
 * assignments skip, so two new conversations at once go to two people.
 */
export const nextAvailableStaff = async (req: PayloadRequest, options: ResolvedSwitchboardOptions): Promise<Id | undefined> => {
  const users = tableName(options.usersCollection)
  const { rows } = await (await dbFor(req)).execute<{ id: number }>(sql`
    update ${sql.identifier(users)} set last_auto_assigned_at = now()
    where id = (
      select u.id from ${sql.identifier(users)} u
      where u.is_available
        and exists (select 1 from ${sql.identifier(`${users}_roles`)} r where r.parent_id = u.id and r.value in ('admin', 'staff'))
      order by u.last_auto_assigned_at asc nulls first, u.id
      limit 1
      for update skip locked)
    returning id`)
  return rows[0]?.id
}
