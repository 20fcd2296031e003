import type { Payload, SanitizedConfig } from 'payload'

import { createInterface } from 'node:readline'

import { LoginError, telegramLogin } from '../exports/server'
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

const logIn = async (payload: Payload, accountId: number | undefined): Promise<number> => {
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
    const result = await telegramLogin(payload, { ask, tell: (message) => console.log(message), accountId })
    console.log(`Connected${result.user ? ` as ${result.user}` : ''} (account ${result.accountId}). A running worker starts syncing it.`)
    return 0
  } catch (error) {
    console.error(error instanceof LoginError ? error.message : error)
    return 1
  } finally {
    prompt.close()
  }
}
