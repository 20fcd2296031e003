import type { Payload, SanitizedConfig } from 'payload'

import { createInterface } from 'node:readline'

import { switchboardOptionsOf } from '../options'
import { LoginError, sendLoginCode, signInBot, signInWithCode, signInWithPassword } from '../telegram/login'
import { runCommand, scriptArgs } from './cli'

const usage = 'Usage: payload switchboard:telegram-login [--account <id>]'

/**
 * `payload switchboard:telegram-login [--account <id>]`: connects a Telegram account from a
 * terminal, in the same steps as the admin's Connect account view (phone → code → two-step
 * password, or a bot token). `--account` logs an existing account in again.
 */
export const script = async (config: SanitizedConfig): Promise<void> => {
  const args = scriptArgs('switchboard:telegram-login')
  const accountFlag = args.indexOf('--account')
  const existing = accountFlag >= 0 ? Number(args[accountFlag + 1]) : undefined
  if (existing !== undefined && !(Number.isInteger(existing) && existing > 0)) {
    console.error(usage)
    process.exit(2)
  }
  await runCommand(config, (payload) => logIn(payload, existing))
}

const logIn = async (payload: Payload, existing: number | undefined): Promise<number> => {
  const options = switchboardOptionsOf(payload)
  const prompt = createInterface({ input: process.stdin, terminal: false })
  // Lines are read through the iterator, which buffers them: answers piped in all at once are kept.
  const lines = prompt[Symbol.asyncIterator]()
  const ask = async (question: string) => {
    process.stdout.write(question)
    const line = await lines.next()
    if (line.done) throw new LoginError(400, 'The input ended before the login was complete.')
    return String(line.value).trim()
  }

  try {
    const answer = await ask('Phone number with country code (e.g. +44 7700 900123), or a bot token: ')
    let result: { accountId: number; status?: string; next?: string; hint?: null | string; user?: null | string }
    if (/^\d+:[\w-]{20,}$/.test(answer)) {
      result = await signInBot(payload, options, { accountId: existing, botToken: answer })
    } else {
      const name = existing ? undefined : (await ask('Name in Switchboard (Enter for the phone number): ')) || undefined
      const sent = await sendLoginCode(payload, options, { accountId: existing, name, phone: answer.replace(/[\s()-]/g, '') })
      console.log(sent.via === 'app' ? 'Telegram sent a code to the account’s Telegram app.' : 'Telegram sent a code by SMS.')
      result = await signInWithCode(payload, options, { accountId: sent.accountId, code: await ask('Code: ') })
      if (result.next === 'password') {
        console.log(`Two-step verification is on${result.hint ? ` (hint: ${result.hint})` : ''}.`)
        result = await signInWithPassword(payload, options, { accountId: sent.accountId, password: await ask('Password: ') })
      }
    }
    console.log(`Connected${result.user ? ` as ${result.user}` : ''} (account ${result.accountId}). A running worker starts syncing it.`)
    return 0
  } catch (error) {
    console.error(error instanceof LoginError ? error.message : error)
    return 1
  } finally {
    prompt.close()
  }
}
