import { createLocalReq, type Payload, type PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../../types'
import type { PeerRef } from '../peers'
import type { HistoryPage, HistoryRequest, TelegramSource } from '../source'

import type { CursorUpdate } from '../../db/conversationSyncState'
import { type PageResult, writePage } from './writePage'
import { newestTelegramMessages } from '../../db/messages'
import { poolSql } from '../../db/sqlExecutor'

export type SyncMode = 'full' | 'incremental'

/** A conversation's sync state, as stored on it. */
export interface SyncTarget {
  conversationId: number
  peer: PeerRef
  lastSyncedMessageId: number | null
  backfillCursor: number | null
  fullSyncCompleted: boolean
}

export interface SyncReport {
  mode: SyncMode
  pages: number
  /** `messages.GetHistory` requests made. */
  historyRequests: number
  inserted: number
  updated: number
  deleted: number
  fullSyncCompleted: boolean
}

export interface SyncControl {
  /** Stops between pages, or rolls the current page back if it has not committed yet. */
  signal?: AbortSignal
  /** Runs in every page's transaction (the worker's fencing check). */
  guard?: (req: PayloadRequest) => Promise<void>
  onPage?: (report: SyncReport) => void
}

interface Step {
  request: HistoryRequest
  /** Turns the fetched page into the cursor update and the next request (none: done). */
  after: (page: HistoryPage) => { cursor: CursorUpdate; next?: HistoryRequest }
}

const ids = (page: HistoryPage) => page.messages.map((m) => m.externalId)

/** Pages fetched ahead of the writer at most; they are written together when they pile up. */
const maxBufferedPages = 20

interface Fetched {
  page: HistoryPage
  cursor: CursorUpdate
  /** When the page's request was sent. */
  observedAt: Date
}

/** Several consecutive pages as one write: their messages, and the cursor of the last one. */
const mergePages = (batch: Fetched[]): Fetched => ({
  page: {
    messages: batch.flatMap((b) => b.page.messages),
    users: batch.flatMap((b) => b.page.users),
    returned: batch.reduce((n, b) => n + b.page.returned, 0),
    total: batch.at(-1)!.page.total,
  },
  cursor: batch.reduce<CursorUpdate>(
    (merged, { cursor }) => ({
      ...merged,
      ...cursor,
      lastSyncedMessageId: Math.max(merged.lastSyncedMessageId ?? 0, cursor.lastSyncedMessageId ?? 0) || undefined,
    }),
    {},
  ),
  observedAt: batch[0]!.observedAt,
})

/**
 * Fetches pages one after another while earlier ones are written: the next request only depends
 * on the fetched page. When Telegram answers faster than the database writes (a local source,
 * a fast link), the pages that piled up go into one transaction, so the per-transaction cost is
 * paid once for them; on a real network every page is its own write. Either way the cursor moves
 * with the rows it covers, and pages fetched before a failure are written before it is rethrown.
 */
const runPages = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  source: TelegramSource,
  target: SyncTarget,
  first: Step,
  report: SyncReport,
  control: SyncControl,
): Promise<void> => {
  const req = await createLocalReq({}, payload)
  const buffer: Fetched[] = []
  let fetching = true
  let stopped = false
  let failure: unknown
  let wake: (() => void) | undefined
  const changed = () => {
    wake?.()
    wake = undefined
  }
  const nextChange = () => new Promise<void>((resolve) => (wake = resolve))

  const fetcher = (async () => {
    try {
      for (let request: HistoryRequest | undefined = first.request; request; ) {
        while (buffer.length >= maxBufferedPages && !stopped) await nextChange()
        if (stopped) return
        control.signal?.throwIfAborted()
        report.historyRequests++
        const observedAt = new Date()
        const page = await source.history(target.peer, request)
        const { cursor, next } = first.after(page)
        buffer.push({ page, cursor, observedAt })
        changed()
        request = next
        // A source that answers at once (no network) must not starve the writer's database I/O.
        await new Promise((resolve) => setImmediate(resolve))
      }
    } catch (error) {
      failure = error
    } finally {
      fetching = false
      changed()
    }
  })()

  try {
    for (;;) {
      if (!buffer.length && fetching) await nextChange()
      if (!buffer.length) break
      const batch = buffer.splice(0, buffer.length)
      changed()
      const { page, cursor, observedAt } = mergePages(batch)
      const result: PageResult = await writePage(payload, options, {
        conversationId: target.conversationId,
        messages: page.messages,
        users: page.users,
        cursor,
        observedAt,
        guard: control.guard,
        signal: control.signal,
        req,
        bulk: true,
      })
      report.pages += batch.length
      report.inserted += result.inserted
      report.updated += result.updated
      if (cursor.fullSyncCompleted) report.fullSyncCompleted = true
      control.onPage?.({ ...report })
    }
  } finally {
    // A failed write stops the fetcher at its next page.
    stopped = true
    buffer.length = 0
    changed()
    await fetcher
  }
  if (failure) throw failure
}

/**
 * Messages newer than the cursor, oldest first: `offsetId = cursor + 1` with `addOffset = -limit`
 * and `minId = cursor` asks for the `limit` messages just above the cursor, so the cost is the
 * number of new messages, whatever the size of the history.
 */
const newerThan = (cursor: number, limit: number): HistoryRequest => ({ offsetId: cursor + 1, addOffset: -limit, minId: cursor, limit })

const incrementalStep = (cursor: number, limit: number): Step => ({
  request: newerThan(cursor, limit),
  after: (page) => {
    const newest = Math.max(cursor, ...ids(page))
    return {
      cursor: { lastSyncedMessageId: newest, total: page.total },
      next: page.returned >= limit && newest > cursor ? incrementalStep(newest, limit).request : undefined,
    }
  },
})

/** Older and older pages from `offsetId` (0: the newest), checkpointing the backfill cursor. */
const backfillStep = (offsetId: number, limit: number): Step => ({
  request: { offsetId, limit },
  after: (page) => {
    const pageIds = ids(page)
    const oldest = pageIds.length ? Math.min(...pageIds) : offsetId
    const done = page.returned < limit || !pageIds.length
    const cursor: CursorUpdate = { backfillCursor: oldest, fullSyncCompleted: done, total: page.total }
    if (offsetId === 0 && pageIds.length) cursor.lastSyncedMessageId = Math.max(...pageIds)
    return { cursor, next: done ? undefined : backfillStep(oldest, limit).request }
  },
})

/** Re-reads the newest stored messages by id: edits take their new text, missing ids are deleted. */
const recheckRecent = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  source: TelegramSource,
  target: SyncTarget,
  report: SyncReport,
  control: SyncControl,
): Promise<void> => {
  const window = options.telegram.recheckWindow
  if (!window) return
  const rows = await newestTelegramMessages(poolSql(payload), options, target.conversationId, window)
  if (!rows.length) return
  control.signal?.throwIfAborted()
  const observedAt = new Date()
  const { page, missing } = await source.messagesById(target.peer, rows.map((row) => Number(row.external_id)))
  // Only what Telegram changed is written: a quiet conversation costs one SELECT here.
  const storedById = new Map(rows.map((row) => [Number(row.external_id), row]))
  const edited = page.messages.filter((m) => {
    const row = storedById.get(m.externalId)
    return row && ((row.text ?? null) !== m.text || (row.edited_at ? new Date(row.edited_at).getTime() : null) !== (m.editedAt?.getTime() ?? null))
  })
  if (!edited.length && !missing.length) return
  const result = await writePage(payload, options, {
    conversationId: target.conversationId,
    messages: edited,
    users: page.users.filter((u) => edited.some((m) => m.senderTelegramId === u.telegramId)),
    deletedIds: missing,
    observedAt,
    guard: control.guard,
    signal: control.signal,
  })
  report.updated += result.updated
  report.deleted += result.deleted
}

/**
 * Syncs one conversation's history.
 * - `incremental`: only messages above the cursor, in pages, oldest first; then the newest stored
 *   messages are re-read by id for edits and deletions. Without a cursor it is a full sync.
 * - `full`: first whatever is newer than the cursor, then the backfill from where it stopped
 *   (or from the top when it had completed), newest to oldest, checkpointed after every page.
 */
export const syncHistory = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  source: TelegramSource,
  target: SyncTarget,
  mode: SyncMode,
  control: SyncControl = {},
): Promise<SyncReport> => {
  const limit = options.telegram.historyPageSize
  const report: SyncReport = { mode, pages: 0, historyRequests: 0, inserted: 0, updated: 0, deleted: 0, fullSyncCompleted: target.fullSyncCompleted }
  const cursor = target.lastSyncedMessageId
  if (cursor) await runPages(payload, options, source, target, incrementalStep(cursor, limit), report, control)
  if (mode === 'full' || !cursor) {
    const from = target.fullSyncCompleted || !target.backfillCursor ? 0 : target.backfillCursor
    await runPages(payload, options, source, target, backfillStep(from, limit), report, control)
  } else {
    await recheckRecent(payload, options, source, target, report, control)
  }
  return report
}
