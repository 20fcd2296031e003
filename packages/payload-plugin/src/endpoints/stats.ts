import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { dashboardStats } from '../stats/dashboardStats'
import { helpdeskReport } from '../stats/helpdeskReport'
import { messageVolume } from '../stats/messageVolume'
import { EndpointError, handleEndpointErrors } from '../http/errors'

const dayMs = 24 * 60 * 60 * 1000
const maxRangeDays = 2 * 366

/**
 * `GET /api/switchboard/stats`, `GET /api/switchboard/stats/message-volume?bucket=day|week&from=&to=` and
 * `GET /api/switchboard/stats/helpdesk?bucket=day|week&from=&to=` (response and resolution times), staff only.
 */
export const statsEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  {
    path: '/switchboard/stats',
    method: 'get',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        requireStaff(req)
        return Response.json(await dashboardStats(req.payload, options))
      }),
  },
  {
    path: '/switchboard/stats/message-volume',
    method: 'get',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        requireStaff(req)
        const { bucket, from, to } = rangeOf(req.searchParams, { day: 30, week: 26 * 7 })
        const series = await messageVolume(req.payload, options, { bucket, from, to })
        return Response.json({ bucket, from: from.toISOString(), to: to.toISOString(), series })
      }),
  },
  {
    path: '/switchboard/stats/helpdesk',
    method: 'get',
    handler: (req) =>
      handleEndpointErrors(req, async () => {
        requireStaff(req)
        const { bucket, from, to } = rangeOf(req.searchParams, { day: 30, week: 12 * 7 })
        const report = await helpdeskReport(req.payload, options, { bucket, from, to })
        return Response.json({ bucket, from: from.toISOString(), to: to.toISOString(), ...report })
      }),
  },
]

/** `bucket=day|week&from=&to=` of the stats endpoints; 400 for anything else. Default: the last `days[bucket]` days. */
const rangeOf = (params: URLSearchParams, days: { day: number; week: number }) => {
  const bucket = params.get('bucket') ?? 'day'
  if (bucket !== 'day' && bucket !== 'week') throw new EndpointError(400, '"bucket" must be "day" or "week".')
  const parse = (name: string, fallback: Date) => {
    const value = params.get(name)
    if (!value) return fallback
    const date = new Date(value)
    if (Number.isNaN(date.getTime())) throw new EndpointError(400, `"${name}" must be a date, e.g. 2026-01-31.`)
    return date
  }
  const to = parse('to', new Date())
  const from = parse('from', new Date(to.getTime() - days[bucket] * dayMs))
  if (from >= to) throw new EndpointError(400, '"from" must be before "to".')
  if (to.getTime() - from.getTime() > maxRangeDays * dayMs) throw new EndpointError(400, 'Ask for at most two years at a time.')
  return { bucket: bucket as 'day' | 'week', from, to }
}
