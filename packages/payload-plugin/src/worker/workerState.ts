import type { PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { workerContext } from '../constants'
import { fence, type Lease } from './leases'

/**
 * What a running worker holds: the account leases (its jobs write under the same fencing token as
 * its listeners, and connect no account another worker holds) and a shutdown signal that running
 * syncs obey. The worker hands it to its listeners, and to the jobs it runs in their request
 * context (`workerOf`); jobs run anywhere else (a web process's autoRun) have none.
 */
export class WorkerState {
  readonly leases = new Map<number, Lease>()
  readonly shutdown = new AbortController()

  constructor(
    /** How often running jobs and leases are heartbeated (ms). */
    readonly heartbeatMs: number,
  ) {}

  /** The fencing guard for writes about an account, when this worker holds its lease. */
  leaseGuard(options: ResolvedSwitchboardOptions, accountId: number): ((req: PayloadRequest) => Promise<void>) | undefined {
    const lease = this.leases.get(accountId)
    return lease ? fence(options, lease) : undefined
  }
}

/** The worker a job runs in, from the request the worker ran its jobs with. */
export const workerOf = (req: Pick<PayloadRequest, 'context'>): WorkerState | undefined => {
  const worker = req.context[workerContext]
  return worker instanceof WorkerState ? worker : undefined
}
