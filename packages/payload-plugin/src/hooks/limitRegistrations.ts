import { APIError, type CollectionBeforeOperationHook } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { isStaff } from '../access/roles'
import { clientAddress } from '../security/clientAddress'
import { hitRateLimit } from '../security/rateLimit'

const hour = 60 * 60

/**
 * users `beforeOperation`: creating accounts over the API (`POST /api/users`) is limited per
 * client address, and for a logged-in customer also per account, in the database so the limit
 * holds across instances. Staff creating users and trusted Local API calls are not counted.
 */
export const limitRegistrations =
  (options: ResolvedSwitchboardOptions): CollectionBeforeOperationHook =>
  async ({ args, operation, req }) => {
    if (operation !== 'create' || req.payloadAPI === 'local' || isStaff(req.user)) return args
    const limit = options.chat.registrationsPerHourPerIp
    const counted: Array<[key: string, who: string]> = [
      [`registrations:ip:${clientAddress(req.headers, options.trustedProxies)}`, 'from your network'],
      ...(req.user ? [[`registrations:user:${req.user.id}`, 'by your account'] as [string, string]] : []),
    ]
    for (const [key, who] of counted) {
      const wait = await hitRateLimit(req.payload, { key, limit, windowSeconds: hour })
      if (wait > 0) throw new APIError(`Too many accounts created ${who}. Try again in ${Math.ceil(wait / 60)} minutes.`, 429)
    }
    return args
  }
