import type { TaskConfig } from 'payload'

import type { TaskSwitchboardTelegramDiscover } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { accountSource } from '../telegram/accountSource'
import { discoverDialogs } from '../telegram/sync/discoverDialogs'
import { settleTelegramFailure } from './telegramFailure'
import { queueDiscovery, queueHistorySync, queueMedia } from './telegramJobs'
import { telegramDiscoverTask, telegramQueue } from '../constants'
import { workerOf } from '../worker/workerState'

/**
 * Dialog discovery. Without an account (the schedule) it queues one run per connected account;
 * with one it upserts that account's conversations, queues a full sync for new ones and an
 * incremental sync for those whose newest message is beyond their cursor.
 */
export const telegramDiscoverTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardTelegramDiscover> => ({
  slug: telegramDiscoverTask,
  label: 'Switchboard: discover Telegram dialogs',
  inputSchema: [{ name: 'accountId', type: 'text' }],
  outputSchema: [
    { name: 'dialogs', type: 'number' },
    { name: 'created', type: 'number' },
    { name: 'queued', type: 'number' },
    { name: 'skipped', type: 'text' },
  ],
  concurrency: { key: ({ input }) => `telegram-discover:${input.accountId ?? 'all'}`, exclusive: true, supersedes: true },
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
  ...(options.telegram.discoverySchedule ? { schedule: [{ cron: options.telegram.discoverySchedule, queue: telegramQueue }] } : {}),
  handler: async ({ input, req }) => {
    const { payload } = req
    const accountInput = input.accountId
    if (!accountInput) {
      const { docs } = await payload.find({
        collection: options.slugs.telegramAccounts,
        where: { status: { equals: 'connected' } },
        depth: 0,
        limit: 0,
        overrideAccess: true,
        pagination: false,
      })
      for (const account of docs) await queueDiscovery(req, Number(account.id))
      return { output: { queued: docs.length } }
    }
    const accountId = Number(accountInput)
    try {
      const source = await accountSource(payload, options, accountId, workerOf(req)?.leases)
      const report = await discoverDialogs(payload, options, source, accountId)
      let queued = 0
      for (const id of report.createdIds) if (await queueHistorySync(payload, options, id, 'full')) queued++
      for (const id of report.behind) if (await queueHistorySync(payload, options, id, 'incremental')) queued++
      // Media that failed earlier is retried on this schedule too.
      if (options.telegram.media.enabled) await queueMedia(payload, accountId)
      return { output: { dialogs: report.dialogs, created: report.created, queued } }
    } catch (error) {
      return { output: await settleTelegramFailure(payload, options, accountId, error, (until) => queueDiscovery(req, accountId, until)) }
    }
  },
})
