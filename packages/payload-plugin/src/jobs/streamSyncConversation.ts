import { createLocalReq, type PayloadRequest, type TaskConfig } from 'payload'

import type { TaskSwitchboardStreamSyncConversation } from '../payload-types'
import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { syncChannel } from '../stream/channelSync'
import { streamClient } from '../stream/client'
import { RateLimitedError, RetryableStreamError } from '../stream/errors'
import { streamIds } from '../stream/ids'
import { isLastAttempt, isRecovery, nextRound, streamTaskRetries, wakeWaitingStreamRetries } from '../stream/retry'
import { dbFor } from '../db/sqlExecutor'
import { unsyncedStreamConversations } from '../db/streamSync'
import { conversationMembers } from '../stream/members'
import { findOwnDoc } from '../localApi'
import { fromStreamContext, streamSyncConversationTask, streamTaskSlugs, switchboardQueue } from '../constants'

/** Both Stream tasks; the message task's slug is spelled here to keep the import one-way. */

/** Queues a channel sync with the caller's `req`, so it commits or rolls back with the change. */
export const queueConversationSync = (req: PayloadRequest, conversationId: number | string, waitUntil?: Date, round?: number) =>
  req.payload.jobs.queue({
    task: streamSyncConversationTask,
    input: { conversationId: String(conversationId), ...(round ? { retryRound: round } : {}) },
    queue: switchboardQueue,
    req,
    waitUntil,
  })

/** Sync status is written with a request of its own: a failing task must not roll it back. */
const recordStatus = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, id: number | string, data: Record<string, unknown>) =>
  req.payload.update({
    collection: options.slugs.conversations,
    id,
    data,
    context: { [fromStreamContext]: true },
    depth: 0,
    overrideAccess: true,
    req: await createLocalReq({}, req.payload),
  })

export const isMirrored = (stream: ResolvedStreamOptions, source: unknown): boolean =>
  stream.mirroredSources.includes(source as never)

/** A conversation's channel sync jobs share the concurrency key `stream-channel:<id>`. */
const channelKeyPrefix = 'stream-channel:'

/** How many conversations one reconcile run queues at most; the next run takes the rest. */
export const reconcileBatch = 200

/**
 * The safety net under the per-job retries: queues a channel sync for every mirrored
 * conversation whose Stream state is `pending` or `failed` and that has no open job (its job
 * was lost, or Stream refused it for a reason that may have been fixed since, say a wrong
 * secret). Least recently tried first, at most `reconcileBatch` a run, so conversations that keep
 * failing cannot starve the others. Returns how many it queued.
 */
export const reconcileStreamConversations = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions) => {
  const ids = await unsyncedStreamConversations(await dbFor(req), options, stream, { channelKeyPrefix, limit: reconcileBatch })
  for (const id of ids) await queueConversationSync(req, id)
  return ids.length
}

/**
 * Mirrors one conversation into its Stream channel (see `syncChannel`). One job per conversation
 * runs at a time, and a newer pending job replaces older ones: only the latest state matters.
 * Network errors, 5xx: retried with backoff for as long as Stream is down (see `stream/retry.ts`);
 * the conversation shows `failed` and the error meanwhile. 429: rescheduled for after
 * `X-RateLimit-Reset`. Other refusals: recorded on the conversation, not retried by the job
 * (the scheduled reconcile tries again). Every 5 minutes a reconcile run queues the
 * conversations left unsynced without a job.
 */
export const streamSyncConversation = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardStreamSyncConversation> => ({
  slug: streamSyncConversationTask,
  label: 'Switchboard: mirror a conversation into Stream',
  inputSchema: [
    // The conversation to mirror; absent on a reconcile run.
    { name: 'conversationId', type: 'text' },
    // A reconcile run (scheduled): queue every mirrored conversation that is not synced and has no job.
    { name: 'reconcile', type: 'checkbox' },
    { name: 'retryRound', type: 'number' },
  ],
  outputSchema: [
    { name: 'channelId', type: 'text' },
    { name: 'added', type: 'number' },
    { name: 'removed', type: 'number' },
    { name: 'skipped', type: 'text' },
    { name: 'queued', type: 'number' },
    { name: 'retryAt', type: 'date' },
  ],
  concurrency: {
    key: ({ input }) => `${channelKeyPrefix}${input.reconcile ? 'reconcile' : input.conversationId}`,
    exclusive: true,
    supersedes: true,
  },
  retries: streamTaskRetries,
  ...(options.stream
    ? {
        schedule: [
          {
            cron: '*/5 * * * *',
            queue: switchboardQueue,
            hooks: {
              beforeSchedule: async (args) => ({ ...(await args.defaultBeforeSchedule(args)), input: { reconcile: true } }),
            },
          },
        ],
      }
    : {}),
  handler: async ({ input, job, req }) => {
    // Registered even without Stream keys, so the jobs table's task list never depends on them.
    const stream = options.stream
    if (!stream) return { output: { skipped: 'Stream is not configured' } }
    const { conversationId: id, reconcile } = input
    if (reconcile) return { output: { queued: await reconcileStreamConversations(req, options, stream) } }
    if (!id) return { output: { skipped: 'no conversation given' } }
    const conversation = await findOwnDoc(req.payload, options, 'conversations', id, req)
    if (!conversation) return { output: { skipped: 'the conversation no longer exists' } }
    if (!isMirrored(stream, conversation.source)) return { output: { skipped: `source "${conversation.source}" is not mirrored` } }

    const { members, createdById } = await conversationMembers(req, options, stream, conversation)
    if (!createdById) {
      // Nothing to mirror until someone joins (which queues a sync): no state to retry from.
      await recordStatus(req, options, conversation.id, { streamSyncStatus: null, streamError: 'Not mirrored: the conversation has no participants.' })
      return { output: { skipped: 'the conversation has no participants' } }
    }
    const channelId = streamIds(stream).channel(conversation.id)
    try {
      const result = await syncChannel(streamClient(stream), stream, channelId, members, createdById, conversation.title || undefined)
      await recordStatus(req, options, conversation.id, {
        streamChannelId: channelId,
        streamSyncStatus: 'synced',
        streamSyncedAt: new Date().toISOString(),
        streamError: null,
      })
      // Stream answers again: everything waiting out the outage goes now. Otherwise the messages
      // that arrived before their channel existed need not wait out their backoff.
      if (isRecovery(job, input)) await wakeWaitingStreamRetries(req, streamTaskSlugs)
      else await wakeWaitingStreamRetries(req, streamTaskSlugs, `stream-messages:${conversation.id}`)
      return { output: { channelId, added: result.added, removed: result.removed } }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (error instanceof RateLimitedError) {
        await queueConversationSync(await createLocalReq({}, req.payload), conversation.id, error.resetAt)
        await recordStatus(req, options, conversation.id, { streamSyncStatus: 'pending', streamError: message })
        return { output: { skipped: message } }
      }
      if (!(error instanceof RetryableStreamError)) {
        await recordStatus(req, options, conversation.id, { streamSyncStatus: 'failed', streamError: message })
        return { output: { skipped: message } }
      }
      if (!isLastAttempt(job, input)) {
        const streamError = `${message} (retrying)`
        if (conversation.streamSyncStatus !== 'failed' || conversation.streamError !== streamError) {
          await recordStatus(req, options, conversation.id, { streamSyncStatus: 'failed', streamError })
        }
        throw error
      }
      // Out of attempts and Stream still down: the next round waits longer, however long it takes.
      const { retryRound, waitUntil } = nextRound(input)
      await queueConversationSync(req, conversation.id, waitUntil, retryRound)
      await recordStatus(req, options, conversation.id, {
        streamSyncStatus: 'failed',
        streamError: `${message} (retrying at ${waitUntil.toISOString()})`,
      })
      return { output: { skipped: message, retryAt: waitUntil.toISOString() } }
    }
  },
})
