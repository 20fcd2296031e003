import { createLocalReq, type PayloadRequest, type TaskConfig } from 'payload'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { syncChannel } from '../stream/channelSync'
import { streamClient } from '../stream/client'
import { streamContext } from '../stream/context'
import { RateLimitedError, RetryableStreamError } from '../stream/errors'
import { streamIds } from '../stream/ids'
import { type ConversationLike, conversationMembers } from '../stream/members'
import { switchboardQueue } from './queues'
import { findDoc } from '../localApi'

export const streamSyncConversationTask = 'switchboardStreamSyncConversation'

/** Queues a channel sync with the caller's `req`, so it commits or rolls back with the change. */
export const queueConversationSync = (req: PayloadRequest, conversationId: number | string, waitUntil?: Date) =>
  req.payload.jobs.queue({
    task: streamSyncConversationTask,
    input: { conversationId: String(conversationId) },
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
    context: { [streamContext.fromStream]: true },
    depth: 0,
    overrideAccess: true,
    req: await createLocalReq({}, req.payload),
  })

export const isMirrored = (stream: ResolvedStreamOptions, source: unknown): boolean =>
  stream.mirroredSources.includes(source as never)

/**
 * Mirrors one conversation into its Stream channel (see `syncChannel`). One job per conversation
 * runs at a time, and a newer pending job replaces older ones: only the latest state matters.
 * Network errors, 5xx: retried with exponential backoff. 429: rescheduled for after
 * `X-RateLimit-Reset`. Other refusals: recorded on the conversation, not retried.
 */
export const streamSyncConversation = (options: ResolvedSwitchboardOptions): TaskConfig => ({
  slug: streamSyncConversationTask,
  label: 'Switchboard: mirror a conversation into Stream',
  inputSchema: [{ name: 'conversationId', type: 'text', required: true }],
  outputSchema: [
    { name: 'channelId', type: 'text' },
    { name: 'added', type: 'number' },
    { name: 'removed', type: 'number' },
    { name: 'skipped', type: 'text' },
  ],
  concurrency: {
    key: ({ input }) => `stream-channel:${(input as { conversationId: string }).conversationId}`,
    exclusive: true,
    supersedes: true,
  },
  retries: { attempts: 8, backoff: { type: 'exponential', delay: 1_000 } },
  handler: async ({ input, req }) => {
    // Registered even without Stream keys, so the jobs table's task list never depends on them.
    const stream = options.stream
    if (!stream) return { output: { skipped: 'Stream is not configured' } }
    const id = (input as { conversationId: string }).conversationId
    const conversation = await findDoc(req, options.slugs.conversations, id)
    if (!conversation) return { output: { skipped: 'the conversation no longer exists' } }
    if (!isMirrored(stream, conversation.source)) return { output: { skipped: `source "${conversation.source}" is not mirrored` } }

    const { members, createdById } = await conversationMembers(req, options, stream, conversation as ConversationLike)
    if (!createdById) return { output: { skipped: 'the conversation has no participants' } }
    const channelId = streamIds(stream).channel(conversation.id)
    try {
      const result = await syncChannel(streamClient(stream), stream, channelId, members, createdById, (conversation.title as string) || undefined)
      await recordStatus(req, options, conversation.id, {
        streamChannelId: channelId,
        streamSyncStatus: 'synced',
        streamSyncedAt: new Date().toISOString(),
        streamError: null,
      })
      return { output: { channelId, added: result.added, removed: result.removed } }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (error instanceof RateLimitedError) {
        await queueConversationSync(await createLocalReq({}, req.payload), conversation.id, error.resetAt)
        await recordStatus(req, options, conversation.id, { streamSyncStatus: 'pending', streamError: message })
        return { output: { skipped: message } }
      }
      await recordStatus(req, options, conversation.id, { streamSyncStatus: 'failed', streamError: message })
      if (error instanceof RetryableStreamError) throw error
      return { output: { skipped: message } }
    }
  },
})
