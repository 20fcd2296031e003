import type { PayloadRequest } from 'payload'

import type { Id } from '../localApi'
import type { ResolvedSwitchboardOptions } from '../types'

import { dbFor } from '../db/sqlExecutor'
import { claimNextAvailableStaff } from '../db/users'

/**
 * The staff member the next conversation goes to: among staff and admins marked available
 * (`isAvailable`), the one assigned automatically longest ago (never first). Their
 * `lastAutoAssignedAt` moves in the same statement, under a row lock that concurrent
 * assignments skip, so two new conversations at once go to two people.
 */
export const nextAvailableStaff = async (req: PayloadRequest, options: ResolvedSwitchboardOptions): Promise<Id | undefined> =>
  claimNextAvailableStaff(await dbFor(req), options)
