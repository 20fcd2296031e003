import type { CollectionBeforeChangeHook } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { decideLink, type LinkState } from '../identity/autoLink'
import { linkingContextKey } from '../constants'

/**
 * telegram-users `beforeChange`: when an account is created or its username changes, apply the
 * automatic linking rule inside the same write (same transaction, no second update).
 */
export const autoLinkTelegramUser =
  (options: ResolvedSwitchboardOptions): CollectionBeforeChangeHook =>
  async ({ context, data, operation, originalDoc, req }) => {
    if (context[linkingContextKey]) return data
    if (operation === 'update' && (data.username === undefined || data.username === originalDoc?.username)) return data
    const state: LinkState = { ...originalDoc, ...data }
    const { changes } = await decideLink(req, options, state)
    return { ...data, ...changes }
  }
