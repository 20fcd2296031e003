import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'

import type { SqlExecutor } from './sqlExecutor'
import { collectionTable } from './tables'

const telegramUsers = collectionTable('telegramUsers', ['id', 'telegram_id', 'username', 'first_name', 'last_name', 'phone'])

/** A stored Telegram user as the page writer compares it with what Telegram sent. */
export interface StoredTelegramUser {
  id: number
  telegram_id: string | number
  username: string | null
  first_name: string | null
  last_name: string | null
  phone: string | null
}

/** The `telegram-users` rows of these Telegram ids (one SELECT for a page's senders). */
export const telegramUsersByTelegramId = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  telegramIds: number[],
): Promise<StoredTelegramUser[]> =>
  (
    await db.execute<StoredTelegramUser>(sql`
      select id, telegram_id, username, first_name, last_name, phone
      from ${telegramUsers.ref(options)}
      where telegram_id = any(${sql.param(telegramIds)}::bigint[])`)
  ).rows
