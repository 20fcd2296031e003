import type { PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../../types'
import type { TelegramUserRow } from '../mapper'

import { dbFor } from '../../db/sqlExecutor'
import { type StoredTelegramUser, telegramUsersByTelegramId } from '../../db/telegramUsers'
import { fromTelegramContext } from '../../constants'

const changedFields = (row: StoredTelegramUser, user: TelegramUserRow): Record<string, unknown> | null => {
  const changes: Record<string, unknown> = {}
  if ((row.username ?? null) !== user.username) changes.username = user.username
  if ((row.first_name ?? null) !== user.firstName) changes.firstName = user.firstName
  if ((row.last_name ?? null) !== user.lastName) changes.lastName = user.lastName
  if (user.phone && row.phone !== user.phone) changes.phone = user.phone
  return Object.keys(changes).length ? changes : null
}

/**
 * Makes sure every Telegram user a page mentions has a `telegram-users` row, in `req`'s
 * transaction, and returns their row ids by Telegram id. One SELECT for the page; only users that
 * are new or whose names changed go through Payload, so the automatic linking rule (a hook) runs
 * for exactly those.
 */
export const upsertTelegramUsers = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  users: TelegramUserRow[],
): Promise<{ ids: Map<number, number>; created: number }> => {
  const ids = new Map<number, number>()
  if (!users.length) return { ids, created: 0 }
  const unique = [...new Map(users.map((u) => [u.telegramId, u])).values()]
  const rows = await telegramUsersByTelegramId(await dbFor(req), options, unique.map((u) => u.telegramId))
  const existing = new Map(rows.map((row) => [Number(row.telegram_id), row]))
  let created = 0
  for (const user of unique) {
    const row = existing.get(user.telegramId)
    if (row) {
      ids.set(user.telegramId, row.id)
      const changes = changedFields(row, user)
      if (changes)
        await req.payload.update({
          collection: options.slugs.telegramUsers,
          id: row.id,
          data: changes,
          context: { [fromTelegramContext]: true },
          depth: 0,
          overrideAccess: true,
          req,
        })
      continue
    }
    const doc = await req.payload.create({
      collection: options.slugs.telegramUsers,
      data: { ...user, username: user.username ?? undefined },
      context: { [fromTelegramContext]: true },
      depth: 0,
      overrideAccess: true,
      req,
    })
    ids.set(user.telegramId, doc.id as number)
    created++
  }
  return { ids, created }
}
