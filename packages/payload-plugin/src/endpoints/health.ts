import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { type HealthOptions, readHealth } from '../stats/health'

/**
 * `GET /api/switchboard/health`: 200 when healthy, 503 otherwise (for load balancers and uptime
 * monitors), with the reasons and what to do about each, the database latency, every Telegram
 * account's listener and lease, and the depth of Switchboard's jobs queues. Public: it names
 * accounts and workers but reveals no sessions, messages or conversation data. The admin's health
 * panel shows the same report (`readHealth`).
 */
export const healthEndpoint = (options: ResolvedSwitchboardOptions, health: HealthOptions = {}): Endpoint => ({
  path: '/switchboard/health',
  method: 'get',
  handler: async (req) => {
    const report = await readHealth(req.payload, options, health)
    return Response.json(report, { status: report.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } })
  },
})
