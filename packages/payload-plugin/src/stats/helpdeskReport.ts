import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { backlogRows, responseTimeRows } from '../db/helpdeskReport'
import { poolSql } from '../db/sqlExecutor'

/** Median and 90th percentile of a set of durations, in seconds; `null` when nothing was measured. */
export interface DurationSummary {
  count: number
  medianSeconds: null | number
  p90Seconds: null | number
}

export interface DurationPoint extends DurationSummary {
  /** First day of the bucket, `YYYY-MM-DD` (UTC; weeks start on Monday). */
  start: string
}

export interface DurationReport {
  /** Over the whole range. */
  overall: DurationSummary
  /** One point per bucket from `from` to `to`, empty buckets included (count 0, nulls). */
  series: DurationPoint[]
}

export interface BacklogRow {
  /** `null`: unassigned. */
  assignee: { id: number; name: string } | null
  open: number
  pending: number
  snoozed: number
}

export interface HelpdeskReport {
  firstResponse: DurationReport
  resolution: DurationReport
  /** Conversations not resolved (archived ones left out), by assignee and status, now. */
  backlog: BacklogRow[]
}

const dayMs = 24 * 60 * 60 * 1000
const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
const startOfWeek = (day: Date) => new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * dayMs)
const seconds = (value: null | number | string) => (value === null ? null : Math.round(Number(value) * 1000) / 1000)

/**
 * First-response and resolution times (median and p90 per day or week, and over the range), and
 * the backlog by assignee. Definitions in docs/inbox.md ("Reports"); the SQL and the indexes it
 * relies on in db/helpdeskReport.ts.
 */
export const helpdeskReport = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  { bucket, from, to }: { bucket: 'day' | 'week'; from: Date; to: Date },
): Promise<HelpdeskReport> => {
  const db = poolSql(payload)
  const [metrics, backlog] = await Promise.all([responseTimeRows(db, options, { bucket, from, to }), backlogRows(db, options)])
  const bucketStart = (day: Date) => (bucket === 'week' ? startOfWeek(startOfUtcDay(day)) : startOfUtcDay(day))
  const empty = (): DurationReport => {
    const series: DurationPoint[] = []
    for (let t = bucketStart(from).getTime(); t < to.getTime(); t += bucket === 'week' ? 7 * dayMs : dayMs) {
      series.push({ start: new Date(t).toISOString().slice(0, 10), count: 0, medianSeconds: null, p90Seconds: null })
    }
    return { overall: { count: 0, medianSeconds: null, p90Seconds: null }, series }
  }
  const report = { firstResponse: empty(), resolution: empty() }
  for (const row of metrics) {
    const target = row.metric === 'first_response' ? report.firstResponse : report.resolution
    const summary = { count: Number(row.count), medianSeconds: seconds(row.median), p90Seconds: seconds(row.p90) }
    if (row.start === null) {
      target.overall = summary
      continue
    }
    const key = bucketStart(new Date(row.start)).toISOString().slice(0, 10)
    const point = target.series.find((p) => p.start === key)
    if (point) Object.assign(point, summary)
  }
  return {
    ...report,
    backlog: backlog.map((row) => ({
      assignee: row.id === null ? null : { id: Number(row.id), name: row.name ?? `User ${row.id}` },
      open: Number(row.open),
      pending: Number(row.pending),
      snoozed: Number(row.snoozed),
    })),
  }
}
