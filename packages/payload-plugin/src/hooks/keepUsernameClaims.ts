import type { CollectionBeforeValidateHook, PayloadRequest } from 'payload'

import { isStaff } from '../access/roles'
import { normalizeTelegramUsername } from '../identity/username'

/**
 * Who may state a user's Telegram username, the one the automatic linking rule trusts: staff, and
 * the app's own code (seeding, imports) running without a user.
 */
const mayStateTelegramUsername = (req: PayloadRequest): boolean => isStaff(req.user) || (req.payloadAPI === 'local' && !req.user)

/**
 * users `beforeValidate`: a Telegram username anyone else writes (a customer registering or
 * editing themselves) is a claim. It goes to `telegramUsernameClaim`, links nothing and blocks
 * nobody (the unique `telegramUsername` is left as it was); verification on Telegram proves it.
 */
export const keepUsernameClaims: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  if (!data || data.telegramUsername === undefined || mayStateTelegramUsername(req)) return data
  const { telegramUsername, ...rest } = data
  const claimed = normalizeTelegramUsername(telegramUsername)
  return claimed === (originalDoc?.telegramUsername ?? null) ? rest : { ...rest, telegramUsernameClaim: claimed }
}
