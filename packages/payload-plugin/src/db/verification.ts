import { sql } from '@payloadcms/db-postgres/drizzle'

import type { ResolvedSwitchboardOptions } from '../types'
import type { SqlExecutor } from './sqlExecutor'

import { usersTable } from './tables'

/** Telegram verification codes: only a code's hash and expiry are stored, on its user. */
const users = usersTable(['id', 'telegram_verification_hash', 'telegram_verification_expires_at'])

/** Stores a user's code hash and expiry, replacing any earlier code. */
export const storeVerificationCode = async (
  db: SqlExecutor,
  options: ResolvedSwitchboardOptions,
  userId: number | string,
  { hash, expiresAt }: { hash: string; expiresAt: Date },
): Promise<void> => {
  await db.execute(sql`
    update ${users.ref(options)}
    set telegram_verification_hash = ${hash}, telegram_verification_expires_at = ${expiresAt.toISOString()}
    where id = ${userId}`)
}

/** Until when the user's code can be redeemed; `null` when there is none or it expired. */
export const verificationCodeExpiry = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, userId: number | string): Promise<Date | null> => {
  const { rows } = await db.execute<{ expires_at: Date | string | null }>(sql`
    select telegram_verification_expires_at as expires_at from ${users.ref(options)}
    where id = ${userId} and telegram_verification_hash is not null and telegram_verification_expires_at > now()`)
  return rows[0]?.expires_at ? new Date(rows[0].expires_at) : null
}

/**
 * Takes the code with this hash, single use (the row lock makes two redemptions at once find it
 * once): its user and expiry, or `undefined` when no user has it.
 */
export const takeVerificationCode = async (db: SqlExecutor, options: ResolvedSwitchboardOptions, hash: string) => {
  const table = users.ref(options)
  const { rows } = await db.execute<{ id: number | string; expires_at: Date | string }>(sql`
    update ${table} u set telegram_verification_hash = null, telegram_verification_expires_at = null
    from (select id, telegram_verification_expires_at from ${table} where telegram_verification_hash = ${hash} for update) hit
    where u.id = hit.id
    returning u.id, hit.telegram_verification_expires_at as expires_at`)
  return rows[0]
}
