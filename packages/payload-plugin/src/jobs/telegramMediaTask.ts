import type { TaskConfig } from 'payload'

import type { TaskSwitchboardTelegramMedia } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { accountClient } from '../telegram/clientPool'
import { downloadPendingMedia } from '../telegram/media'
import { settleTelegramFailure } from './telegramFailure'
import { queueMedia } from './telegramJobs'
import { workerOf } from '../worker/workerState'
import { telegramMediaTask } from '../constants'

/**
 * Downloads one account's pending media in batches. One run per account at a time (a newer
 * pending run replaces an older one), with at most `concurrencyPerAccount` downloads inside it;
 * it queues the next batch itself, or reschedules after a FloodWait.
 */
export const telegramMediaTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardTelegramMedia> => ({
  slug: telegramMediaTask,
  label: 'Switchboard: download Telegram media',
  inputSchema: [{ name: 'accountId', type: 'text', required: true }],
  outputSchema: [
    { name: 'downloaded', type: 'number' },
    { name: 'failed', type: 'number' },
    { name: 'skipped', type: 'number' },
    { name: 'skippedReason', type: 'text' },
  ],
  concurrency: { key: ({ input }) => `telegram-media:${input.accountId}`, exclusive: true, supersedes: true },
  retries: { attempts: 3, backoff: { type: 'exponential', delay: 10_000 } },
  handler: async ({ input, req }) => {
    const accountId = Number(input.accountId)
    if (!options.telegram.media.enabled) return { output: { skippedReason: 'media downloads are turned off' } }
    try {
      const client = await accountClient(req.payload, options, accountId, workerOf(req)?.leases)
      const report = await downloadPendingMedia(req.payload, options, accountId, client)
      if (report.more) await queueMedia(req.payload, accountId, report.waitUntil)
      return { output: { downloaded: report.downloaded, failed: report.failed, skipped: report.skipped } }
    } catch (error) {
      const settled = await settleTelegramFailure(req.payload, options, accountId, error, (until) => queueMedia(req.payload, accountId, until))
      return { output: { skippedReason: settled.skipped } }
    }
  },
})
