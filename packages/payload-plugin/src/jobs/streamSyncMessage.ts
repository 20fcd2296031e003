import type { PayloadRequest, TaskConfig } from 'payload'

import type { Message, TaskSwitchboardStreamSyncMessage } from '../payload-types'
import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { isNote } from '../helpdesk'
import { streamClient } from '../stream/client'
import { streamIds } from '../stream/ids'
import { conversationMembers } from '../stream/members'
import { syncMessage } from '../stream/messageSync'
import { RateLimitedError, RetryableStreamError } from '../stream/errors'
import { isLastAttempt, isRecovery, nextRound, streamTaskRetries, wakeWaitingStreamRetries } from '../stream/retry'
import { isMirrored } from './streamSyncConversation'
import { findOwnDoc, relationId } from '../localApi'
import { streamSyncMessageTask, streamTaskSlugs, switchboardQueue } from '../constants'


type Input = TaskSwitchboardStreamSyncMessage['input']

/** Queues a message mirror with the caller's `req` (transactional outbox). */
export const queueMessageSync = (req: PayloadRequest, input: Input, waitUntil?: Date) =>
  req.payload.jobs.queue({ task: streamSyncMessageTask, input, queue: switchboardQueue, req, waitUntil })

/**
 * Mirrors one message (new, edited or deleted) into its conversation's channel, under a
 * deterministic Stream message id. Messages of one conversation go one at a time, in order.
 * A channel that does not exist yet makes the job wait and retry: the channel job creates it.
 * While Stream is down the job retries with backoff for as long as it takes (see
 * `stream/retry.ts`); a 429 reschedules it for after the reset.
 */
export const streamSyncMessage = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardStreamSyncMessage> => ({
  slug: streamSyncMessageTask,
  label: 'Switchboard: mirror a message into Stream',
  inputSchema: [
    { name: 'messageId', type: 'text', required: true },
    { name: 'conversationId', type: 'text', required: true },
    // Set when the message row is gone (hard delete): there is nothing left to read.
    { name: 'deleted', type: 'checkbox' },
    { name: 'retryRound', type: 'number' },
  ],
  outputSchema: [
    { name: 'result', type: 'text' },
    { name: 'retryAt', type: 'date' },
  ],
  concurrency: { key: ({ input }) => `stream-messages:${input.conversationId}`, exclusive: true },
  retries: streamTaskRetries,
  handler: async ({ input, job, req }) => {
    try {
      const result = await mirrorMessage(options, input, req)
      if (isRecovery(job, input)) await wakeWaitingStreamRetries(req, streamTaskSlugs)
      return { output: { result } }
    } catch (error) {
      const { retryRound: _round, ...rest } = input
      if (error instanceof RateLimitedError) {
        await queueMessageSync(req, rest, error.resetAt)
        return { output: { result: `rate limited: ${error.message}`, retryAt: error.resetAt.toISOString() } }
      }
      if (!(error instanceof RetryableStreamError) || !isLastAttempt(job, input)) throw error
      // Out of attempts and Stream still down (or the channel not created yet): the next round waits longer.
      const { retryRound, waitUntil } = nextRound(input)
      await queueMessageSync(req, { ...rest, retryRound }, waitUntil)
      return { output: { result: `retrying: ${error.message}`, retryAt: waitUntil.toISOString() } }
    }
  },
})

/** Sends, edits or deletes the message in Stream; returns what it did. */
const mirrorMessage = async (options: ResolvedSwitchboardOptions, input: Input, req: PayloadRequest): Promise<string> => {
  // Registered even without Stream keys, so the jobs table's task list never depends on them.
  const stream = options.stream
  if (!stream) return 'skipped: Stream is not configured'
  const { messageId, conversationId, deleted } = input
  const ids = streamIds(stream)
  const conversation = await findOwnDoc(req.payload, options, 'conversations', conversationId, req)
  if (!conversation || !isMirrored(stream, conversation.source)) return 'skipped: not mirrored'
  if (!conversation.streamChannelId) {
    // A channel job is queued or retrying (`pending`, `failed`): wait for it. Otherwise no
    // channel is coming (the conversation has nobody to mirror, or predates the Stream setup),
    // so there is nothing to wait for.
    if (conversation.streamSyncStatus !== 'pending' && conversation.streamSyncStatus !== 'failed') return 'skipped: the conversation has no Stream channel'
    throw new RetryableStreamError('The Stream channel is not created yet; retrying after the channel job.')
  }

  const client = streamClient(stream)
  const message = deleted ? null : await findOwnDoc(req.payload, options, 'messages', messageId, req)
  // A note queued by anything else is still never posted.
  if (message && isNote(message)) return 'skipped: internal note'
  if (!message || message.deletedAt) {
    await syncMessage(client, stream, conversation.streamChannelId, {
      id: ids.message(messageId),
      text: '',
      sender: { id: '', name: '' },
      deleted: true,
    })
    return 'deleted'
  }

  const { members, createdById } = await conversationMembers(req, options, stream, {
    ...conversation,
    participants: [...(conversation.participants ?? []), ...(message.sender ? [message.sender] : [])],
  })
  const senderStreamId = await senderId(req, options, stream, message.sender)
  const member = members.find((m) => m.id === (senderStreamId ?? createdById))
  if (!member) return 'skipped: no sender'
  const result = await syncMessage(client, stream, conversation.streamChannelId, {
    id: ids.message(message.id),
    text: message.text ?? '',
    sender: member,
    deleted: false,
  })
  return result
}

/** The Stream id of a message's sender, following a Telegram account's link to its user. */
const senderId = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, stream: ResolvedStreamOptions, sender: Message['sender']) => {
  if (!sender) return undefined
  const id = typeof sender.value === 'object' ? sender.value.id : sender.value
  const ids = streamIds(stream)
  if (sender.relationTo === options.usersCollection) return ids.user(id)
  const account = await findOwnDoc(req.payload, options, 'telegramUsers', id, req)
  if (!account) return undefined
  return ids.telegramUser(account.telegramId, relationId(account.user) ?? null)
}
