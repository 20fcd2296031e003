import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { collectionTable } from './tables'

/** A lease a holder took: the fencing token proves it on every write. */
export interface LeaseRef {
  name: string
  holder: string
  fencingToken: number
}

/** The lease rows (the `sync-leases` collection); the health check joins accounts to theirs. */
export const leasesTable = collectionTable('syncLeases', [
  'id',
  'name',
  'holder',
  'fencing_token',
  'acquired_at',
  'heartbeat_at',
  'expires_at',
  'updated_at',
  'created_at',
])

/** The lease's row, still held by this holder with this token: the one fencing condition every check uses. */
const held = (lease: LeaseRef) => sql`name = ${lease.name} and holder = ${lease.holder} and fencing_token = ${lease.fencingToken}`

/**
 * Takes the lease if it is free, expired or already `holder`'s, incrementing the fencing token;
 * `undefined` when another live holder has it. One statement: concurrent takers race on the
 * unique name, and exactly one wins.
 */
export const acquireLease = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  { name, holder, ttlSeconds }: { name: string; holder: string; ttlSeconds: number },
): Promise<number | undefined> => {
  const table = leasesTable.ref(options)
  const expires = sql`now() + ${ttlSeconds} * interval '1 second'`
  const { rows } = await db.execute<{ fencing_token: number | string }>(sql`
    insert into ${table} (name, holder, fencing_token, acquired_at, heartbeat_at, expires_at, updated_at, created_at)
    values (${name}, ${holder}, 1, now(), now(), ${expires}, now(), now())
    on conflict (name) do update set
      holder = excluded.holder,
      fencing_token = ${table}.fencing_token + 1,
      acquired_at = now(), heartbeat_at = now(), expires_at = ${expires}, updated_at = now()
    where ${table}.holder is null or ${table}.expires_at < now() or ${table}.holder = excluded.holder
    returning fencing_token`)
  return rows[0] === undefined ? undefined : Number(rows[0].fencing_token)
}

/** Extends a held lease by `ttlSeconds`; false when it was lost (taken over after expiring). */
export const renewLease = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, lease: LeaseRef, ttlSeconds: number): Promise<boolean> => {
  const { rows } = await db.execute(sql`
    update ${leasesTable.ref(options)} set heartbeat_at = now(), expires_at = now() + ${ttlSeconds} * interval '1 second', updated_at = now()
    where ${held(lease)}
    returning id`)
  return rows.length > 0
}

/** Gives a held lease up at once, so another holder need not wait for it to expire. */
export const releaseLease = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, lease: LeaseRef): Promise<void> => {
  await db.execute(sql`update ${leasesTable.ref(options)} set holder = null, expires_at = now(), updated_at = now() where ${held(lease)}`)
}

/**
 * Whether the lease is still held, checked inside the writer's transaction: the row is read
 * `FOR SHARE`, so a takeover (an UPDATE of that row) waits until the write commits, and a write
 * after a takeover finds the token changed.
 */
export const holdsLease = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, lease: LeaseRef): Promise<boolean> => {
  const { rows } = await db.execute(sql`select 1 from ${leasesTable.ref(options)} where ${held(lease)} for share`)
  return rows.length > 0
}

/** A condition for a write fenced in the same statement: true only while `lease` is held. */
export const leaseHeld = (options: ResolvedSwitchboardOptions, lease: LeaseRef) =>
  sql`exists (select 1 from ${leasesTable.ref(options)} where ${held(lease)})`

export interface LeaseRow {
  id: number
  name: string
  holder: null | string
  fencing_token: number | string
  acquired_at: null | string
  heartbeat_at: null | string
  expires_at: null | string
  /** Held, and not expired by the database's clock. */
  fresh: boolean
}

/** Every lease row, by name. */
export const listLeases = async (db: SqlExecutor, options: ResolvedSwitchboardOptions) =>
  (
    await db.execute<LeaseRow>(sql`
      select id, name, holder, fencing_token, acquired_at, heartbeat_at, expires_at,
        coalesce(holder is not null and expires_at >= now(), false) as fresh
      from ${leasesTable.ref(options)} order by name`)
  ).rows
