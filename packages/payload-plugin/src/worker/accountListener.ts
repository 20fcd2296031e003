import type { Payload } from 'payload'

import type { TelegramClient } from '../telegram/listen'
import type { ResolvedSwitchboardOptions } from '../types'

import { queueDiscovery, queueHistorySync } from '../jobs/telegramJobs'
import { queueWaitingEmail } from '../jobs/waitingEmailTask'
import { findAccount, isSessionRevoked, markNeedsLogin, openSession, recordAccountIdentity, updateAccount } from '../telegram/accounts'
import { catchUp } from '../telegram/catchUp'
import { createTelegramClient } from '../telegram/client'
import { adoptAccountClient, releaseAccountClient } from '../telegram/clientPool'
import { connectionStateOf, onRawUpdates, ownUserId, pingUpdates, updateLane } from '../telegram/listen'
import { applyUpdate, saveUpdateState, stateOf, type UpdateTarget } from '../telegram/updates'
import { fence, type Lease, LeaseLostError, type leases as leasesOf } from './leases'
import type { WorkerState } from './workerState'

export interface ListenerTiming {
  heartbeatMs: number
  /** The lease's TTL: without a successful heartbeat for this long (less one heartbeat) the listener disconnects. */
  leaseTtlMs: number
  /** No update for this long: the connection is presumed stale and checked. */
  staleAfterMs: number
}

type ListenerState = 'connecting' | 'listening' | 'reconnecting' | 'stopped'

/**
 * One account's real-time listener, run by the worker that holds the account's lease. The lease
 * is taken before the client connects (two connections on one session get AUTH_KEY_DUPLICATED),
 * heartbeated, and its fencing token guards every write. Updates are applied one at a time per
 * conversation (GramJS runs handlers concurrently); after connecting and after every reconnect the
 * listener catches up with `getDifference`. A revoked session marks the account `needs-login`.
 */
export class AccountListener {
  private client?: TelegramClient
  private readonly handler = (update: unknown) => void this.onUpdate(update)
  private unsubscribe?: () => void
  private readonly chains = new Map<string, Promise<void>>()
  private timers: NodeJS.Timeout[] = []
  private lastUpdateAt = Date.now()
  /** When the last successful heartbeat (or the acquisition) was sent. */
  private lastHeartbeatAt = Date.now()
  private heartbeating = false
  private me?: bigint
  private isBot = false
  private stopped = false
  private connectionLost = false
  private catchingUp?: Promise<void>
  /** Live updates received during a catch-up, applied when it ends. */
  private readonly held: unknown[] = []
  /** Resolves when the listener has stopped, whatever the reason. */
  readonly done: Promise<void>
  private finish!: () => void

  constructor(
    private readonly payload: Payload,
    private readonly options: ResolvedSwitchboardOptions,
    private readonly worker: WorkerState,
    readonly accountId: number,
    readonly lease: Lease,
    private readonly leases: ReturnType<typeof leasesOf>,
    private readonly timing: ListenerTiming,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve))
  }

  private get target(): UpdateTarget {
    return {
      payload: this.payload,
      options: this.options,
      accountId: this.accountId,
      guard: fence(this.options, this.lease),
      // Discovery fills in the rest (flags, people, history); bots have no dialog list to discover.
      onUnknownPeer: async () => {
        if (!this.isBot) await queueDiscovery({ payload: this.payload }, this.accountId)
      },
      customerWaiting: (req, message) => queueWaitingEmail(req, this.options, message),
    }
  }

  private log(message: string) {
    this.payload.logger.info({ msg: `switchboard worker: account ${this.accountId}: ${message}` })
  }

  private async setState(listenerState: ListenerState) {
    await updateAccount(this.payload, this.options, this.accountId, { listenerState }).catch(() => undefined)
  }

  async start(): Promise<void> {
    // From the moment the lease is held: connecting and the first catch-up can outlast the TTL.
    this.timers.push(setInterval(() => void this.beat(), this.timing.heartbeatMs))
    await this.setState('connecting')
    const account = await findAccount(this.payload, this.options, this.accountId)
    const session = account && openSession(this.payload, this.options, account)
    if (!session) throw new Error('the account has no session')
    this.client = createTelegramClient(session, this.options.telegram)
    await this.client.connect()
    this.worker.leases.set(this.accountId, this.lease)
    adoptAccountClient(this.payload, this.accountId, this.client)
    this.me = await ownUserId(this.client)
    // Known before any update is stored: this user is never linked to a customer.
    if (this.me !== undefined) await recordAccountIdentity(this.payload, this.options, this.accountId, Number(this.me))
    this.unsubscribe = onRawUpdates(this.client, this.handler)
    this.isBot = account.kind === 'bot'
    await this.catchUpNow()
    await this.setState('listening')
    this.timers.push(setInterval(() => void this.watch(), Math.min(60_000, this.timing.staleAfterMs)))
    this.log(`listening (lease ${this.lease.name}, token ${this.lease.fencingToken})`)
  }

  /**
   * Catches up from the stored update state. Live updates that arrive meanwhile are held and
   * applied after it: applied first, they would move the stored state and the conversations'
   * cursors past what catch-up (or the history sync it falls back to) has still to fetch.
   */
  private async catchUpNow(): Promise<void> {
    if (!this.client || this.stopped) return
    this.catchingUp ??= catchUp(
      this.client,
      this.target,
      {
        lease: this.lease,
        // Bots cannot read history: what Telegram no longer replays is gone for them.
        reconcileAccount: async () => void (this.isBot ? undefined : await queueDiscovery({ payload: this.payload }, this.accountId)),
        reconcileConversation: async (id) => void (this.isBot ? undefined : await queueHistorySync(this.payload, this.options, id, 'incremental')),
      },
      { maxSleepSeconds: this.options.telegram.floodSleepMaxSeconds, retries: this.options.telegram.floodRetries },
      this.me,
    )
      .then((report) => this.log(`caught up (${report.mode}, ${report.messages} messages)`))
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.catchingUp = undefined
        for (const update of this.held.splice(0)) this.onUpdate(update)
      })
    return this.catchingUp
  }

  private onUpdate(update: unknown) {
    if (this.stopped) return
    const connection = connectionStateOf(update)
    if (connection) {
      // GramJS also reports "connected" after ordinary pings: only a connection that was lost catches up.
      if (connection !== 'connected') {
        this.connectionLost = true
        void this.setState('reconnecting')
      } else if (this.connectionLost) {
        this.connectionLost = false
        void this.catchUpNow().then(() => this.setState('listening'))
      }
      return
    }
    this.lastUpdateAt = Date.now()
    if (this.catchingUp) {
      this.held.push(update)
      return
    }
    const key = updateLane(update)
    const previous = this.chains.get(key) ?? Promise.resolve()
    const next = previous
      .then(async () => {
        if (this.stopped) return
        if (await applyUpdate(this.target, update, this.me)) await saveUpdateState(this.target, stateOf(update), this.lease)
      })
      .catch((error: unknown) => this.fail(error))
    this.chains.set(key, next)
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key)
    })
  }

  /**
   * Renews the lease. A heartbeat that fails (the database is unreachable) is not a renewal: once
   * the last one that succeeded is older than the TTL minus one heartbeat, another worker may take
   * the lease at any moment, so this one disconnects from Telegram first (two connections on one
   * session get AUTH_KEY_DUPLICATED). The deadline is checked before each heartbeat, so a
   * heartbeat that hangs does not hold it up.
   */
  private async beat() {
    if (this.stopped) return
    if (Date.now() - this.lastHeartbeatAt > this.timing.leaseTtlMs - this.timing.heartbeatMs) {
      this.log('could not renew its lease in time (is the database reachable?); disconnecting before another worker may take over')
      return this.stop({ release: false, waitMs: 0 })
    }
    if (this.heartbeating) return
    this.heartbeating = true
    const sentAt = Date.now()
    try {
      if (await this.leases.heartbeat(this.lease)) this.lastHeartbeatAt = sentAt
      else {
        this.log('lost its lease to another worker; stopping without writing')
        await this.stop({ release: false })
      }
    } catch (error) {
      this.payload.logger.warn({ err: error, msg: `switchboard worker: account ${this.accountId}: the lease heartbeat failed` })
    } finally {
      this.heartbeating = false
    }
  }

  /**
   * No update for a long time: ask Telegram for its state (a ping); if that fails, reconnect. A
   * reconnect that fails is logged and tried again at the next check: nothing here may reject
   * (it runs from a timer, where a rejection would end the worker).
   */
  private async watch() {
    const client = this.client
    if (this.stopped || !client || Date.now() - this.lastUpdateAt < this.timing.staleAfterMs) return
    try {
      await pingUpdates(client)
      this.lastUpdateAt = Date.now()
      return
    } catch (error) {
      if (isSessionRevoked(error)) return this.fail(error)
    }
    try {
      this.log('connection looks stale; reconnecting')
      await this.setState('reconnecting')
      await client.disconnect().catch(() => undefined)
      if (this.stopped) return
      await client.connect()
      this.lastUpdateAt = Date.now()
      await this.catchUpNow()
      await this.setState('listening')
    } catch (error) {
      if (isSessionRevoked(error)) return this.fail(error)
      this.payload.logger.error({ err: error, msg: `switchboard worker: account ${this.accountId}: reconnecting failed; trying again at the next check` })
    }
  }

  private async fail(error: unknown) {
    if (this.stopped) return
    if (error instanceof LeaseLostError) {
      this.log('a write was refused: the lease was taken over')
      return this.stop({ release: false })
    }
    if (isSessionRevoked(error)) {
      const reason = `Telegram revoked the session (${(error as { errorMessage: string }).errorMessage})`
      this.log(reason)
      await markNeedsLogin(this.payload, this.options, this.accountId, reason)
      return this.stop({ release: true })
    }
    this.payload.logger.error({ err: error, msg: `switchboard worker: account ${this.accountId}: update failed` })
  }

  /** Stops listening: waits briefly for updates being written, disconnects, releases the lease. */
  async stop({ release = true, waitMs = 5_000 }: { release?: boolean; waitMs?: number } = {}): Promise<void> {
    if (this.stopped) return this.done
    this.stopped = true
    for (const timer of this.timers) clearInterval(timer)
    this.unsubscribe?.()
    await Promise.race([Promise.allSettled([...this.chains.values(), this.catchingUp]), new Promise((resolve) => setTimeout(resolve, waitMs).unref())])
    this.worker.leases.delete(this.accountId)
    await releaseAccountClient(this.payload, this.accountId).catch(() => undefined)
    if (release) {
      await this.leases.release(this.lease).catch(() => undefined)
      await this.setState('stopped')
    }
    this.finish()
  }
}
