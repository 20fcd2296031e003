import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { userRolesTable, usersTable } from './tables'

/** Staff availability and round-robin assignment on the host's users. */
const users = usersTable(['id', 'is_available', 'last_auto_assigned_at'])
const roles = userRolesTable(['parent_id', 'value'])

/**
 * Among available staff and admins, the one assigned automatically longest ago (never first),
 * moving their `last_auto_assigned_at` in the same statement, under a row lock that concurrent
 * claims skip: two claims at once get two people. `undefined` when nobody is available.
 */
export const claimNextAvailableStaff = async (db: SqlExecutor, options: ResolvedSwitchboardOptions): Promise<number | undefined> => {
  const table = users.ref(options)
  const { rows } = await db.execute<{ id: number }>(sql`
    update ${table} set last_auto_assigned_at = now()
    where id = (
      select u.id from ${table} u
      where u.is_available
        and exists (select 1 from ${roles.ref(options)} r where r.parent_id = u.id and r.value in ('admin', 'staff'))
      order by u.last_auto_assigned_at asc nulls first, u.id
      limit 1
      for update skip locked)
    returning id`)
  return rows[0]?.id
}
