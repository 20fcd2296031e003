import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { accountClient } from './clientPool'
import { type TelegramSource, telegramSource } from './source'

/** The sync engine's view of an account, over this process's connection to it. */
export const accountSource = async (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number): Promise<TelegramSource> =>
  telegramSource(await accountClient(payload, options, accountId), {
    maxSleepSeconds: options.telegram.floodSleepMaxSeconds,
    retries: options.telegram.floodRetries,
  })
