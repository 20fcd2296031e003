import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedSwitchboardOptions } from '../types'

import { requireStaff } from '../access/requireStaff'
import { discoverAfterLogin } from '../jobs/telegramJobs'
import { LoginError, sendLoginCode, signInBot, signInWithCode, signInWithPassword } from '../telegram/login'
import { EndpointError, handleEndpointErrors, parseId } from '../http/errors'
import { readJsonBody } from '../http/readBody'

const text = (body: Record<string, unknown>, key: string, what: string): string => {
  const value = body[key]
  if (typeof value !== 'string' || !value.trim()) throw new EndpointError(400, `Enter ${what}.`)
  return value.trim()
}

const accountIdOf = (body: Record<string, unknown>, required: boolean): number | undefined => {
  const value = body.accountId
  if (value === undefined || value === null || value === '') {
    if (required) throw new EndpointError(400, 'accountId is missing: start again with the phone number.')
    return undefined
  }
  return parseId(value, 'accountId')
}

const step = (options: ResolvedSwitchboardOptions, path: string, run: (req: PayloadRequest, body: Record<string, unknown>) => Promise<unknown>): Endpoint => ({
  path: `/switchboard/telegram/login/${path}`,
  method: 'post',
  handler: (req) =>
    handleEndpointErrors(req, async () => {
      requireStaff(req)
      const body = await readJsonBody(req, options.maxBodyBytes)
      try {
        return Response.json(await run(req, body))
      } catch (error) {
        if (!(error instanceof LoginError)) throw error
        throw new EndpointError(error.status, error.message, error.retryAfterSeconds ? { 'retry-after': String(error.retryAfterSeconds) } : undefined)
      }
    }),
})

/**
 * Connecting a Telegram account in steps (staff only): `code` (phone → code sent), `sign-in`
 * (code → connected, or `next: 'password'` with the hint), `password` (two-step verification),
 * and `bot` (a bot token). The session stays on the server, sealed; responses never carry it.
 */
export const telegramLoginEndpoints = (options: ResolvedSwitchboardOptions): Endpoint[] => [
  step(options, 'code', (req, body) => {
    const phone = text(body, 'phone', 'the phone number of the Telegram account, with the country code')
    if (!/^\+?[\d\s()-]{5,20}$/.test(phone)) throw new EndpointError(400, 'A phone number has digits only, with the country code, like +44 7700 900123.')
    const name = typeof body.name === 'string' ? body.name.trim() : undefined
    return sendLoginCode(req.payload, options, { accountId: accountIdOf(body, false), name, phone: phone.replace(/[\s()-]/g, '') }, req.user?.id)
  }),
  step(options, 'sign-in', (req, body) =>
    signInWithCode(req.payload, options, { accountId: accountIdOf(body, true)!, code: text(body, 'code', 'the code Telegram sent').replace(/\s/g, '') }, discoverAfterLogin(req.payload)),
  ),
  step(options, 'password', (req, body) =>
    signInWithPassword(req.payload, options, { accountId: accountIdOf(body, true)!, password: text(body, 'password', 'the two-step verification password') }, discoverAfterLogin(req.payload)),
  ),
  step(options, 'bot', (req, body) => {
    const botToken = text(body, 'botToken', 'the bot token from @BotFather')
    if (!/^\d+:[\w-]{20,}$/.test(botToken)) throw new EndpointError(400, 'A bot token looks like 123456789:AA… — copy it from @BotFather.')
    const name = typeof body.name === 'string' ? body.name.trim() : undefined
    return signInBot(req.payload, options, { accountId: accountIdOf(body, false), name, botToken }, discoverAfterLogin(req.payload), req.user?.id)
  }),
]
