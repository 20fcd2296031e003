import { type SQL, sql } from '@payloadcms/db-postgres/drizzle'

import type { ConversationStatus } from '../helpdesk'
import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

const conversations = collectionTable('conversations', ['status', 'is_archived', 'assignee_id'])

export interface InboxFilter {
  archived: 'any' | 'exclude' | 'only'
  /** Nobody assigned, or one user (with or without the unassigned ones); absent: anyone. */
  assignee?: 'unassigned' | { userId: number | string; orUnassigned: boolean }
}

/** How many conversations have each status under the inbox's filters: one grouped query. */
export const inboxStatusCounts = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, { archived, assignee }: InboxFilter) => {
  const conditions: SQL[] = [sql`true`]
  if (archived === 'exclude') conditions.push(sql`coalesce(is_archived, false) = false`)
  if (archived === 'only') conditions.push(sql`is_archived = true`)
  if (assignee === 'unassigned') conditions.push(sql`assignee_id is null`)
  else if (assignee?.orUnassigned) conditions.push(sql`(assignee_id = ${assignee.userId} or assignee_id is null)`)
  else if (assignee) conditions.push(sql`assignee_id = ${assignee.userId}`)
  const { rows } = await db.execute<{ status: ConversationStatus; n: number }>(sql`
    select coalesce(status, 'open') as status, count(*)::int as n from ${conversations.ref(options)}
    where ${sql.join(conditions, sql` and `)}
    group by 1`)
  return rows
}
