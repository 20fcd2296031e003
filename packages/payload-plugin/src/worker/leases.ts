import type { Payload, PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import { dbFor, poolSql } from '../db/sqlExecutor'
import { tableName } from '../db/tableName'

/** A lease this process holds: the fencing token proves it on every write. */
export interface Lease {
  name: string
  holder: string
  fencingToken: number
}

/** The holder lost its lease (it expired and another worker took it): the write must not happen. */
export class LeaseLostError extends Error {
  constructor(lease: Lease) {
    super(`Lease ${lease.name} is no longer held by ${lease.holder} (fencing token ${lease.fencingToken}).`)
  }
}


export const accountLeaseName = (accountId: number | string) => `telegram-account:${accountId}`

/**
 * Leases in the database (not advisory locks, which die with one connection): one row per name.
 * A lease is free when nobody holds it or its heartbeat is older than the TTL; taking it
 * increments the fencing token, so a holder that was paused and lost it can no longer write.
 */
export const leases = (payload: Payload, options: ResolvedSwitchboardOptions, ttlSeconds: number) => {
  const table = sql.identifier(tableName(options.slugs.syncLeases))
  const ttl = sql`${ttlSeconds} * interval '1 second'`

  return {
    /** Takes the lease if it is free or expired (or already ours); `null` when another live holder has it. */
    async acquire(name: string, holder: string): Promise<Lease | null> {
      // One statement: concurrent workers race on the unique name, and exactly one wins.
      const { rows } = await poolSql(payload).execute(sql`
        insert into ${table} (name, holder, fencing_token, acquired_at, heartbeat_at, expires_at, updated_at, created_at)
        values (${name}, ${holder}, 1, now(), now(), now() + ${ttl}, now(), now())
        on conflict (name) do update set
          holder = excluded.holder,
          fencing_token = ${table}.fencing_token + 1,
          acquired_at = now(), heartbeat_at = now(), expires_at = now() + ${ttl}, updated_at = now()
        where ${table}.holder is null or ${table}.expires_at < now() or ${table}.holder = excluded.holder
        returning fencing_token`)
      const token = rows[0]?.fencing_token
      return token === undefined ? null : { name, holder, fencingToken: Number(token) }
    },

    /** Extends the lease; false when it was lost (taken over after expiring). */
    async heartbeat(lease: Lease): Promise<boolean> {
      const { rows } = await poolSql(payload).execute(sql`
        update ${table} set heartbeat_at = now(), expires_at = now() + ${ttl}, updated_at = now()
        where name = ${lease.name} and holder = ${lease.holder} and fencing_token = ${lease.fencingToken}
        returning id`)
      return rows.length > 0
    },

    /** Gives the lease up at once (graceful shutdown), so another worker need not wait for the TTL. */
    async release(lease: Lease): Promise<void> {
      await poolSql(payload).execute(sql`
        update ${table} set holder = null, expires_at = now(), updated_at = now()
        where name = ${lease.name} and holder = ${lease.holder} and fencing_token = ${lease.fencingToken}`)
    },
  }
}

/**
 * The fencing check, inside the writer's transaction: the lease row is read `FOR SHARE`, so a
 * takeover (an UPDATE of that row) waits until this write commits, and a write after a takeover
 * finds the token changed and rolls back.
 */
export const fence =
  (options: ResolvedSwitchboardOptions, lease: Lease) =>
  async (req: PayloadRequest): Promise<void> => {
    const db = await dbFor(req)
    const { rows } = await db.execute(sql`
      select 1 from ${sql.identifier(tableName(options.slugs.syncLeases))}
      where name = ${lease.name} and holder = ${lease.holder} and fencing_token = ${lease.fencingToken}
      for share`)
    if (!rows.length) throw new LeaseLostError(lease)
  }
