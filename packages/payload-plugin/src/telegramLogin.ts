import type { Payload } from 'payload'

import { discoverAfterLogin } from './jobs/telegramJobs'
import { switchboardOptionsOf } from './options'
import { sendLoginCode, signInBot, signInWithCode, signInWithPassword } from './telegram/login'

/** How a login asks its questions and reports its steps: a terminal, or a script's own answers. */
export interface LoginPrompt {
  /** Asks a question and resolves with the answer. */
  ask: (question: string) => Promise<string>
  /**
   * Reports a step the person should know about ("Telegram sent a code by SMS.").
   * @default says nothing
   */
  tell?: (message: string) => void
  /**
   * Logs this existing account in again instead of creating a new one.
   * @default a new account
   */
  accountId?: number
}

/**
 * Connects a Telegram account by questions and answers, in the same steps as the admin's Connect
 * account view: a phone number, the code Telegram sends, then the two-step password when the
 * account has one; or a bot token. A connected account starts syncing with the next worker round.
 * A step Telegram refuses throws a `LoginError` saying what to do.
 */
export const telegramLogin = async (payload: Payload, { ask, tell = () => undefined, accountId }: LoginPrompt): Promise<{ accountId: number; user: string | null }> => {
  const options = switchboardOptionsOf(payload)
  const discover = discoverAfterLogin(payload)
  const answer = await ask('Phone number with country code (e.g. +44 7700 900123), or a bot token: ')
  if (/^\d+:[\w-]{20,}$/.test(answer)) return signInBot(payload, options, { accountId, botToken: answer }, discover)

  const name = accountId ? undefined : (await ask('Name in Switchboard (Enter for the phone number): ')) || undefined
  const sent = await sendLoginCode(payload, options, { accountId, name, phone: answer.replace(/[\s()-]/g, '') })
  tell(sent.via === 'app' ? 'Telegram sent a code to the account’s Telegram app.' : 'Telegram sent a code by SMS.')
  const signedIn = await signInWithCode(payload, options, { accountId: sent.accountId, code: await ask('Code: ') }, discover)
  if (!('next' in signedIn)) return signedIn
  tell(`Two-step verification is on${signedIn.hint ? ` (hint: ${signedIn.hint})` : ''}.`)
  return signInWithPassword(payload, options, { accountId: sent.accountId, password: await ask('Password: ') }, discover)
}
