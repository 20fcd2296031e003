import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { isStaff } from '../access/roles'
import { type HealthOptions, type HealthReport, readHealth } from '../stats/health'

/** What anyone may see: enough for a load balancer or an uptime monitor, nothing about the hosts. */
export interface HealthSummary {
  status: HealthReport['status']
  checkedAt: string
  database: { ok: boolean }
  /** How many reasons fail the check, and how many warnings there are; staff see them. */
  reasonCount: number
  warningCount: number
  details: string
}

export const summarizeHealth = (report: HealthReport): HealthSummary => ({
  status: report.status,
  checkedAt: report.checkedAt,
  database: { ok: report.database.ok },
  reasonCount: report.reasons.length,
  warningCount: report.warnings.length,
  details: 'Log in as staff (or see the Switchboard health panel in the admin) for the reasons, accounts, workers and queues.',
})

/**
 * `GET /api/switchboard/health`: 200 when healthy, 503 otherwise, for anyone (load balancers
 * and uptime monitors). Anonymous callers get a summary — the status and how many problems —
 * because the full report names Telegram accounts and the workers' hosts and process ids; staff
 * (Payload login) get the full report with the reasons and what to do about each, the database
 * latency, every account's listener and lease, and the jobs queues. The admin's health panel
 * shows the same report (`readHealth`).
 */
export const healthEndpoint = (options: ResolvedSwitchboardOptions, health: HealthOptions = {}): Endpoint => ({
  path: '/switchboard/health',
  method: 'get',
  handler: async (req) => {
    const report = await readHealth(req.payload, options, health)
    return Response.json(isStaff(req.user) ? report : summarizeHealth(report), {
      status: report.status === 'ok' ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
    })
  },
})
