import type { Payload, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { fence, type Lease } from './leases'

/**
 * What a worker process holds, per Payload instance: the account leases (so its jobs write under
 * the same fencing token as its listeners) and a shutdown signal that running syncs obey.
 */
interface WorkerState {
  leases: Map<number, Lease>
  shutdown: AbortController
  /** How often running jobs and leases are heartbeated (ms). */
  heartbeatMs: number
}

const states = new WeakMap<Payload, WorkerState>()

export const workerState = (payload: Payload): WorkerState | undefined => states.get(payload)

/** Marks this Payload instance as a worker: from now on it only uses accounts it holds the lease of. */
export const becomeWorker = (payload: Payload, heartbeatMs: number): WorkerState => {
  const state: WorkerState = { leases: new Map(), shutdown: new AbortController(), heartbeatMs }
  states.set(payload, state)
  return state
}

export const forgetWorker = (payload: Payload) => states.delete(payload)

/** The fencing guard for writes about an account in this process, when it is a worker. */
export const leaseGuard = (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number): ((req: PayloadRequest) => Promise<void>) | undefined => {
  const lease = states.get(payload)?.leases.get(accountId)
  return lease ? fence(options, lease) : undefined
}

/** Aborts when the worker shuts down: long syncs stop between pages (or roll the current one back). */
export const shutdownSignal = (payload: Payload): AbortSignal | undefined => states.get(payload)?.shutdown.signal
