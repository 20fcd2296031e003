import type { Payload } from 'payload'
import type { TelegramClient } from 'telegram'

import { Api, errors } from 'telegram'
import { computeCheck } from 'telegram/Password'

import type { ResolvedSwitchboardOptions } from '../types'

import { SessionKeyError } from '../security/sessionCipher'
import { cipherFor, findAccount, recordAccountIdentity, updateAccount } from './accounts'
import { createTelegramClient, destroyTelegramClient, sessionString, TelegramConfigError } from './client'
import { releaseAccountClient } from './clientPool'
import { userDisplayName } from './mapper'

/** A login step that could not go on, with what the person should do next. */
export class LoginError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message)
  }
}

/** The half-finished login kept (sealed) on the account between the steps. */
interface LoginState {
  session: string
  phone: string
  phoneCodeHash: string
}

const minutes = (seconds: number) => (seconds < 90 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`)

const messages: Record<string, string> = {
  PHONE_NUMBER_INVALID: 'Telegram does not recognise that phone number. Enter it with the country code, like +44 7700 900123.',
  PHONE_NUMBER_BANNED: 'Telegram has banned this phone number; it cannot be connected.',
  PHONE_NUMBER_UNOCCUPIED: 'There is no Telegram account for this phone number yet. Sign up in a Telegram app first.',
  PHONE_CODE_INVALID: 'That code is not right. Enter the latest code Telegram sent you.',
  PHONE_CODE_EMPTY: 'Enter the code Telegram sent you.',
  PHONE_CODE_EXPIRED: 'That code has expired. Ask for a new code and enter it.',
  PASSWORD_HASH_INVALID: 'That two-step verification password is not right. Try again.',
  ACCESS_TOKEN_INVALID: 'Telegram does not accept that bot token. Copy it again from @BotFather.',
  ACCESS_TOKEN_EXPIRED: 'That bot token was revoked. Create a new one with @BotFather.',
}

/** Telegram's refusals as messages a person understands (and a status the endpoint answers). */
export const loginFailure = (error: unknown): LoginError => {
  if (error instanceof LoginError) return error
  if (error instanceof errors.FloodWaitError)
    return new LoginError(429, `Telegram is limiting login attempts. Try again in ${minutes(error.seconds)}.`, error.seconds)
  if (error instanceof TelegramConfigError || error instanceof SessionKeyError) return new LoginError(503, error.message)
  const code = (error as { errorMessage?: string }).errorMessage
  if (code && messages[code]) return new LoginError(400, messages[code])
  if (code) return new LoginError(400, `Telegram refused the login (${code}). Start again; if it repeats, log in with a Telegram app to check the account.`)
  return new LoginError(502, `Could not reach Telegram (${error instanceof Error ? error.message : String(error)}). Try again in a moment.`)
}

const withClient = async <T>(session: string, options: ResolvedSwitchboardOptions, run: (client: TelegramClient) => Promise<T>): Promise<T> => {
  const client = createTelegramClient(session, options.telegram)
  try {
    await client.connect()
    return await run(client)
  } finally {
    await destroyTelegramClient(client)
  }
}

const readState = async (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number): Promise<LoginState> => {
  const account = await findAccount(payload, options, accountId)
  if (!account) throw new LoginError(404, `There is no Telegram account with id ${accountId}.`)
  if (!account.loginState) throw new LoginError(409, 'This login has not started or has already finished. Start again with the phone number.')
  return JSON.parse(cipherFor(payload, options).open(account.loginState)) as LoginState
}

const saveState = (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number, state: LoginState | null) =>
  updateAccount(payload, options, accountId, { loginState: state ? cipherFor(payload, options).seal(JSON.stringify(state)) : null })

/** Queues the dialog discovery of an account that has just connected (the jobs layer's `queueDiscovery`). */
export type DiscoverAccount = (accountId: number) => Promise<unknown>

/** Stores the logged-in session (sealed), marks the account connected and starts discovery. */
const complete = async (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number, client: TelegramClient, me: Api.TypeUser, discover: DiscoverAccount) => {
  const user = me instanceof Api.User ? me : undefined
  await updateAccount(payload, options, accountId, {
    session: cipherFor(payload, options).seal(sessionString(client)),
    loginState: null,
    status: 'connected',
    connectedAt: new Date().toISOString(),
    lastError: null,
    ...(user?.bot && user.username ? { botUsername: user.username } : {}),
  })
  if (user) await recordAccountIdentity(payload, options, accountId, Number(user.id))
  // A client this process still holds is on the old session.
  await releaseAccountClient(payload, accountId)
  // Bots have no dialog list or history to read: their chats start with the listener.
  if (!user?.bot) await discover(accountId)
  return { accountId, status: 'connected' as const, user: user ? userDisplayName(user) : null }
}

const newAccount = async (payload: Payload, options: ResolvedSwitchboardOptions, data: Record<string, unknown>, ownerId?: number | string) =>
  Number(
    (
      await payload.create({
        collection: options.slugs.telegramAccounts,
        data: { ...data, status: 'needs-login', owner: ownerId },
        depth: 0,
        overrideAccess: true,
      })
    ).id,
  )

/** Step 1: send the login code to the phone's Telegram apps (or SMS). */
export const sendLoginCode = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  input: { accountId?: number; name?: string; phone: string },
  ownerId?: number | string,
): Promise<{ accountId: number; next: 'code'; via: 'app' | 'sms' }> => {
  try {
    if (input.accountId && !(await findAccount(payload, options, input.accountId))) throw new LoginError(404, `There is no Telegram account with id ${input.accountId}.`)
    const { state, via } = await withClient(options.telegram.loginSession, options, async (client) => {
      const sent = await client.sendCode({ apiId: options.telegram.apiId, apiHash: options.telegram.apiHash }, input.phone)
      return { state: { session: sessionString(client), phone: input.phone, phoneCodeHash: sent.phoneCodeHash }, via: sent.isCodeViaApp ? ('app' as const) : ('sms' as const) }
    })
    // The account is created once Telegram has accepted the number, so failed attempts leave nothing behind.
    const accountId = input.accountId ?? (await newAccount(payload, options, { name: input.name || input.phone, kind: 'user', phone: input.phone }, ownerId))
    await saveState(payload, options, accountId, state)
    return { accountId, next: 'code', via }
  } catch (error) {
    throw loginFailure(error)
  }
}

/** Step 2: the code. Accounts with two-step verification go on to the password. */
export const signInWithCode = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  input: { accountId: number; code: string },
  discover: DiscoverAccount,
): Promise<{ accountId: number; status: 'connected'; user: string | null } | { accountId: number; next: 'password'; hint: string | null }> => {
  try {
    const state = await readState(payload, options, input.accountId)
    return await withClient(state.session, options, async (client) => {
      try {
        const result = await client.invoke(new Api.auth.SignIn({ phoneNumber: state.phone, phoneCodeHash: state.phoneCodeHash, phoneCode: input.code }))
        if (result instanceof Api.auth.AuthorizationSignUpRequired) throw new LoginError(400, messages.PHONE_NUMBER_UNOCCUPIED!)
        return await complete(payload, options, input.accountId, client, result.user, discover)
      } catch (error) {
        if ((error as { errorMessage?: string }).errorMessage !== 'SESSION_PASSWORD_NEEDED') throw error
        const password = await client.invoke(new Api.account.GetPassword())
        await saveState(payload, options, input.accountId, { ...state, session: sessionString(client) })
        return { accountId: input.accountId, next: 'password' as const, hint: password.hint ?? null }
      }
    })
  } catch (error) {
    throw loginFailure(error)
  }
}

/** Step 3 (two-step verification): the password, checked with Telegram's SRP; never stored. */
export const signInWithPassword = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  input: { accountId: number; password: string },
  discover: DiscoverAccount,
): Promise<{ accountId: number; status: 'connected'; user: string | null }> => {
  try {
    const state = await readState(payload, options, input.accountId)
    return await withClient(state.session, options, async (client) => {
      const srp = await client.invoke(new Api.account.GetPassword())
      const { user } = (await client.invoke(new Api.auth.CheckPassword({ password: await computeCheck(srp, input.password) }))) as Api.auth.Authorization
      return complete(payload, options, input.accountId, client, user, discover)
    })
  } catch (error) {
    throw loginFailure(error)
  }
}

/** A bot account: one step, with the token from @BotFather. Bots run the listener only. */
export const signInBot = async (
  payload: Payload,
  options: ResolvedSwitchboardOptions,
  input: { accountId?: number; name?: string; botToken: string },
  discover: DiscoverAccount,
  ownerId?: number | string,
): Promise<{ accountId: number; status: 'connected'; user: string | null }> => {
  try {
    if (input.accountId && !(await findAccount(payload, options, input.accountId))) throw new LoginError(404, `There is no Telegram account with id ${input.accountId}.`)
    return await withClient(options.telegram.loginSession, options, async (client) => {
      const me = await client.signInBot({ apiId: options.telegram.apiId, apiHash: options.telegram.apiHash }, { botAuthToken: input.botToken })
      const accountId = input.accountId ?? (await newAccount(payload, options, { name: input.name || (me instanceof Api.User && me.username) || 'Telegram bot', kind: 'bot' }, ownerId))
      return complete(payload, options, accountId, client, me, discover)
    })
  } catch (error) {
    throw loginFailure(error)
  }
}
