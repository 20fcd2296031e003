import type { CollectionAfterChangeHook, CollectionBeforeDeleteHook } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { applyLinkRule, findLinkedTelegramUsers, type LinkState, withEvent, writeLink } from '../identity/autoLink'
import { linkingContextKey } from '../constants'

/**
 * users `afterChange`: when a user sets or changes `telegramUsername`, re-apply the automatic
 * rule to the Telegram accounts it concerns — this user's automatic links (which may go stale or
 * recover) and unlinked accounts carrying the new username — in the same transaction.
 */
export const autoLinkUser =
  (options: ResolvedSwitchboardOptions): CollectionAfterChangeHook =>
  async ({ context, doc, previousDoc, req }) => {
    if (context[linkingContextKey]) return doc
    const username: null | string = doc.telegramUsername ?? null
    if (username === (previousDoc?.telegramUsername ?? null)) return doc
    const affected = await req.payload.find({
      collection: options.slugs.telegramUsers,
      depth: 0,
      overrideAccess: true,
      pagination: false,
      req,
      where: {
        or: [
          { and: [{ user: { equals: doc.id } }, { linkSource: { equals: 'auto' } }] },
          ...(username ? [{ and: [{ username: { equals: username } }, { user: { exists: false } }] }] : []),
        ],
      },
    })
    for (const telegramUser of affected.docs) await applyLinkRule(req, options, telegramUser as LinkState & { id: number | string })
    return doc
  }

/** users `beforeDelete`: the user's Telegram accounts become unlinked, with the reason recorded. */
export const unlinkDeletedUser =
  (options: ResolvedSwitchboardOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    for (const telegramUser of await findLinkedTelegramUsers(req, options, id)) {
      await writeLink(req, options, telegramUser.id, {
        user: null,
        linkStatus: 'unlinked',
        linkedAt: null,
        linkEvents: withEvent(telegramUser, { action: 'unlinked', user: id, by: req.user?.id ?? null }),
      })
    }
  }
