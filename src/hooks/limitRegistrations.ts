import { APIError, type CollectionBeforeOperationHook } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { RateLimiter } from '../chat/rateLimiter'
import { clientAddress } from '../security/clientAddress'

/**
 * users `beforeOperation`: anonymous self-registration (`POST /api/users`) is limited per IP.
 * Logged-in staff creating users and trusted Local API calls are not counted.
 */
export const limitRegistrations = (options: ResolvedSwitchboardOptions): CollectionBeforeOperationHook => {
  const limiter = new RateLimiter(options.chat.registrationsPerHourPerIp, 60 * 60_000)
  return ({ args, operation, req }) => {
    if (operation !== 'create' || req.user || req.payloadAPI === 'local') return args
    const wait = limiter.hit(clientAddress(req.headers, options.trustedProxies))
    if (wait > 0) throw new APIError(`Too many accounts created from your network. Try again in ${Math.ceil(wait / 60)} minutes.`, 429)
    return args
  }
}
