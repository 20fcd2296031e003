import type { Endpoint, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { queueDiscovery, queueHistorySync } from '../jobs/telegramJobs'
import { findDoc } from '../localApi'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { readJsonBody } from '../http/readBody'
import { telegramBacklog } from '../db/jobs'
import { accountSyncRows, unfinishedSyncRows } from '../db/syncState'
import { poolSql } from '../db/sqlExecutor'

const progress = (synced: number, total: number | null) => (total ? Math.min(1, synced / total) : null)

/** `POST /api/switchboard/sync/conversations/:id` `{ mode }`: queue one conversation's history sync. */
const syncConversationEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/sync/conversations/:id',
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const id = parseId(req.routeParams?.id, 'The conversation id in the URL')
      const body = await readJsonBody(req, options.maxBodyBytes)
      const mode = body.mode ?? 'incremental'
      if (mode !== 'full' && mode !== 'incremental') throw new EndpointError(400, 'mode must be "full" or "incremental".')
      const conversation = await findDoc(req, options.slugs.conversations, id)
      if (!conversation) throw new EndpointError(404, `There is no conversation with id ${id}.`)
      if (conversation.source !== 'telegram') throw new EndpointError(409, 'Only Telegram conversations have a history to sync.')
      const queued = await queueHistorySync(req.payload, options, id, mode)
      return Response.json({ queued, mode, ...(queued ? {} : { reason: 'a sync of this conversation is already queued or running' }) }, { status: 202 })
    }),
})

/** `POST /api/switchboard/sync/all` `{ accountId? }`: discovery (which queues the syncs) for one or every connected account. */
const syncAllEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/sync/all',
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const body = await readJsonBody(req, options.maxBodyBytes)
      const accountId = body.accountId === undefined ? undefined : parseId(body.accountId, 'accountId')
      const where: Where = accountId === undefined ? { status: { equals: 'connected' } } : { id: { equals: accountId } }
      const { docs } = await req.payload.find({ collection: options.slugs.telegramAccounts, where, depth: 0, limit: 0, pagination: false, overrideAccess: true })
      if (accountId !== undefined && !docs.length) throw new EndpointError(404, `There is no Telegram account with id ${accountId}.`)
      const refused = docs.find((account) => account.status !== 'connected')
      if (refused) throw new EndpointError(409, `Telegram account "${String(refused.name)}" is ${String(refused.status)}; log it in first.`)
      for (const account of docs) await queueDiscovery(req, Number(account.id))
      return Response.json({ queued: docs.length }, { status: 202 })
    }),
})

/**
 * `GET /api/switchboard/sync/status[?account=<id>]`: per account, how far its conversations are
 * synced (messages stored / Telegram's estimate); the conversations that are queued, running or
 * failed; and the Telegram queue's backlog. Aggregated in SQL: one query per table.
 */
const syncStatusEndpoint = (options: ResolvedSwitchboardOptions): Endpoint => ({
  path: '/switchboard/sync/status',
  method: 'get',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const accountParam = req.searchParams.get('account')
      const accountId = accountParam === null ? undefined : parseId(accountParam, 'account')
      const db = poolSql(req.payload)
      const [accountRows, active, queue] = await Promise.all([
        accountSyncRows(db, options, accountId),
        unfinishedSyncRows(db, options, accountId),
        telegramBacklog(db),
      ])
      return Response.json({
        accounts: accountRows.map((a) => ({
          id: a.id,
          name: a.name,
          kind: a.kind,
          status: a.status,
          lastError: a.last_error,
          lastDiscoveryAt: a.last_discovery_at,
          dialogCount: a.dialog_count === null ? null : Number(a.dialog_count),
          conversations: a.conversations,
          syncing: a.syncing,
          failed: a.failed,
          completed: a.completed,
          syncedMessages: Number(a.synced),
          totalMessages: Number(a.total),
          progress: progress(Number(a.synced), Number(a.total)),
        })),
        conversations: active.map((c) => ({
          id: c.id,
          title: c.title,
          accountId: c.account_id,
          syncStatus: c.sync_status,
          fullSyncCompleted: c.full_sync_completed,
          syncedMessageCount: Number(c.synced_message_count ?? 0),
          totalMessageCount: c.total_message_count === null ? null : Number(c.total_message_count),
          progress: progress(Number(c.synced_message_count ?? 0), c.total_message_count === null ? null : Number(c.total_message_count)),
          lastSyncedAt: c.last_synced_at,
          syncError: c.sync_error,
        })),
        queue,
      })
    }),
})

export const telegramSyncEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  syncConversationEndpoint(options),
  syncAllEndpoint(options),
  syncStatusEndpoint(options),
]
