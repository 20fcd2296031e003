import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { tableName } from '../db/tableName'

type Direction = 'in' | 'out'
export interface VolumePoint {
  start: string
  in: number
  out: number
  bySource: Record<string, number>
}

interface DayRow {
  day: Date
  source: string
  direction: string
  count: number | string
}

const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
const dayMs = 24 * 60 * 60 * 1000

/** Monday of the ISO week of `day` (UTC). */
const startOfWeek = (day: Date) => new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * dayMs)

/**
 * Rebuilds the daily rollup for every complete day (before today, UTC) in one statement pair
 * inside a transaction: readers see the old rollup or the new one, never half. History synced
 * later (old Telegram messages) is picked up by the next rebuild.
 */
export const refreshVolumeRollup = async (payload: Payload, options: ResolvedSwitchboardOptions): Promise<number> => {
  const rollup = tableName(options.slugs.messageVolume)
  const client = await payload.db.pool.connect()
  try {
    await client.query('begin')
    await client.query(`delete from ${rollup}`)
    const inserted = await client.query(
      `insert into ${rollup} (day, source, direction, count, updated_at, created_at)
       select date_trunc('day', m.sent_at, 'UTC'), c.source::text, m.direction::text, count(*), now(), now()
       from ${tableName(options.slugs.messages)} m join ${tableName(options.slugs.conversations)} c on c.id = m.conversation_id
       where m.deleted_at is null and m.kind <> 'note' and m.sent_at < date_trunc('day', now(), 'UTC')
       group by 1, 2, 3`,
    )
    await client.query('commit')
    return inserted.rowCount ?? 0
  } catch (error) {
    await client.query('rollback')
    throw error
  } finally {
    client.release()
  }
}

/**
 * Message volume per day or week between `from` and `to`: complete days from the rollup, the
 * days after it (today, or more when the rollup is behind) counted live on the `sent_at` index.
 */
export const messageVolume = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  { bucket, from, to }: { bucket: 'day' | 'week'; from: Date; to: Date },
): Promise<VolumePoint[]> => {
  const rollup = tableName(options.slugs.messageVolume)
  const pool = payload.db.pool
  const covered = await pool.query<{ through: Date | null }>(`select max(day) + interval '1 day' as through from ${rollup}`)
  const boundary = covered.rows[0]?.through ?? from
  const rolled = await pool.query<DayRow>(
    `select day, source, direction, count from ${rollup} where day >= $1 and day < $2 and day < $3`,
    [startOfUtcDay(from), to, boundary],
  )
  const live = await pool.query<DayRow>(
    `select date_trunc('day', m.sent_at, 'UTC') as day, c.source::text as source, m.direction::text as direction, count(*) as count
     from ${tableName(options.slugs.messages)} m join ${tableName(options.slugs.conversations)} c on c.id = m.conversation_id
     where m.deleted_at is null and m.kind <> 'note' and m.sent_at >= greatest($1::timestamptz, $2::timestamptz) and m.sent_at < $3
     group by 1, 2, 3`,
    [from, boundary, to],
  )

  const points = new Map<number, VolumePoint>()
  const bucketStart = (day: Date) => (bucket === 'week' ? startOfWeek(startOfUtcDay(day)) : startOfUtcDay(day))
  for (let t = bucketStart(from).getTime(); t < to.getTime(); t += bucket === 'week' ? 7 * dayMs : dayMs) {
    points.set(t, { start: new Date(t).toISOString().slice(0, 10), in: 0, out: 0, bySource: {} })
  }
  for (const row of [...rolled.rows, ...live.rows]) {
    const point = points.get(bucketStart(new Date(row.day)).getTime())
    if (!point) continue
    const count = Number(row.count)
    point[row.direction as Direction] += count
    point.bySource[row.source] = (point.bySource[row.source] ?? 0) + count
  }
  return [...points.values()]
}
