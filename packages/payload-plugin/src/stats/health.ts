import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { pingDatabase } from '../db/health'
import { queueHealthRows } from '../db/jobs'
import { listLeases } from '../db/leases'
import { accountHealthRows } from '../db/telegramAccounts'
import { findStuckJobs, type StuckJob } from '../jobs/abandonedJobs'
import { accountLeaseName } from '../worker/leases'
import { workerSettings } from '../worker/worker'
import { poolSql } from '../db/sqlExecutor'
import { readStreamHealth, type StreamHealth, streamWarning } from '../stream/health'
import { switchboardQueue, telegramQueue } from '../constants'

/** A runnable job older than this (seconds) makes the system unhealthy: nothing is running the queue. */
export const defaultMaxPendingAgeSeconds = 10 * 60

/** The prefix of the lease that guards a Telegram account's listener: `telegram-account:<id>`. */
const accountLeasePrefix = accountLeaseName('')

export interface HealthOptions {
  /**
   * How long (seconds) a runnable job may wait before the check fails.
   * @default 600
   */
  maxPendingAgeSeconds?: number
  /**
   * A job `processing` without a heartbeat for this long (seconds) is stuck: its worker stopped.
   * @default the worker's lease TTL (`SWITCHBOARD_LEASE_TTL_SECONDS`, 120)
   */
  stuckAfterSeconds?: number
}

export type ListenerState = 'connecting' | 'listening' | 'reconnecting' | 'stopped'

export interface LeaseHealth {
  id: number
  /** `telegram-account:<id>` for a Telegram listener. */
  name: string
  /** The worker holding it (host and process), as the worker wrote it. */
  holder: null | string
  fencingToken: number
  acquiredAt: null | string
  heartbeatAt: null | string
  expiresAt: null | string
  /** Held, and `expiresAt` not passed (by the database's clock): the holder is alive. A released lease has no holder. */
  fresh: boolean
}

export interface AccountHealth {
  id: number
  name: string
  kind: 'bot' | 'user'
  status: 'connected' | 'needs-login'
  listenerState: ListenerState | null
  /** The last update received from Telegram. */
  lastUpdateAt: null | string
  lease: null | {
    holder: null | string
    /** When the current holder took the lease. */
    since: null | string
    heartbeatAt: null | string
    expiresAt: null | string
    fresh: boolean
  }
}

export interface QueueHealth {
  queue: string
  /** The account of a per-account Telegram queue (`switchboard-telegram:<id>`), else null. */
  accountId: null | number
  /** Jobs due now and waiting for a runner: not completed, not failed for good, not running, `waitUntil` passed. */
  pending: number
  /** Jobs a runner has picked up and not finished. */
  processing: number
  /** Jobs not yet due (retry backoff or scheduled): counted, never a reason to fail. */
  scheduled: number
  /** Since when the longest-waiting pending job has been due (created, or its `waitUntil` passed). */
  oldestPendingAt: null | string
  oldestPendingAgeSeconds: null | number
}

export interface HealthReport {
  status: 'ok' | 'unhealthy'
  /** Why the check fails, each with what to do. Empty when `status` is `ok`. */
  reasons: string[]
  /** Worth a look but not failing the check (a listener reconnecting to Telegram). */
  warnings: string[]
  checkedAt: string
  database: { ok: boolean; latencyMs: null | number }
  /** Telegram accounts that are not disabled, with the lease of their listener. */
  accounts: AccountHealth[]
  /** Switchboard's jobs queues (`switchboard`, `switchboard-telegram…`). */
  queues: QueueHealth[]
  /** Every lease row. */
  leases: LeaseHealth[]
  /** Jobs whose worker stopped mid-run, by concurrency key: a running worker releases them for a retry. */
  stuckJobs: StuckJob[]
  /** The Stream Chat mirror, when Stream is configured: an outage shows here and as a warning. */
  stream?: StreamHealth
}

export const databaseUnreachable = 'The database is not reachable. Check DATABASE_URL and that PostgreSQL is running.'

const iso = (value: unknown): null | string => {
  if (value === null || value === undefined) return null
  const date = value instanceof Date ? value : new Date(String(value))
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}
const text = (value: unknown): null | string => (value === null || value === undefined ? null : String(value))
const count = (value: unknown): number => Number(value ?? 0)

/** `45 s`, `3 min 20 s`, `2 h 5 min`: how long, for reasons a person reads. */
export const formatDuration = (seconds: number): string => {
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`
  const minutes = Math.floor(seconds / 60)
  const rest = Math.floor(seconds % 60)
  if (minutes < 10) return `${minutes} min${rest ? ` ${rest} s` : ''}`
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`
  return `${Math.floor(hours / 24)} days`
}

/** The account id of a per-account Telegram queue (`switchboard-telegram:<id>`). */
const accountOfQueue = (queue: string): null | number => {
  const prefix = `${telegramQueue}:`
  if (!queue.startsWith(prefix)) return null
  const id = Number(queue.slice(prefix.length))
  return Number.isSafeInteger(id) ? id : null
}

const accountLabel = (account: AccountHealth) => `Telegram account "${account.name}" (${account.id})`

/** The reasons and warnings an account gives, if any. */
const judgeAccount = (account: AccountHealth, adminRoute: string): { reason?: string; warning?: string } => {
  if (account.status === 'needs-login') {
    return {
      reason: `${accountLabel(account)} needs a new login: open Telegram → Connect account (${adminRoute}/telegram/connect?account=${account.id}) and log it in again.`,
    }
  }
  const { lease } = account
  if (!lease?.fresh) {
    const last = !lease
      ? ''
      : lease.holder
        ? ` Its last listener (${lease.holder}) stopped renewing the lease${lease.heartbeatAt ? ` (last heartbeat ${lease.heartbeatAt})` : ''}; if that worker is still running, check its log.`
        : ' Its last worker released the lease when it stopped.'
    return { reason: `${accountLabel(account)} has no worker listening: start \`npm run worker\`.${last}` }
  }
  if (account.listenerState !== 'listening') {
    const state = account.listenerState ?? 'stopped'
    return {
      warning: `${accountLabel(account)} is held by ${lease.holder ?? 'a worker'} but its listener is ${state}${state === 'reconnecting' ? ' to Telegram' : ''}: if this lasts, check that worker's log and the account's last error.`,
    }
  }
  return {}
}

/**
 * The health of Switchboard as an operator needs it: does the database answer, does a worker hold
 * the lease of every connected Telegram account, is any account waiting for a new login, is a
 * jobs queue backing up. Three queries, all judged by the database's clock (so a web server with a
 * skewed clock does not call a live worker's lease stale). Reveals no sessions or messages.
 * Never throws: a failure is a report with `status: 'unhealthy'`.
 */
export const readHealth = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  { maxPendingAgeSeconds = defaultMaxPendingAgeSeconds, stuckAfterSeconds = workerSettings().leaseTtlSeconds }: HealthOptions = {},
): Promise<HealthReport> => {
  const report: HealthReport = {
    status: 'ok',
    reasons: [],
    warnings: [],
    checkedAt: new Date().toISOString(),
    database: { ok: false, latencyMs: null },
    accounts: [],
    queues: [],
    leases: [],
    stuckJobs: [],
  }
  const db = poolSql(payload)

  const startedAt = performance.now()
  try {
    await pingDatabase(db)
    report.database = { ok: true, latencyMs: Math.round(performance.now() - startedAt) }
  } catch (error) {
    payload.logger.error({ err: error, msg: 'switchboard health check: the database did not answer' })
    return { ...report, status: 'unhealthy', reasons: [databaseUnreachable] }
  }

  try {
    // allSettled, not all: a failed query must not leave the others running after we answer.
    const settled = await Promise.allSettled([
      accountHealthRows(db, options, accountLeasePrefix),
      listLeases(db, options),
      queueHealthRows(db),
      findStuckJobs(payload, stuckAfterSeconds),
    ] as const)
    const failed = settled.find((result) => result.status === 'rejected')
    if (failed) throw failed.reason
    const [accounts, leases, queues, stuck] = settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as [
      Awaited<ReturnType<typeof accountHealthRows>>,
      Awaited<ReturnType<typeof listLeases>>,
      Awaited<ReturnType<typeof queueHealthRows>>,
      StuckJob[],
    ]
    report.stuckJobs = stuck

    report.accounts = accounts.map((row) => ({
      id: count(row.id),
      name: String(row.name),
      kind: row.kind === 'bot' ? 'bot' : 'user',
      status: row.status === 'connected' ? 'connected' : 'needs-login',
      listenerState: (text(row.listener_state) as ListenerState | null) ?? null,
      lastUpdateAt: iso(row.last_update_at),
      lease: row.has_lease
        ? {
            holder: text(row.holder),
            since: iso(row.acquired_at),
            heartbeatAt: iso(row.heartbeat_at),
            expiresAt: iso(row.expires_at),
            fresh: Boolean(row.fresh),
          }
        : null,
    }))
    report.leases = leases.map((row) => ({
      id: count(row.id),
      name: String(row.name),
      holder: text(row.holder),
      fencingToken: count(row.fencing_token),
      acquiredAt: iso(row.acquired_at),
      heartbeatAt: iso(row.heartbeat_at),
      expiresAt: iso(row.expires_at),
      fresh: Boolean(row.fresh),
    }))
    // The two queues are always listed, so an empty queue reads as "0 waiting", not as missing.
    const byQueue = new Map(queues.map((row) => [String(row.queue), row]))
    const listed = new Set(report.accounts.map((account) => account.id))
    const names = [...new Set([switchboardQueue, telegramQueue, ...byQueue.keys()])]
      // A disabled (or deleted) account's queue is nobody's to run: left out like the account.
      .filter((queue) => {
        const accountId = accountOfQueue(queue)
        return accountId === null || listed.has(accountId)
      })
      .sort()
    report.queues = names.map((queue) => {
      const row = byQueue.get(queue)
      return {
        queue,
        accountId: accountOfQueue(queue),
        pending: count(row?.pending),
        processing: count(row?.processing),
        scheduled: count(row?.scheduled),
        oldestPendingAt: iso(row?.oldest_pending_at),
        oldestPendingAgeSeconds: row?.oldest_age === null || row?.oldest_age === undefined ? null : count(row.oldest_age),
      }
    })
  } catch (error) {
    payload.logger.error({ err: error, msg: 'switchboard health check: reading accounts, leases and jobs failed' })
    const message = error instanceof Error ? error.message : String(error)
    return {
      ...report,
      status: 'unhealthy',
      reasons: [
        `Could not read Telegram accounts, leases and jobs (${message}). If the schema is behind, run the migrations (\`npm run payload -- migrate\`); otherwise check the server log.`,
      ],
    }
  }

  const adminRoute = payload.config.routes.admin
  for (const account of report.accounts) {
    const { reason, warning } = judgeAccount(account, adminRoute)
    if (reason) report.reasons.push(reason)
    if (warning) report.warnings.push(warning)
  }
  for (const job of report.stuckJobs)
    report.reasons.push(
      `Job ${job.id} (${job.task ?? 'task'}${job.concurrencyKey ? `, key ${job.concurrencyKey}` : ''}) on queue "${job.queue}" has had no heartbeat since ${job.quietSince}: the worker running it stopped, and the key's other jobs wait behind it. A running worker releases it for one retry; if this stays, start \`npm run worker\`.`,
    )
  for (const queue of report.queues) {
    if (queue.oldestPendingAgeSeconds === null || queue.oldestPendingAgeSeconds <= maxPendingAgeSeconds) continue
    // Already explained: the queue waits behind a stuck job.
    if (report.stuckJobs.some((job) => job.queue === queue.queue)) continue
    const waiting = `Queue "${queue.queue}" has ${queue.pending} job${queue.pending === 1 ? '' : 's'} waiting; the oldest has waited ${formatDuration(queue.oldestPendingAgeSeconds)} (limit ${formatDuration(maxPendingAgeSeconds)})`
    const account = queue.accountId === null ? undefined : report.accounts.find((a) => a.id === queue.accountId)
    if (!account) {
      report.reasons.push(`${waiting}: is a worker running? \`npm run worker\``)
    } else if (account.status === 'connected' && account.lease?.fresh) {
      // Without a login or a listening worker the account's own reason already says what to do.
      report.reasons.push(
        `${waiting}: the worker holding ${accountLabel(account)} (${account.lease.holder ?? 'unknown'}) is not running them; check its log, or restart it (\`npm run worker\`).`,
      )
    }
  }
  if (options.stream) {
    try {
      report.stream = await readStreamHealth(db, options, options.stream)
      const warning = streamWarning(report.stream)
      if (warning) report.warnings.push(warning)
    } catch (error) {
      payload.logger.error({ err: error, msg: 'switchboard health check: reading the Stream mirror state failed' })
      report.warnings.push('Could not read the Stream Chat mirror state; check the server log.')
    }
  }
  report.status = report.reasons.length ? 'unhealthy' : 'ok'
  return report
}
