import { createLocalReq, type Payload } from 'payload'

import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'

import type { ResolvedSwitchboardOptions } from '../types'

import { releaseAbandonedJobs } from '../jobs/abandonedJobs'
import { isSessionRevoked, markNeedsLogin } from '../telegram/accounts'
import { AccountListener } from './accountListener'
import { accountLeaseName, leases as leasesOf } from './leases'
import { WorkerState } from './workerState'
import { switchboardQueue, telegramAccountQueue, telegramQueue, workerContext } from '../constants'

export interface WorkerSettings {
  /** Unique name of this worker in lease rows and logs. */
  holder: string
  /** A lease whose heartbeat is older than this can be taken over. */
  leaseTtlSeconds: number
  heartbeatSeconds: number
  /** How often the jobs queues are run and free accounts are looked for. */
  pollSeconds: number
  /** Minutes without any update before the connection is checked. */
  staleAfterMinutes: number
}

export const workerSettings = (env: NodeJS.ProcessEnv = process.env): WorkerSettings => ({
  holder: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
  leaseTtlSeconds: Number(env.SWITCHBOARD_LEASE_TTL_SECONDS || 120),
  heartbeatSeconds: Number(env.SWITCHBOARD_HEARTBEAT_SECONDS || 30),
  pollSeconds: Number(env.SWITCHBOARD_WORKER_POLL_SECONDS || 5),
  staleAfterMinutes: Number(env.SWITCHBOARD_STALE_AFTER_MINUTES || 15),
})

export interface RunningWorker {
  holder: string
  /** Account ids this worker listens to now. */
  accounts: () => number[]
  /** Stops taking work, lets the current job batch finish (or stop at its next page), releases the leases. */
  stop: () => Promise<void>
}

/**
 * The worker: runs every queue Switchboard defines (the general one, Telegram's fan-out, and the
 * queue of each account it holds) and one Telegram listener per connected account whose lease it
 * can take. Several workers share the accounts between them; when one dies, another takes its
 * accounts over once their leases expire.
 */
export const startWorker = (payload: Payload, options: ResolvedSwitchboardOptions, settings: WorkerSettings = workerSettings()): RunningWorker => {
  const state = new WorkerState(settings.heartbeatSeconds * 1000)
  const leases = leasesOf(payload, options, settings.leaseTtlSeconds)
  const listeners = new Map<number, AccountListener>()
  /** Accounts whose listener failed to start wait before the next attempt (longer each time). */
  const retryAfter = new Map<number, { at: number; failures: number }>()
  const log = (message: string) => payload.logger.info({ msg: `switchboard worker ${settings.holder}: ${message}` })
  let stopping = false
  let tick: Promise<void> = Promise.resolve()

  const claimAccounts = async () => {
    const { docs } = await payload.find({
      collection: options.slugs.telegramAccounts,
      where: { status: { equals: 'connected' } },
      depth: 0,
      limit: 0,
      pagination: false,
      overrideAccess: true,
      select: { status: true },
    })
    const connected = new Set(docs.map((doc) => Number(doc.id)))
    for (const [id, listener] of listeners) if (!connected.has(id)) void listener.stop()
    for (const id of connected) {
      if (listeners.has(id) || stopping || (retryAfter.get(id)?.at ?? 0) > Date.now()) continue
      const lease = await leases.acquire(accountLeaseName(id), settings.holder)
      if (!lease) continue
      const listener = new AccountListener(payload, options, state, id, lease, leases, {
        heartbeatMs: settings.heartbeatSeconds * 1000,
        leaseTtlMs: settings.leaseTtlSeconds * 1000,
        staleAfterMs: settings.staleAfterMinutes * 60_000,
      })
      listeners.set(id, listener)
      void listener.done.then(() => listeners.get(id) === listener && listeners.delete(id))
      try {
        await listener.start()
        retryAfter.delete(id)
      } catch (error) {
        await listener.stop()
        if (isSessionRevoked(error)) {
          // No retry loop: the account waits for a new login.
          await markNeedsLogin(payload, options, id, `Telegram revoked the session (${(error as { errorMessage: string }).errorMessage})`)
          continue
        }
        const failures = (retryAfter.get(id)?.failures ?? 0) + 1
        const delayMs = Math.min(300_000, 5_000 * 2 ** (failures - 1))
        retryAfter.set(id, { at: Date.now() + delayMs, failures })
        payload.logger.error({ err: error, msg: `switchboard worker: account ${id} could not start listening; retrying in ${delayMs / 1000} s` })
      }
    }
  }

  const runQueues = async () => {
    const queues = [switchboardQueue, telegramQueue, ...[...listeners.keys()].map(telegramAccountQueue)]
    // A job whose runner died would block its concurrency key for good: released here first.
    await releaseAbandonedJobs(payload, settings.leaseTtlSeconds)
    await payload.jobs.handleSchedules({ allQueues: true })
    for (const queue of queues) {
      if (stopping) return
      // The jobs learn from their request that they run in this worker (its leases, its shutdown).
      await payload.jobs.run({ queue, limit: 20, silent: true, req: await createLocalReq({ context: { [workerContext]: state } }, payload) })
    }
  }

  const loop = async () => {
    try {
      await claimAccounts()
      await runQueues()
    } catch (error) {
      payload.logger.error({ err: error, msg: 'switchboard worker: a round failed; retrying next round' })
    }
  }
  tick = loop()
  const timer = setInterval(() => {
    // One round at a time: a slow round delays the next instead of overlapping it.
    tick = tick.then(() => (stopping ? undefined : loop()))
  }, settings.pollSeconds * 1000)
  log(`started (lease TTL ${settings.leaseTtlSeconds} s, heartbeat ${settings.heartbeatSeconds} s)`)

  return {
    holder: settings.holder,
    accounts: () => [...listeners.keys()],
    stop: async () => {
      if (stopping) return
      stopping = true
      clearInterval(timer)
      state.shutdown.abort(new Error('the worker is shutting down'))
      await Promise.race([tick, new Promise((resolve) => setTimeout(resolve, 6_000).unref())])
      await Promise.all([...listeners.values()].map((listener) => listener.stop({ waitMs: 2_000 })))
      log('stopped; leases released')
    },
  }
}
