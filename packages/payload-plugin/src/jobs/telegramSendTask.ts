import type { Payload, TaskConfig } from 'payload'

import { commitTransaction, createLocalReq, initTransaction, killTransaction } from 'payload'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { TaskSwitchboardTelegramSend } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { findOwnDoc, relationId } from '../localApi'
import { notifyMessages } from '../realtime/notify'
import { recordDelivery } from '../db/messages'
import { dbFor } from '../db/sqlExecutor'
import { advanceSyncCursor } from '../db/telegramConversations'
import { accountClient } from '../telegram/clientPool'
import { FloodWaitReschedule } from '../telegram/floodWait'
import { peerFromMarkedId } from '../telegram/peers'
import { type ReplyFile, sendReply } from '../telegram/sendReply'
import { type WorkerState, workerOf } from '../worker/workerState'
import { settleTelegramFailure } from './telegramFailure'
import { queueTelegramSend } from './telegramJobs'
import { telegramSendTask } from '../constants'

/**
 * Records the outcome on the message, fenced by the account's lease. A `sent` message takes its
 * Telegram id; if the listener already stored that message as a new row, that row gives way, so
 * the reply stays one message.
 */
const record = async (payload: Payload, options: ResolvedSwitchboardOptions, worker: undefined | WorkerState, accountId: number, message: { id: number; conversationId: number }, outcome: { status: 'failed' | 'sent'; externalId?: number | null; error?: string }) => {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    await worker?.leaseGuard(options, accountId)?.(req)
    const db = await dbFor(req)
    await recordDelivery(db, options, message, outcome)
    if (outcome.externalId) await advanceSyncCursor(db, options, message.conversationId, outcome.externalId)
    await notifyMessages(req, message.conversationId, 'updated', [message.id])
    await commitTransaction(req)
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}

/** The reply's attachment with its bytes; undefined without one. Throws when the file is gone from storage. */
const replyFile = async (payload: Payload, options: ResolvedSwitchboardOptions, attachment: unknown): Promise<ReplyFile | undefined> => {
  const id = relationId(attachment)
  if (id === undefined) return undefined
  const doc = await findOwnDoc(payload, options, 'attachments', id)
  const filename = doc?.filename
  if (!filename) throw new MissingAttachment()
  const bytes = await readFile(path.join(options.attachments.staticDir, path.basename(filename))).catch(() => {
    throw new MissingAttachment()
  })
  return { bytes, name: filename, mimeType: doc.mimeType ?? 'application/octet-stream' }
}

class MissingAttachment extends Error {
  constructor() {
    super('The attached file is missing from storage; attach it again in a new reply.')
  }
}

/**
 * Delivers a staff reply to Telegram through the worker holding the account. Telegram refusals
 * (the chat is gone, writing is not allowed) mark the message `failed` with the reason; network
 * errors retry; the random id makes every retry safe.
 */
export const telegramSendTaskConfig = (options: ResolvedSwitchboardOptions): TaskConfig<TaskSwitchboardTelegramSend> => ({
  slug: telegramSendTask,
  label: 'Switchboard: send a reply to Telegram',
  inputSchema: [
    { name: 'messageId', type: 'text', required: true },
    { name: 'accountId', type: 'text', required: true },
  ],
  outputSchema: [
    { name: 'externalId', type: 'number' },
    { name: 'skipped', type: 'text' },
  ],
  concurrency: { key: ({ input }) => `telegram-send:${input.messageId}`, exclusive: true },
  retries: { attempts: 5, backoff: { type: 'exponential', delay: 2_000 } },
  handler: async ({ input, req }) => {
    const { payload } = req
    const worker = workerOf(req)
    const accountId = Number(input.accountId)
    const messageId = Number(input.messageId)
    const message = await findOwnDoc(payload, options, 'messages', messageId)
    if (!message || message.deliveryStatus === 'sent') return { output: { skipped: 'already sent or gone' } }
    const conversationId = Number(relationId(message.conversation))
    const conversation = await findOwnDoc(payload, options, 'conversations', conversationId)
    if (!conversation) throw new Error(`Conversation ${conversationId} no longer exists.`)
    const target = { id: messageId, conversationId }
    try {
      const file = await replyFile(payload, options, message.attachment)
      const client = await accountClient(payload, options, accountId, worker?.leases)
      const peer = peerFromMarkedId(Number(conversation.externalId), conversation.telegramAccessHash ?? null)
      const externalId = await sendReply(client, peer, String(message.text ?? ''), String(message.telegramRandomId), {
        maxSleepSeconds: options.telegram.floodSleepMaxSeconds,
        retries: options.telegram.floodRetries,
      }, file)
      await record(payload, options, worker, accountId, target, { status: 'sent', externalId })
      return { output: { externalId } }
    } catch (error) {
      if (error instanceof MissingAttachment) {
        await record(payload, options, worker, accountId, target, { status: 'failed', error: error.message })
        return { output: { skipped: 'attachment missing' } }
      }
      const code = (error as { errorMessage?: string; code?: number }).code
      // Telegram's refusals (4xx other than auth and flood) will not change on retry.
      if (code && code >= 400 && code < 500 && code !== 401 && !(error instanceof FloodWaitReschedule)) {
        await record(payload, options, worker, accountId, target, { status: 'failed', error: `Telegram refused the message: ${(error as { errorMessage: string }).errorMessage}` })
        return { output: { skipped: 'refused by Telegram' } }
      }
      const settled = await settleTelegramFailure(payload, options, accountId, error, (until) => queueTelegramSend({ payload }, messageId, accountId, until))
      return { output: settled }
    }
  },
})
