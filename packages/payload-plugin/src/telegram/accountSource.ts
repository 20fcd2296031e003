import type { Payload } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { findAccount } from './accounts'
import { AccountUnavailableError, accountClient, type HeldAccounts } from './clientPool'
import { type TelegramSource, telegramSource } from './source'

/** The sync engine's view of an account, over this process's connection to it (`held`: see `accountClient`). */
export const accountSource = async (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number, held?: HeldAccounts): Promise<TelegramSource> => {
  const account = await findAccount(payload, options, accountId)
  // Telegram gives bots no dialog list and no history: only the listener serves them.
  if (account?.kind === 'bot') throw new AccountUnavailableError(`"${account.name}" is a bot: bots cannot read dialogs or history; the listener stores what they receive.`)
  return telegramSource(await accountClient(payload, options, accountId, held), {
    maxSleepSeconds: options.telegram.floodSleepMaxSeconds,
    retries: options.telegram.floodRetries,
  })
}
