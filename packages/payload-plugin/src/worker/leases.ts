import type { Payload, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { acquireLease, holdsLease, type LeaseRef, releaseLease, renewLease } from '../db/leases'
import { dbFor, poolSql } from '../db/sqlExecutor'

/** A lease this process holds: the fencing token proves it on every write. */
export type Lease = LeaseRef

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
export const leases = (payload: Payload, options: ResolvedSwitchboardOptions, ttlSeconds: number) => ({
  /** Takes the lease if it is free or expired (or already ours); `null` when another live holder has it. */
  async acquire(name: string, holder: string): Promise<Lease | null> {
    const fencingToken = await acquireLease(poolSql(payload), options, { name, holder, ttlSeconds })
    return fencingToken === undefined ? null : { name, holder, fencingToken }
  },

  /** Extends the lease; false when it was lost (taken over after expiring). */
  heartbeat: (lease: Lease): Promise<boolean> => renewLease(poolSql(payload), options, lease, ttlSeconds),

  /** Gives the lease up at once (graceful shutdown), so another worker need not wait for the TTL. */
  release: (lease: Lease): Promise<void> => releaseLease(poolSql(payload), options, lease),
})

/**
 * The fencing check, inside the writer's transaction (see `holdsLease`): a write after a
 * takeover finds the token changed and rolls back.
 */
export const fence =
  (options: ResolvedSwitchboardOptions, lease: Lease) =>
  async (req: PayloadRequest): Promise<void> => {
    if (!(await holdsLease(await dbFor(req), options, lease))) throw new LeaseLostError(lease)
  }
