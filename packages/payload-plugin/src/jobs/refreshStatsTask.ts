import type { TaskConfig } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { refreshVolumeRollup } from '../stats/messageVolume'
import { refreshStatsTaskSlug, switchboardQueue } from '../constants'

/** Rebuilds the message-volume rollup every 10 minutes (and whenever queued). */
export const refreshStatsTask = (options: ResolvedSwitchboardOptions): TaskConfig => ({
  slug: refreshStatsTaskSlug,
  label: 'Switchboard: rebuild the message-volume rollup',
  outputSchema: [{ name: 'rows', type: 'number' }],
  schedule: [{ cron: '*/10 * * * *', queue: switchboardQueue }],
  handler: async ({ req }) => ({ output: { rows: await refreshVolumeRollup(req.payload, options) } }),
})
