import { createLocalReq, type Payload } from 'payload'

import type { TelegramAccount } from '../payload-types'
import type { ResolvedSwitchboardOptions } from '../types'

import { applyLinkRule, type LinkState } from '../identity/autoLink'
import { findOwnDoc } from '../localApi'
import { type SessionCipher, sessionCipher } from '../security/sessionCipher'

export type AccountStatus = TelegramAccount['status']

export const cipherFor = (payload: Payload, options: ResolvedSwitchboardOptions): SessionCipher =>
  sessionCipher(options.telegram, payload.config.secret)

/** An account with its (sealed) session: the hidden field is read here and nowhere else. */
export const findAccount = (payload: Payload, options: ResolvedSwitchboardOptions, id: number | string): Promise<TelegramAccount | null> =>
  findOwnDoc(payload, options, 'telegramAccounts', id)

/** The account's session string, decrypted; `null` when it has none. */
export const openSession = (payload: Payload, options: ResolvedSwitchboardOptions, account: TelegramAccount): string | null =>
  account.session ? cipherFor(payload, options).open(account.session) : null

/** Writes account fields outside any caller's transaction (status must survive a failing job). */
export const updateAccount = (payload: Payload, options: ResolvedSwitchboardOptions, id: number, data: Record<string, unknown>) =>
  payload.update({ collection: options.slugs.telegramAccounts, id, data, depth: 0, overrideAccess: true })

/**
 * Records which Telegram user an account is logged in as, before anything is synced through it:
 * that user takes part in every conversation of the account, so an automatic link its row
 * carries (made before it was recognised) is withdrawn, and none is made later.
 */
export const recordAccountIdentity = async (payload: Payload, options: ResolvedSwitchboardOptions, id: number, telegramId: number) => {
  await updateAccount(payload, options, id, { telegramId })
  const req = await createLocalReq({}, payload)
  const { docs } = await payload.find({
    collection: options.slugs.telegramUsers,
    depth: 0,
    limit: 1,
    overrideAccess: true,
    req,
    where: { telegramId: { equals: telegramId } },
  })
  for (const row of docs) await applyLinkRule(req, options, row as LinkState & { id: number })
}

/** Telegram refused the session for good: the account needs a new login, and nothing retries it. */
export const markNeedsLogin = (payload: Payload, options: ResolvedSwitchboardOptions, id: number, reason: string) =>
  updateAccount(payload, options, id, { status: 'needs-login', lastError: `${reason}. Log the account in again from Telegram → Connect account.` })

/** Errors that mean the session is gone (revoked, logged out, key unknown): retrying cannot help. */
export const isSessionRevoked = (error: unknown): boolean => {
  const message = (error as { errorMessage?: string } | undefined)?.errorMessage ?? ''
  return ['AUTH_KEY_UNREGISTERED', 'SESSION_REVOKED', 'SESSION_EXPIRED', 'USER_DEACTIVATED', 'USER_DEACTIVATED_BAN', 'AUTH_KEY_INVALID'].includes(message)
}
