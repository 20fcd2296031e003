import type { BenchCase } from '../types'

import { ensureLargeDataset } from '../large/dataset'
import { staffClient, timeAll } from '../large/staffClient'
import { percentile } from '../realtime/chatFixture'

/**
 * The response and resolution report over 10,000 conversations and 1,000,000 messages. The large
 * dataset is first given a helpdesk's shape: in each conversation the messages alternate customer
 * / staff, and every tenth message (a staff reply) is followed by a resolution an hour later, the
 * next customer message reopening it — about 100,000 resolutions and 90,000 reopenings in the
 * status log. It rewrites the messages' direction, so it runs after the cases that read them.
 */
export const reports: BenchCase = async ({ payload, progress }) => {
  await ensureLargeDataset(payload, progress)
  const pool = payload.db.pool
  progress('reports: alternating directions and writing the status log')
  await pool.query(
    `with ranked as (
       select id, (row_number() over (partition by conversation_id order by sent_at, id) - 1) % 2 as odd from messages)
     update messages m set direction = (case when r.odd = 0 then 'in' else 'out' end)::enum_messages_direction
     from ranked r where m.id = r.id and m.direction <> (case when r.odd = 0 then 'in' else 'out' end)::enum_messages_direction`,
  )
  await pool.query('truncate conversations_status_events')
  await pool.query(
    `with ranked as (
       select conversation_id, sent_at, row_number() over (partition by conversation_id order by sent_at, id) - 1 as k from messages),
     events as (
       select conversation_id, sent_at + interval '1 hour' as at, 'resolved' as status, 'open' as previous from ranked where k % 10 = 9
       union all
       select conversation_id, sent_at, 'open', 'resolved' from ranked where k % 10 = 0 and k > 0)
     insert into conversations_status_events (_order, _parent_id, id, status, previous, at)
     select row_number() over (partition by conversation_id order by at), conversation_id, md5(random()::text || conversation_id || at),
            status::enum_conversations_status_events_status, previous::enum_conversations_status_events_previous, at
     from events`,
  )
  // As autovacuum leaves them: the report's probes are index-only scans.
  await pool.query('vacuum analyze messages')
  await pool.query('vacuum analyze conversations_status_events')

  const { timedGet } = await staffClient(payload)
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString()
  progress('reports: 30 days by day, 12 weeks by week, a year by week × 20 rounds')
  const time = (query: string) => timeAll([`/switchboard/stats/helpdesk?${query}`], 20, timedGet).then((timings) => percentile(timings, 95))
  return [
    { metric: 'days30_p95_ms', value: await time('bucket=day'), unit: 'ms' },
    { metric: 'weeks12_p95_ms', value: await time('bucket=week'), unit: 'ms' },
    { metric: 'year_p95_ms', value: await time(`bucket=week&from=${yearAgo}`), unit: 'ms' },
  ]
}
