import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

/** Messages per day, source and direction: the rollup of complete days, and the live count after it. */
const rollup = collectionTable('messageVolume', ['day', 'source', 'direction', 'count', 'updated_at', 'created_at'])
const messages = collectionTable('messages', ['conversation_id', 'direction', 'sent_at', 'deleted_at', 'kind'])
const conversations = collectionTable('conversations', ['id', 'source'])

interface DayRow {
  day: Date | string
  source: string
  direction: string
  count: number | string
}

/** Messages counted (not notes, not deleted), by UTC day, conversation source and direction. */
const countedByDay = (options: ResolvedSwitchboardOptions) => sql`
  select date_trunc('day', m.sent_at, 'UTC') as day, c.source::text as source, m.direction::text as direction, count(*) as count
  from ${messages.ref(options)} m join ${conversations.ref(options)} c on c.id = m.conversation_id
  where m.deleted_at is null and m.kind <> 'note'`

/**
 * Replaces the rollup with every complete day (before today, UTC); run it in a transaction, so
 * readers see the old rollup or the new one, never half. Returns how many rows it wrote.
 */
export const rebuildVolumeRollup = async (db: SqlExecutor, options: ResolvedSwitchboardOptions): Promise<number> => {
  const table = rollup.ref(options)
  await db.execute(sql`delete from ${table}`)
  const { rows } = await db.execute<{ rows: number }>(sql`
    with inserted as (
      insert into ${table} (day, source, direction, count, updated_at, created_at)
      select day, source, direction, count, now(), now() from (${countedByDay(options)}
        and m.sent_at < date_trunc('day', now(), 'UTC') group by 1, 2, 3) days
      returning 1)
    select count(*)::int as rows from inserted`)
  return rows[0]?.rows ?? 0
}

/** Where the rollup ends: the day after its last one (`null` when it is empty). */
export const rollupCoveredUntil = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) => {
  const { rows } = await db.execute<{ through: null | string }>(sql`select max(day) + interval '1 day' as through from ${rollup.ref(options)}`)
  return rows[0]?.through ?? null
}

/** Rolled-up days in [`from`, `to`) before `until`. */
export const rolledUpDays = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, { from, to, until }: { from: Date; to: Date; until: Date }) =>
  (
    await db.execute<DayRow>(sql`
      select day, source, direction, count from ${rollup.ref(options)}
      where day >= ${from.toISOString()}::timestamptz and day < ${to.toISOString()}::timestamptz and day < ${until.toISOString()}::timestamptz`)
  ).rows

/** Days counted live from the messages sent in [`from`, `to`). */
export const liveDays = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, { from, to }: { from: Date; to: Date }) =>
  (
    await db.execute<DayRow>(sql`${countedByDay(options)}
      and m.sent_at >= ${from.toISOString()}::timestamptz and m.sent_at < ${to.toISOString()}::timestamptz
      group by 1, 2, 3`)
  ).rows
