import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { liveDays, rebuildVolumeRollup, rolledUpDays, rollupCoveredUntil } from '../db/messageVolume'
import { dbFor, poolSql } from '../db/sqlExecutor'

type Direction = 'in' | 'out'
export interface VolumePoint {
  start: string
  in: number
  out: number
  bySource: Record<string, number>
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
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const rows = await rebuildVolumeRollup(await dbFor(req), options)
    await commitTransaction(req)
    return rows
  } catch (error) {
    await killTransaction(req)
    throw error
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
  const db = poolSql(payload)
  const covered = await rollupCoveredUntil(db, options)
  const boundary = covered ? new Date(covered) : from
  const rolled = await rolledUpDays(db, options, { from: startOfUtcDay(from), to, until: boundary })
  const live = await liveDays(db, options, { from: new Date(Math.max(from.getTime(), boundary.getTime())), to })

  const points = new Map<number, VolumePoint>()
  const bucketStart = (day: Date) => (bucket === 'week' ? startOfWeek(startOfUtcDay(day)) : startOfUtcDay(day))
  for (let t = bucketStart(from).getTime(); t < to.getTime(); t += bucket === 'week' ? 7 * dayMs : dayMs) {
    points.set(t, { start: new Date(t).toISOString().slice(0, 10), in: 0, out: 0, bySource: {} })
  }
  for (const row of [...rolled, ...live]) {
    const point = points.get(bucketStart(new Date(row.day)).getTime())
    if (!point) continue
    const count = Number(row.count)
    point[row.direction as Direction] += count
    point.bySource[row.source] = (point.bySource[row.source] ?? 0) + count
  }
  return [...points.values()]
}
