import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { isSessionRevoked, markNeedsLogin } from '../telegram/accounts'
import { AccountUnavailableError, releaseAccountClient } from '../telegram/clientPool'
import { FloodWaitReschedule } from '../telegram/floodWait'

/**
 * What a Telegram task does with an error. A long FloodWait reschedules the work for after the
 * wait; a revoked session marks the account `needs-login` and stops; an account that is not
 * connected is skipped. Anything else is rethrown, and the task retries with backoff.
 */
export const settleTelegramFailure = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  accountId: number,
  error: unknown,
  reschedule: (until: Date) => Promise<unknown>,
): Promise<{ skipped: string }> => {
  if (error instanceof FloodWaitReschedule) {
    await reschedule(error.until)
    return { skipped: error.message }
  }
  if (isSessionRevoked(error)) {
    const reason = `Telegram revoked the session (${(error as { errorMessage: string }).errorMessage})`
    await markNeedsLogin(payload, options, accountId, reason)
    await releaseAccountClient(payload, accountId)
    return { skipped: reason }
  }
  if (error instanceof AccountUnavailableError) return { skipped: error.message }
  throw error
}
