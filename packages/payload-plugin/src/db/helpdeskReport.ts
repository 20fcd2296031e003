import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable, statusEventsTable, usersTable } from './tables'

/** The helpdesk report: response and resolution times from messages and the status log, and the backlog. */
const conversations = collectionTable('conversations', ['id', 'created_at', 'last_message_at', 'status', 'is_archived', 'assignee_id'])
const events = statusEventsTable(['_parent_id', 'at', 'status', 'previous'])
const messages = collectionTable('messages', ['conversation_id', 'direction', 'sent_at', 'deleted_at', 'kind'])
const users = usersTable(['id', 'display_name', 'email'])

export interface MetricRow {
  metric: 'first_response' | 'resolution'
  /** The bucket's start; `null` on the row over the whole range. */
  start: Date | null | string
  count: number | string
  median: null | number | string
  p90: null | number | string
}

/**
 * Median and p90 of first-response and resolution times per `bucket` and over [`from`, `to`), as
 * defined in docs/inbox.md ("Reports"). One statement: each conversation with a message or a
 * status change since `from` is cut into cycles (the first starts with the conversation, each
 * later one when it leaves `resolved`); only cycles running at `from` or starting after it are
 * read, each costing three probes on partial indexes (`messages_customer_idx`,
 * `messages_staff_reply_idx`, `…_status_events_resolved_idx`; the cycles come from
 * `…_status_events_reopen_idx`). Each duration counts on the day it ended.
 */
export const responseTimeRows = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  { bucket, from, to }: { bucket: 'day' | 'week'; from: Date; to: Date },
) => {
  const c = conversations.ref(options)
  const ev = events.ref(options)
  const m = messages.ref(options)
  const start = sql`${from.toISOString()}::timestamptz`
  const end = sql`${to.toISOString()}::timestamptz`
  const counted = sql`m.deleted_at is null and m.kind not in ('note', 'service')`
  const { rows } = await db.execute<MetricRow>(sql`
    with convs as (
      select c.id, c.created_at from ${c} c
      where c.last_message_at >= ${start} or c.id in (select _parent_id from ${ev} where at >= ${start})
    ), boundaries as (
      -- The cycle running at the range's start (from the last reopening before it, else the conversation's start) …
      select c.id as cid, coalesce(p.at, '-infinity'::timestamptz) as b, c.created_at from convs c
      left join lateral (
        select e.at from ${ev} e
        where e._parent_id = c.id and e.previous = 'resolved' and e.status <> 'resolved' and e.at < ${start}
        order by e.at desc limit 1) p on true
      union all
      -- … and those starting inside the range.
      select e._parent_id, e.at, c.created_at from ${ev} e join convs c on c.id = e._parent_id
      where e.previous = 'resolved' and e.status <> 'resolved' and e.at >= ${start} and e.at < ${end}
    ), cycles as (
      select cid, b, created_at, lead(b) over (partition by cid order by b) as nb from boundaries
    ), measured as (
      select y.cid, y.b, y.created_at, s.at as s, r.at as r, e.at as e
      from cycles y
      left join lateral (
        select m.sent_at as at from ${m} m
        where m.conversation_id = y.cid and m.direction = 'in' and ${counted}
          and m.sent_at >= y.b and (y.nb is null or m.sent_at < y.nb)
        order by m.sent_at limit 1) s on true
      left join lateral (
        select m.sent_at as at from ${m} m
        where m.conversation_id = y.cid and m.direction = 'out' and ${counted}
          and m.sent_at > s.at and (y.nb is null or m.sent_at < y.nb)
        order by m.sent_at limit 1) r on true
      left join lateral (
        select ev.at from ${ev} ev
        where ev._parent_id = y.cid and ev.status = 'resolved' and ev.at > y.b and (y.nb is null or ev.at <= y.nb)
        order by ev.at limit 1) e on true
    ), durations as (
      select 'first_response' as metric, r as ended, extract(epoch from r - s) as secs from measured where r >= ${start} and r < ${end}
      union all
      select 'resolution', e,
             greatest(0, extract(epoch from e - case when s <= e then s when b > '-infinity' then b else least(created_at, e) end))
      from measured where e >= ${start} and e < ${end}
    ), bucketed as (
      select metric, date_trunc(${bucket}, ended, 'UTC') as bucket_start, secs from durations
    )
    select metric, bucket_start as start, count(*) as count,
           percentile_cont(0.5) within group (order by secs) as median,
           percentile_cont(0.9) within group (order by secs) as p90
    from bucketed
    group by grouping sets ((metric, bucket_start), (metric))`)
  return rows
}

/** Conversations not resolved (archived ones left out) by assignee (`null`: nobody) and status, at most 50 rows. */
export const backlogRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) =>
  (
    await db.execute<{ id: null | number; name: null | string; open: string; pending: string; snoozed: string }>(sql`
      select c.assignee_id as id, coalesce(nullif(u.display_name, ''), u.email) as name,
             count(*) filter (where c.status = 'open') as open,
             count(*) filter (where c.status = 'pending') as pending,
             count(*) filter (where c.status = 'snoozed') as snoozed
      from ${conversations.ref(options)} c left join ${users.ref(options)} u on u.id = c.assignee_id
      where coalesce(c.status::text, 'open') <> 'resolved' and not coalesce(c.is_archived, false)
      group by 1, 2 order by count(*) desc, 2 nulls first limit 50`)
  ).rows
