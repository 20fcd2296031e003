import { commitTransaction, createLocalReq, initTransaction, killTransaction, type Payload, type PayloadRequest } from 'payload'

import { createHash, randomBytes } from 'node:crypto'

import type { ResolvedSwitchboardOptions } from '../types'

import { findFirst, type Id } from '../localApi'
import { dbFor } from '../db/sqlExecutor'
import { storeVerificationCode, takeVerificationCode, verificationCodeExpiry } from '../db/verification'
import { idOf, isSharedTelegramIdentity, type LinkState, withEvent, writeLink } from './autoLink'
import { fromTelegramContext } from '../constants'

/** Recognisable prefix, like chat tokens: a code in a message or a log is easy to spot. */
const codePrefix = 'sbv_'

/** 20 random bytes (160 bits): unguessable within its lifetime. */
const codeBytes = 20

/** How long a code can be redeemed. */
export const verificationCodeTtlMs = 10 * 60_000

/** A message that is a code: `/start <code>` (a bot's deep link) or the code on its own. */
const codeMessage = new RegExp(`^(?:/start(?:@\\w+)?\\s+)?(${codePrefix}[A-Za-z0-9_-]{27})$`)

const hashCode = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex')

/** The code a Telegram message carries, if it is a verification message. */
export const verificationCodeIn = (text: null | string | undefined): string | undefined =>
  text ? codeMessage.exec(text.trim())?.[1] : undefined

/**
 * Issues a one-time code for `userId`, replacing any earlier one. Only its SHA-256 is stored,
 * with the expiry, on the user; the plaintext goes to the user once.
 */
export const issueVerificationCode = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  userId: Id,
): Promise<{ code: string; expiresAt: Date }> => {
  const code = codePrefix + randomBytes(codeBytes).toString('base64url')
  const expiresAt = new Date(Date.now() + verificationCodeTtlMs)
  // SQL, not payload.update: issuing a code is not a profile change (no hooks, no Stream sync).
  await storeVerificationCode(await dbFor(req), options, userId, { hash: hashCode(code), expiresAt })
  return { code, expiresAt }
}

/** Whether `userId` has a code that can still be redeemed, and until when. */
export const pendingVerification = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, userId: Id): Promise<Date | null> =>
  verificationCodeExpiry(await dbFor(req), options, userId)

/**
 * - `linked`: the Telegram user is now linked to the code's user (`linkSource: 'verified'`);
 * - `already-linked`: it already was, by an earlier verification;
 * - `unknown`: no such code (never issued, already used, or replaced by a newer one);
 * - `expired`: the code was issued but is past its 10 minutes (it is used up all the same);
 * - `refused`: a bot, a connected account's own user, or a Telegram user staff linked to someone else.
 */
export type VerificationOutcome = 'already-linked' | 'expired' | 'linked' | 'refused' | 'unknown'

/** What the connected account answers on Telegram, so the person knows where they stand. */
export const verificationReplies: Record<VerificationOutcome, string> = {
  linked: 'Verified: this Telegram account is now linked to your account on our website.',
  'already-linked': 'This Telegram account is already verified for your account on our website.',
  expired: 'This code has expired. Ask for a new one on our website and send it within 10 minutes.',
  unknown: 'This code is not valid: it was already used or a newer one replaced it. Ask for a new one on our website.',
  refused: 'This Telegram account cannot be linked with a code. Please contact our team.',
}

/** Takes the code, single use: the row lock makes two redemptions at once find it once. */
const takeCode = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, code: string) =>
  takeVerificationCode(await dbFor(req), options, hashCode(code))

/** The telegram-users row of a Telegram id, created when the message came without its sender. */
const telegramUserRow = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, telegramId: number) =>
  ((await findFirst(req, options.slugs.telegramUsers, { telegramId: { equals: telegramId } })) ??
    (await req.payload.create({
      collection: options.slugs.telegramUsers,
      data: { telegramId },
      context: { [fromTelegramContext]: true },
      depth: 0,
      overrideAccess: true,
      req,
    }))) as LinkState & { id: Id }

/**
 * Redeems a code a Telegram user sent to a connected account or bot: links exactly that Telegram
 * id to the user the code was issued to, audited in `linkEvents`, in one transaction. Whoever
 * holds the Telegram account proved it by sending the code; whoever holds the web account proved
 * it by logging in to get the code. Nothing else (a username typed into a form) links anyone.
 */
export const redeemVerificationCode = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  { code, telegramId }: { code: string; telegramId: number },
): Promise<VerificationOutcome> => {
  const req = await createLocalReq({}, payload)
  await initTransaction(req)
  try {
    const outcome = await redeem(req, options, code, telegramId)
    await commitTransaction(req)
    payload.logger.info({ msg: `switchboard: Telegram verification by ${telegramId}: ${outcome}` })
    return outcome
  } catch (error) {
    await killTransaction(req)
    throw error
  }
}

const redeem = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, code: string, telegramId: number): Promise<VerificationOutcome> => {
  const hit = await takeCode(req, options, code)
  if (!hit) return 'unknown'
  if (new Date(hit.expires_at) <= new Date()) return 'expired'
  const userId = hit.id
  const telegramUser = await telegramUserRow(req, options, telegramId)
  if (await isSharedTelegramIdentity(req, options, telegramUser)) return 'refused'
  const current = idOf(telegramUser.user)
  if (current === userId && telegramUser.linkSource === 'verified') return 'already-linked'
  // Staff decided this Telegram account belongs to someone else; they undo that, not a code.
  if (current !== null && current !== userId && telegramUser.linkSource === 'manual') return 'refused'
  await writeLink(req, options, telegramUser.id, {
    user: userId,
    linkSource: 'verified',
    linkStatus: 'linked',
    linkedAt: new Date().toISOString(),
    linkedBy: null,
    linkedUsername: telegramUser.username ?? null,
    linkEvents: withEvent(telegramUser, { action: 'verified', user: userId, username: telegramUser.username }),
  })
  return 'linked'
}
