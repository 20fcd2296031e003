import { createInterface } from 'node:readline'

import { closePayload } from '../host/closePayload'
import { ensureDatabase } from '../host/database'
import { openMigratedPayload } from '../host/openPayload'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { LoginError, sendLoginCode, signInBot, signInWithCode, signInWithPassword } from '../../packages/payload-plugin/src/telegram/login'

/**
 * `npm run telegram:login [-- --account <id>]`: connects a Telegram account from a terminal, in
 * the same steps as the admin's Connect account view (phone → code → two-step password, or a bot
 * token). `--account` logs an existing account in again.
 */
const args = process.argv.slice(2)
const accountFlag = args.indexOf('--account')
const existing = accountFlag >= 0 ? Number(args[accountFlag + 1]) : undefined
if (existing !== undefined && !(Number.isInteger(existing) && existing > 0)) {
  console.error('Usage: npm run telegram:login [-- --account <id>]')
  process.exit(2)
}

const database = await ensureDatabase()
const payload = await openMigratedPayload({ databaseUrl: database.url })
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
} catch (error) {
  console.error(error instanceof LoginError ? error.message : error)
  process.exitCode = 1
} finally {
  prompt.close()
  await closePayload(payload)
  await database.stop()
}
