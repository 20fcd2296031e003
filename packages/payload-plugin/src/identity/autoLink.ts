import type { PayloadRequest, SelectType, Where } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'
import { findDoc } from '../localApi'
import { linkingContextKey } from '../constants'

type Id = number | string

/** Every action the audit trail (`linkEvents`) records. */
export const linkActions = ['auto-linked', 'linked', 'link-restored', 'marked-stale', 'unlinked', 'verified'] as const

/** The link fields of a telegram-user, as stored. */
export interface LinkState {
  id?: Id
  telegramId?: null | number | string
  isBot?: boolean | null
  username?: null | string
  user?: Id | null | { id: Id }
  linkSource?: 'auto' | 'manual' | 'verified' | null
  linkStatus?: 'linked' | 'stale' | 'unlinked' | null
  linkedUsername?: null | string
  linkEvents?: LinkEvent[] | null
}

export interface LinkEvent {
  action: (typeof linkActions)[number]
  user?: Id | null
  by?: Id | null
  username?: null | string
  at: string
}

/**
 * What the automatic rule concluded for one telegram-user:
 * - `linked`: a new automatic link; `stale`: an automatic link whose usernames no longer match;
 *   `restored`: a stale link whose usernames match again;
 * - `ambiguous`: several unlinked Telegram accounts carry the username, so none is linked;
 * - `reused`: the username last belonged to another Telegram account of the matching user (its
 *   link went stale), so it may now belong to someone else: staff decide;
 * - `withdrawn`: an automatic link on a bot or on a connected account's own Telegram user, which
 *   take part in every conversation of theirs, is removed;
 * - `unchanged`: nothing to do (manual and verified links always end here).
 */
export type LinkOutcome = 'ambiguous' | 'linked' | 'restored' | 'reused' | 'stale' | 'unchanged' | 'withdrawn'

export interface LinkDecision {
  outcome: LinkOutcome
  /** Fields to write on the telegram-user; empty when nothing changes. */
  changes: Partial<LinkState> & { linkedAt?: null | string; linkedBy?: Id | null }
}

export const idOf = (value: LinkState['user']): Id | null =>
  value === null || value === undefined ? null : typeof value === 'object' ? value.id : value

export const withEvent = (state: LinkState, event: Omit<LinkEvent, 'at'>): LinkEvent[] => [
  ...(state.linkEvents ?? []).map(({ action, user, by, username, at }) => ({
    action,
    user: idOf(user),
    by: idOf(by),
    username,
    at,
  })),
  { ...event, at: new Date().toISOString() },
]

const unchanged: LinkDecision = { outcome: 'unchanged', changes: {} }

/**
 * Bots and the connected accounts' own Telegram users ("me", a participant of every private chat
 * of its account): linking one to a customer would show that customer every conversation of the
 * account, so the automatic rule never links them and verification refuses them.
 */
export const isSharedTelegramIdentity = async (req: PayloadRequest, options: ResolvedSwitchboardOptions, state: LinkState): Promise<boolean> => {
  if (state.isBot) return true
  if (state.telegramId === null || state.telegramId === undefined) return false
  const { totalDocs } = await req.payload.count({
    collection: options.slugs.telegramAccounts,
    overrideAccess: true,
    req,
    where: { telegramId: { equals: state.telegramId } },
  })
  return totalDocs > 0
}

/**
 * The automatic linking rule, for one telegram-user in its would-be state. One rule serves the
 * hooks on both collections and the backfill, so they can never disagree:
 *
 * - a manual decision (link or unlink by staff) and a verified link are never touched;
 * - bots and connected accounts' own users are never linked automatically (an automatic link
 *   made before they were recognised is withdrawn);
 * - an automatic link stays with its user; it is `linked` while the Telegram username equals the
 *   user's `telegramUsername` and `stale` otherwise — it never moves to whoever holds the name now;
 * - an unlinked account is linked when exactly one user has its username, no other unlinked
 *   account has the same username, and that user has not lost this username from another
 *   Telegram account (a stale link made under it).
 */
export const decideLink = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  state: LinkState,
): Promise<LinkDecision> => {
  if (state.linkSource === 'manual' || state.linkSource === 'verified') return unchanged
  const { payload } = req
  const username = state.username ?? null
  const linkedUserId = idOf(state.user)

  if (await isSharedTelegramIdentity(req, options, state)) {
    if (linkedUserId === null) return unchanged
    return {
      outcome: 'withdrawn',
      changes: {
        user: null,
        linkStatus: 'unlinked',
        linkedAt: null,
        linkEvents: withEvent(state, { action: 'unlinked', user: linkedUserId, username }),
      },
    }
  }

  if (linkedUserId !== null) {
    const linkedUser = await findDoc(req, options.usersCollection, linkedUserId, { telegramUsername: true })
    const matches = Boolean(username) && (linkedUser as { telegramUsername?: string } | null)?.telegramUsername === username
    const status = matches ? 'linked' : 'stale'
    if (status === state.linkStatus) return unchanged
    return {
      outcome: matches ? 'restored' : 'stale',
      changes: {
        linkStatus: status,
        linkEvents: withEvent(state, { action: matches ? 'link-restored' : 'marked-stale', user: linkedUserId, username }),
      },
    }
  }

  if (!username) return unchanged
  const candidates = await payload.find({
    collection: options.usersCollection,
    depth: 0,
    limit: 2,
    overrideAccess: true,
    pagination: false,
    req,
    select: {},
    where: { telegramUsername: { equals: username } },
  })
  if (candidates.docs.length !== 1) return unchanged
  const userId = candidates.docs[0]!.id

  const others = (where: Where) =>
    payload.count({
      collection: options.slugs.telegramUsers,
      overrideAccess: true,
      req,
      where: { and: [where, ...(state.id === undefined ? [] : [{ id: { not_equals: state.id } }])] },
    })
  const rivals = await others({
    username: { equals: username },
    user: { exists: false },
    or: [{ linkSource: { exists: false } }, { linkSource: { equals: 'auto' } }],
  })
  if (rivals.totalDocs > 0) return { outcome: 'ambiguous', changes: {} }
  const lostName = await others({
    user: { equals: userId },
    linkStatus: { equals: 'stale' },
    linkedUsername: { equals: username },
  })
  if (lostName.totalDocs > 0) return { outcome: 'reused', changes: {} }

  return {
    outcome: 'linked',
    changes: {
      user: userId,
      linkSource: 'auto',
      linkStatus: 'linked',
      linkedAt: new Date().toISOString(),
      linkedBy: null,
      linkedUsername: username,
      linkEvents: withEvent(state, { action: 'auto-linked', user: userId, username }),
    },
  }
}

/** Writes a telegram-user's link fields as decided (by the rule or by staff), in `req`'s transaction. */
export const writeLink = (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  id: Id,
  data: Record<string, unknown>,
  depth = 0,
) =>
  req.payload.update({
    collection: options.slugs.telegramUsers,
    id,
    data,
    context: { [linkingContextKey]: true },
    depth,
    overrideAccess: true,
    req,
  })

/** Decides the automatic rule for one telegram-user and writes the result; returns the outcome. */
export const applyLinkRule = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  telegramUser: LinkState & { id: Id },
): Promise<LinkOutcome> => {
  const { outcome, changes } = await decideLink(req, options, telegramUser)
  if (Object.keys(changes).length > 0) await writeLink(req, options, telegramUser.id, changes)
  return outcome
}

/** The telegram-users linked to a user (a stale link still counts: same account, new name). */
export const findLinkedTelegramUsers = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  userId: Id,
  select?: SelectType,
) =>
  (
    await req.payload.find({
      collection: options.slugs.telegramUsers,
      depth: 0,
      overrideAccess: true,
      pagination: false,
      req,
      select,
      where: { user: { equals: userId } },
    })
  ).docs as Array<LinkState & { id: Id }>
