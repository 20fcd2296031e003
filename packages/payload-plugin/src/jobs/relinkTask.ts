import type { TaskConfig } from 'payload'

import type { TaskSwitchboardRelink } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { relinkAll } from '../identity/relinkAll'
import { relinkTaskSlug } from '../constants'


const counts = ['examined', 'linked', 'restored', 'stale', 'ambiguous', 'reused', 'unchanged', 'withdrawn'] as const

/**
 * Jobs-queue task running the linking backfill (`relinkAll`). Queue it after importing users or
 * Telegram accounts in bulk; its output holds the report.
 */
export const relinkTask = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardRelink> => ({
  slug: relinkTaskSlug,
  label: 'Switchboard: re-apply automatic Telegram linking',
  inputSchema: [{ name: 'dryRun', type: 'checkbox', defaultValue: false }],
  outputSchema: counts.map((name) => ({ name, type: 'number' as const })),
  retries: 2,
  handler: async ({ input, req }) => {
    const { dryRun: _dryRun, ...output } = await relinkAll(req.payload, options, { dryRun: Boolean(input.dryRun) })
    return { output }
  },
})
