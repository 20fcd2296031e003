import type { CollectionAfterChangeHook, CollectionBeforeChangeHook } from 'payload'

import { issueChatToken } from '../security/chatToken'
import { plaintextTokenContext } from '../constants'

const dayMs = 24 * 60 * 60 * 1000

/**
 * On create: draw a fresh token, keep only its hash and display prefix, default the expiry and
 * provider, and hand the plaintext to `returnPlaintextToken` through the request context.
 */
export const generateChatToken =
  (defaultExpiryDays: number): CollectionBeforeChangeHook =>
  ({ context, data, operation, req }) => {
    if (operation !== 'create') return data
    const issued = issueChatToken()
    context[plaintextTokenContext] = issued.token
    return {
      ...data,
      expiresAt: data.expiresAt ?? new Date(Date.now() + defaultExpiryDays * dayMs).toISOString(),
      provider: data.provider ?? req.user?.id,
      tokenHash: issued.tokenHash,
      tokenPrefix: issued.tokenPrefix,
      uses: 0,
    }
  }

/** The create response is the only place the plaintext token ever appears. */
export const returnPlaintextToken: CollectionAfterChangeHook = ({ context, doc, operation }) => {
  const token = context[plaintextTokenContext]
  if (operation !== 'create' || typeof token !== 'string') return doc
  return { ...doc, token }
}
