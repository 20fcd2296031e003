import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../../types'
import type { DialogCursor, DialogRow, TelegramSource } from '../source'

import { dbFor, poolSql } from '../../db/sqlExecutor'
import { setAccountTelegramUser } from '../../db/telegramAccounts'
import { type StoredDialog, storedDialogs } from '../../db/telegramConversations'
import { upsertTelegramUsers } from './telegramUsers'
import { fromTelegramContext } from '../../constants'

export interface DiscoveryReport {
  dialogs: number
  created: number
  updated: number
  /** Conversations whose newest message is beyond their cursor: they need a sync. */
  behind: number[]
  /** Conversations created by this run: they need a full sync. */
  createdIds: number[]
}

const changesOf = (row: StoredDialog, dialog: DialogRow): Record<string, unknown> | null => {
  const wanted: Record<string, unknown> = {
    title: dialog.title,
    type: dialog.type,
    isPinned: dialog.isPinned,
    isArchived: dialog.isArchived,
    isMuted: dialog.isMuted,
    unreadCount: dialog.unreadCount,
    telegramAccessHash: dialog.peer.accessHash ?? null,
    ...(dialog.participantCount === null ? {} : { participantCount: dialog.participantCount }),
  }
  const current: Record<string, unknown> = {
    title: row.title,
    type: row.type,
    isPinned: Boolean(row.is_pinned),
    isArchived: Boolean(row.is_archived),
    isMuted: Boolean(row.is_muted),
    unreadCount: Number(row.unread_count ?? 0),
    telegramAccessHash: row.access_hash,
    participantCount: row.participant_count === null ? null : Number(row.participant_count),
  }
  const changed = Object.fromEntries(Object.entries(wanted).filter(([key, value]) => current[key] !== value))
  return Object.keys(changed).length ? changed : null
}

const write = (req: PayloadRequest) => ({ context: { [fromTelegramContext]: true }, depth: 0, overrideAccess: true, req })

/** One page of dialogs in one transaction: people first, then their conversations. */
const writeDialogPage = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  source: TelegramSource,
  accountId: number,
  me: { telegramId: number; rowId: number },
  dialogs: DialogRow[],
  users: Parameters<typeof upsertTelegramUsers>[2],
  report: DiscoveryReport,
) => {
  // Details (about, members) cost a request per conversation: fetched for new ones only, before the transaction.
  const rows = await storedDialogs(poolSql(payload), options, accountId, dialogs.map((d) => d.externalId))
  const existing = new Map(rows.map((row) => [Number(row.external_id), row]))
  const details = new Map<number, Awaited<ReturnType<TelegramSource['details']>>>()
  for (const dialog of dialogs) if (!existing.has(dialog.externalId) && dialog.type !== 'private') details.set(dialog.externalId, await source.details(dialog.peer))

  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const everyone = [...users, ...[...details.values()].flatMap((d) => d.participants)]
    const { ids } = await upsertTelegramUsers(req, options, everyone)
    ids.set(me.telegramId, me.rowId)
    for (const dialog of dialogs) {
      const row = existing.get(dialog.externalId)
      if (row) {
        const changes = changesOf(row, dialog)
        if (changes) {
          await req.payload.update({ collection: options.slugs.conversations, id: row.id, data: changes, ...write(req) })
          report.updated++
        }
        if (dialog.topMessageId > Number(row.last_synced_message_id ?? 0)) report.behind.push(row.id)
        continue
      }
      const detail = details.get(dialog.externalId)
      const members = dialog.user ? [dialog.user.telegramId, me.telegramId] : (detail?.participants ?? []).map((u) => u.telegramId)
      const doc = await req.payload.create({
        collection: options.slugs.conversations,
        data: {
          source: 'telegram',
          account: accountId,
          externalId: dialog.externalId,
          type: dialog.type,
          title: dialog.title,
          isPinned: dialog.isPinned,
          isArchived: dialog.isArchived,
          isMuted: dialog.isMuted,
          unreadCount: dialog.unreadCount,
          participantCount: detail?.participantCount ?? dialog.participantCount,
          about: detail?.about ?? undefined,
          telegramAccessHash: dialog.peer.accessHash,
          participants: [...new Set(members)].flatMap((telegramId) => {
            const value = ids.get(telegramId)
            return value === undefined ? [] : [{ relationTo: options.slugs.telegramUsers, value }]
          }),
          syncStatus: 'queued',
        },
        ...write(req),
      })
      report.created++
      report.createdIds.push(doc.id as number)
    }
    await commitTransaction(req)
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}

/**
 * Pages through the account's dialogs (main list, then the archive) and upserts a conversation
 * per dialog with its flags, unread count and people. Returns which conversations are new and
 * which have messages beyond their cursor, for the caller to queue syncs.
 */
export const discoverDialogs = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  source: TelegramSource,
  accountId: number,
  { signal }: { signal?: AbortSignal } = {},
): Promise<DiscoveryReport> => {
  const report: DiscoveryReport = { dialogs: 0, created: 0, updated: 0, behind: [], createdIds: [] }
  const meRow = await source.me()
  const req = await createLocalReq({}, payload)
  const { ids } = await upsertTelegramUsers(req, options, [meRow])
  const me = { telegramId: meRow.telegramId, rowId: ids.get(meRow.telegramId)! }
  await setAccountTelegramUser(await dbFor(req), options, accountId, me.rowId)

  const seen = new Set<number>()
  for (let cursor: DialogCursor | undefined = { folderId: 0, offsetDate: 0, offsetId: 0 }; cursor; ) {
    signal?.throwIfAborted()
    const page = await source.dialogs(cursor)
    // Pinned dialogs can repeat across pages; each is written once.
    const dialogs = page.dialogs.filter((d) => !seen.has(d.externalId))
    dialogs.forEach((d) => seen.add(d.externalId))
    if (dialogs.length) await writeDialogPage(payload, options, source, accountId, me, dialogs, page.users, report)
    report.dialogs += dialogs.length
    cursor = page.next
  }
  await payload.update({
    collection: options.slugs.telegramAccounts,
    id: accountId,
    data: { lastDiscoveryAt: new Date().toISOString(), dialogCount: report.dialogs },
    depth: 0,
    overrideAccess: true,
  })
  return report
}
