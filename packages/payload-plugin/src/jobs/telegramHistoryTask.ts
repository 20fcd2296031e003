import type { TaskConfig } from 'payload'

import type { TaskSwitchboardTelegramHistory } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { findOwnDoc, relationId } from '../localApi'
import { accountSource } from '../telegram/accountSource'
import { peerFromMarkedId } from '../telegram/peers'
import { syncHistory, type SyncTarget } from '../telegram/sync/historySync'
import { workerOf } from '../worker/workerState'
import { settleTelegramFailure } from './telegramFailure'
import { queueHistorySync, queueMedia } from './telegramJobs'
import { poolSql } from '../db/sqlExecutor'
import { telegramHistoryTask } from '../constants'

import { markSyncStatus } from '../db/syncState'

/**
 * Syncs one conversation's history (`full` or `incremental`, see `syncHistory`). One run per
 * conversation at a time. Progress is on the conversation after every page; a killed run resumes
 * from the stored cursors when the job is retried or queued again.
 */
export const telegramHistoryTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardTelegramHistory> => ({
  slug: telegramHistoryTask,
  label: 'Switchboard: sync a Telegram conversation’s history',
  inputSchema: [
    { name: 'conversationId', type: 'text', required: true },
    { name: 'mode', type: 'select', options: ['full', 'incremental'], required: true },
  ],
  outputSchema: [
    { name: 'pages', type: 'number' },
    { name: 'inserted', type: 'number' },
    { name: 'updated', type: 'number' },
    { name: 'deleted', type: 'number' },
    { name: 'skipped', type: 'text' },
  ],
  concurrency: { key: ({ input }) => `telegram-history:${input.conversationId}`, exclusive: true },
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } },
  handler: async ({ input, req }) => {
    const { conversationId, mode } = input
    const id = Number(conversationId)
    const conversation = await findOwnDoc(req.payload, options, 'conversations', id)
    const accountId = Number(relationId(conversation?.account))
    if (!conversation || conversation.source !== 'telegram' || !accountId) return { output: { skipped: 'not a Telegram conversation' } }
    const target: SyncTarget = {
      conversationId: id,
      peer: peerFromMarkedId(Number(conversation.externalId), conversation.telegramAccessHash ?? null),
      lastSyncedMessageId: conversation.lastSyncedMessageId ?? null,
      backfillCursor: conversation.backfillCursor ?? null,
      fullSyncCompleted: Boolean(conversation.fullSyncCompleted),
    }
    await markSyncStatus(poolSql(req.payload), options, id, 'running')
    try {
      const worker = workerOf(req)
      const source = await accountSource(req.payload, options, accountId, worker?.leases)
      const report = await syncHistory(req.payload, options, source, target, mode, {
        guard: worker?.leaseGuard(options, accountId),
        signal: worker?.shutdown.signal,
      })
      await markSyncStatus(poolSql(req.payload), options, id, 'idle')
      if (report.inserted && options.telegram.media.enabled) await queueMedia(req.payload, accountId)
      return { output: { pages: report.pages, inserted: report.inserted, updated: report.updated, deleted: report.deleted } }
    } catch (error) {
      await markSyncStatus(poolSql(req.payload), options, id, 'failed', error instanceof Error ? error.message : String(error))
      const settled = await settleTelegramFailure(req.payload, options, accountId, error, (until) =>
        queueHistorySync(req.payload, options, id, mode, { waitUntil: until }),
      )
      return { output: settled }
    }
  },
})
