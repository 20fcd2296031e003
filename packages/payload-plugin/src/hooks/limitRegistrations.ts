import { APIError, type CollectionBeforeOperationHook } from 'payload'

import { clientIp, RateLimiter } from '../chat/rateLimiter'

/**
 * users `beforeOperation`: anonymous self-registration (`POST /api/users`) is limited per IP.
 * Logged-in staff creating users and trusted Local API calls are not counted.
 */
export const limitRegistrations = (perHour: number): CollectionBeforeOperationHook => {
  const limiter = new RateLimiter(perHour, 60 * 60_000)
  return ({ args, operation, req }) => {
    if (operation !== 'create' || req.user || req.payloadAPI === 'local') return args
    const wait = limiter.hit(clientIp(req.headers))
    if (wait > 0) throw new APIError(`Too many accounts created from your network. Try again in ${Math.ceil(wait / 60)} minutes.`, 429)
    return args
  }
}
