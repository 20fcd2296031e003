import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { tableName } from '../db/tableName'

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

interface MetricRow {
  metric: 'first_response' | 'resolution'
  start: Date | null
  count: number | string
  median: null | number | string
  p90: null | number | string
}

const dayMs = 24 * 60 * 60 * 1000
const startOfUtcDay = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
const startOfWeek = (day: Date) => new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * dayMs)
const seconds = (value: null | number | string) => (value === null ? null : Math.round(Number(value) * 1000) / 1000)

/**
 * First-response and resolution times (median and p90 per day or week, and over the range), and
 * the backlog by assignee. Definitions in docs/inbox.md ("Reports"). In SQL, one statement:
 *
 * A conversation's life is cut into cycles: the first starts with the conversation, each later one
 * when it leaves `resolved` (its `statusEvents`). In each cycle, the start is its first customer
 * message (direction `in`, not a note or service message, not deleted); the first response is the
 * first staff reply (direction `out`, same conditions) after that start; the resolution is the
 * first change to `resolved` in the cycle, measured from the start (or, with no customer message
 * before it, from the reopening, or the conversation's creation). Each duration counts on the day
 * it ended (the reply, the resolution), so a past day's figures do not change later.
 *
 * Only conversations with a message or a status change since `from` are read, and only cycles
 * running at `from` or starting after it; each cycle costs three index probes on partial
 * indexes (`messages_customer_idx`, `messages_staff_reply_idx`, `…_status_events_resolved_idx`;
 * the cycles come from `…_status_events_reopen_idx`).
 */
export const helpdeskReport = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  { bucket, from, to }: { bucket: 'day' | 'week'; from: Date; to: Date },
): Promise<HelpdeskReport> => {
  const conversations = tableName(options.slugs.conversations)
  const events = `${conversations}_status_events`
  const messages = tableName(options.slugs.messages)
  const counted = `m.deleted_at is null and m.kind not in ('note', 'service')`
  const pool = payload.db.pool

  const metrics = pool.query<MetricRow>(
    `with convs as (
       select c.id, c.created_at from ${conversations} c
       where c.last_message_at >= $1 or c.id in (select _parent_id from ${events} where at >= $1)
     ), boundaries as (
       -- The cycle running at \`from\` (from the last reopening before it, else the conversation's start) …
       select c.id as cid, coalesce(p.at, '-infinity'::timestamptz) as b, c.created_at from convs c
       left join lateral (
         select e.at from ${events} e
         where e._parent_id = c.id and e.previous = 'resolved' and e.status <> 'resolved' and e.at < $1
         order by e.at desc limit 1) p on true
       union all
       -- … and those starting inside the range.
       select e._parent_id, e.at, c.created_at from ${events} e join convs c on c.id = e._parent_id
       where e.previous = 'resolved' and e.status <> 'resolved' and e.at >= $1 and e.at < $2
     ), cycles as (
       select cid, b, created_at, lead(b) over (partition by cid order by b) as nb from boundaries
     ), measured as (
       select y.cid, y.b, y.created_at, s.at as s, r.at as r, e.at as e
       from cycles y
       left join lateral (
         select m.sent_at as at from ${messages} m
         where m.conversation_id = y.cid and m.direction = 'in' and ${counted}
           and m.sent_at >= y.b and (y.nb is null or m.sent_at < y.nb)
         order by m.sent_at limit 1) s on true
       left join lateral (
         select m.sent_at as at from ${messages} m
         where m.conversation_id = y.cid and m.direction = 'out' and ${counted}
           and m.sent_at > s.at and (y.nb is null or m.sent_at < y.nb)
         order by m.sent_at limit 1) r on true
       left join lateral (
         select ev.at from ${events} ev
         where ev._parent_id = y.cid and ev.status = 'resolved' and ev.at > y.b and (y.nb is null or ev.at <= y.nb)
         order by ev.at limit 1) e on true
     ), durations as (
       select 'first_response' as metric, r as ended, extract(epoch from r - s) as secs from measured where r >= $1 and r < $2
       union all
       select 'resolution', e,
              greatest(0, extract(epoch from e - case when s <= e then s when b > '-infinity' then b else least(created_at, e) end))
       from measured where e >= $1 and e < $2
     )
     select metric, date_trunc($3, ended, 'UTC') as start, count(*) as count,
            percentile_cont(0.5) within group (order by secs) as median,
            percentile_cont(0.9) within group (order by secs) as p90
     from durations
     group by grouping sets ((metric, date_trunc($3, ended, 'UTC')), (metric))`,
    [from, to, bucket],
  )

  const backlog = pool.query<{ id: null | number; name: null | string; open: string; pending: string; snoozed: string }>(
    `select c.assignee_id as id, coalesce(nullif(u.display_name, ''), u.email) as name,
            count(*) filter (where c.status = 'open') as open,
            count(*) filter (where c.status = 'pending') as pending,
            count(*) filter (where c.status = 'snoozed') as snoozed
     from ${conversations} c left join ${tableName(options.usersCollection)} u on u.id = c.assignee_id
     where coalesce(c.status::text, 'open') <> 'resolved' and not coalesce(c.is_archived, false)
     group by 1, 2 order by count(*) desc, 2 nulls first limit 50`,
  )

  const bucketStart = (day: Date) => (bucket === 'week' ? startOfWeek(startOfUtcDay(day)) : startOfUtcDay(day))
  const empty = (): DurationReport => {
    const series: DurationPoint[] = []
    for (let t = bucketStart(from).getTime(); t < to.getTime(); t += bucket === 'week' ? 7 * dayMs : dayMs) {
      series.push({ start: new Date(t).toISOString().slice(0, 10), count: 0, medianSeconds: null, p90Seconds: null })
    }
    return { overall: { count: 0, medianSeconds: null, p90Seconds: null }, series }
  }
  const report = { firstResponse: empty(), resolution: empty() }
  for (const row of (await metrics).rows) {
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
    backlog: (await backlog).rows.map((row) => ({
      assignee: row.id === null ? null : { id: Number(row.id), name: row.name ?? `User ${row.id}` },
      open: Number(row.open),
      pending: Number(row.pending),
      snoozed: Number(row.snoozed),
    })),
  }
}
