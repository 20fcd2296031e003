import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SyncMode } from '../telegram/sync/historySync'

import { dbFor } from '../db/sqlExecutor'
import { telegramAccountQueue, telegramDiscoverTask, telegramHistoryTask, telegramMediaTask, telegramQueue, telegramSendTask } from '../constants'
import { markSyncQueued } from '../db/syncState'

type Queuer = Pick<PayloadRequest, 'payload'> & Partial<PayloadRequest>

/** Queues dialog discovery for one account (or, without one, for every connected account). */
export const queueDiscovery = (req: Queuer, accountId?: number, waitUntil?: Date) =>
  req.payload.jobs.queue({
    task: telegramDiscoverTask,
    input: accountId === undefined ? {} : { accountId: String(accountId) },
    queue: accountId === undefined ? telegramQueue : telegramAccountQueue(accountId),
    req: req as PayloadRequest,
    waitUntil,
  })

/** Discovery for an account that has just logged in (the login steps take it: see `DiscoverAccount`). */
export const discoverAfterLogin = (payload: Payload) => (accountId: number) => queueDiscovery({ payload }, accountId)

/**
 * Queues a history sync and marks the conversation `queued`, in one transaction (the caller's
 * when it has one): a failure between the two would leave the conversation `queued` with no job
 * to ever run it. A conversation already queued or running is not queued twice for an
 * incremental sync.
 */
export const queueHistorySync = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  conversationId: number,
  mode: SyncMode,
  { waitUntil, req: callerReq }: { waitUntil?: Date; req?: PayloadRequest } = {},
): Promise<boolean> => {
  const req = callerReq ?? (await createLocalReq({}, payload))
  const ours = await initTransaction(req)
  try {
    const accountId = await markSyncQueued(await dbFor(req), options, conversationId, { skipBusy: mode === 'incremental' && !waitUntil })
    if (accountId !== undefined)
      await payload.jobs.queue({
        task: telegramHistoryTask,
        input: { conversationId: String(conversationId), mode },
        queue: telegramAccountQueue(accountId),
        req,
        waitUntil,
      })
    if (ours) await commitTransaction(req)
    return accountId !== undefined
  } catch (error) {
    if (ours) await killTransaction(req)
    throw error
  }
}

/** Queues the media downloads of one account; a newer pending run replaces an older one. */
export const queueMedia = (payload: Payload, accountId: number, waitUntil?: Date) =>
  payload.jobs.queue({ task: telegramMediaTask, input: { accountId: String(accountId) }, queue: telegramAccountQueue(accountId), waitUntil })

/** Queues the delivery of a staff reply through the worker holding the account (with `req`: transactional outbox). */
export const queueTelegramSend = (req: Queuer, messageId: number, accountId: number, waitUntil?: Date) =>
  req.payload.jobs.queue({
    task: telegramSendTask,
    input: { messageId: String(messageId), accountId: String(accountId) },
    queue: telegramAccountQueue(accountId),
    req: req as PayloadRequest,
    waitUntil,
  })
