import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { type LeaseRef, leaseHeld, leasesTable } from './leases'
import { collectionTable } from './tables'

const accounts = collectionTable('telegramAccounts', [
  'id',
  'name',
  'kind',
  'status',
  'listener_state',
  'last_update_at',
  'telegram_user_id',
  'update_state_pts',
  'update_state_qts',
  'update_state_date',
  'update_state_channel_pts',
])

/** Telegram's update state of an account: where `updates.getDifference` resumes. */
export interface UpdateState {
  pts?: number
  qts?: number
  date?: number
  /** Channel id → pts. */
  channels?: Record<string, number>
}

/**
 * Moves the account's stored update state forward (never back: the greatest pts seen, per
 * channel too). With a lease, fenced in the same statement: a holder that lost it moves nothing.
 */
export const saveUpdateState = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  accountId: number,
  state: UpdateState,
  lease?: LeaseRef,
): Promise<void> => {
  const channels = JSON.stringify(state.channels ?? {})
  await db.execute(sql`
    update ${accounts.ref(options)} set
      update_state_pts = greatest(coalesce(update_state_pts, 0), ${state.pts ?? 0}),
      update_state_qts = greatest(coalesce(update_state_qts, 0), ${state.qts ?? 0}),
      update_state_date = greatest(coalesce(update_state_date, 0), ${state.date ?? 0}),
      update_state_channel_pts = coalesce(update_state_channel_pts, '{}'::jsonb) || coalesce((
        select jsonb_object_agg(key, greatest(value::numeric, coalesce((update_state_channel_pts ->> key)::numeric, 0)))
        from jsonb_each_text(${channels}::jsonb)), '{}'::jsonb),
      last_update_at = now()
    where id = ${accountId} ${lease ? sql`and ${leaseHeld(options, lease)}` : sql``}`)
}

const optionalNumber = (value: null | number | string | undefined) => (value === null || value === undefined ? undefined : Number(value))

/** The stored update state of an account (empty when it has none). */
export const readUpdateState = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId: number): Promise<UpdateState> => {
  const { rows } = await db.execute<{
    update_state_pts: null | number | string
    update_state_qts: null | number | string
    update_state_date: null | number | string
    update_state_channel_pts: null | Record<string, number | string>
  }>(sql`
    select update_state_pts, update_state_qts, update_state_date, update_state_channel_pts
    from ${accounts.ref(options)} where id = ${accountId}`)
  const row = rows[0]
  return {
    pts: optionalNumber(row?.update_state_pts),
    qts: optionalNumber(row?.update_state_qts),
    date: optionalNumber(row?.update_state_date),
    channels: Object.fromEntries(Object.entries(row?.update_state_channel_pts ?? {}).map(([id, pts]) => [id, Number(pts)])),
  }
}

/** Records which telegram-users row is the account's own Telegram user. */
export const setAccountTelegramUser = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, accountId: number, telegramUserId: number) => {
  await db.execute(sql`update ${accounts.ref(options)} set telegram_user_id = ${telegramUserId} where id = ${accountId}`)
}

export interface AccountHealthRow {
  id: number
  name: string
  kind: string
  status: string
  listener_state: null | string
  last_update_at: null | string
  holder: null | string
  acquired_at: null | string
  heartbeat_at: null | string
  expires_at: null | string
  has_lease: boolean
  /** The lease is held and not expired by the database's clock. */
  fresh: boolean
}

/** Accounts that are not disabled, each with the lease named `leasePrefix` + its id, if any. */
export const accountHealthRows = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, leasePrefix: string) =>
  (
    await db.execute<AccountHealthRow>(sql`
      select a.id, a.name, a.kind::text as kind, a.status::text as status, a.listener_state::text as listener_state,
        a.last_update_at, l.holder, l.acquired_at, l.heartbeat_at, l.expires_at,
        l.id is not null as has_lease, coalesce(l.holder is not null and l.expires_at >= now(), false) as fresh
      from ${accounts.ref(options)} a
      left join ${leasesTable.ref(options)} l on l.name = ${leasePrefix}::text || a.id::text
      where a.status::text <> 'disabled'
      order by a.id`)
  ).rows
