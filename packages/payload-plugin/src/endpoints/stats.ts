import type { Endpoint } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { dashboardStats } from '../stats/dashboardStats'
import { messageVolume } from '../stats/messageVolume'
import { EndpointError, handleEndpointErrors } from './errors'

const dayMs = 24 * 60 * 60 * 1000
const maxRangeDays = 2 * 366

/** `GET /api/switchboard/stats` and `GET /api/switchboard/stats/message-volume?bucket=day|week&from=&to=`, staff only. */
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
        const bucket = req.searchParams.get('bucket') ?? 'day'
        if (bucket !== 'day' && bucket !== 'week') throw new EndpointError(400, '"bucket" must be "day" or "week".')
        const parse = (name: string, fallback: Date) => {
          const value = req.searchParams.get(name)
          if (!value) return fallback
          const date = new Date(value)
          if (Number.isNaN(date.getTime())) throw new EndpointError(400, `"${name}" must be a date, e.g. 2026-01-31.`)
          return date
        }
        const to = parse('to', new Date())
        const from = parse('from', new Date(to.getTime() - (bucket === 'day' ? 30 : 26 * 7) * dayMs))
        if (from >= to) throw new EndpointError(400, '"from" must be before "to".')
        if (to.getTime() - from.getTime() > maxRangeDays * dayMs) throw new EndpointError(400, 'Ask for at most two years at a time.')
        const series = await messageVolume(req.payload, options, { bucket, from, to })
        return Response.json({ bucket, from: from.toISOString(), to: to.toISOString(), series })
      }),
  },
]
