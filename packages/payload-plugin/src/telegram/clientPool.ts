import type { Payload } from 'payload'
import type { TelegramClient } from 'telegram'

import type { ResolvedSwitchboardOptions } from '../types'

import { cipherFor, findAccount, openSession, updateAccount } from './accounts'
import { createTelegramClient, destroyTelegramClient } from './client'

export class AccountUnavailableError extends Error {}

const pools = new WeakMap<Payload, Map<number, Promise<TelegramClient>>>()

const poolOf = (payload: Payload) => {
  let pool = pools.get(payload)
  if (!pool) pools.set(payload, (pool = new Map()))
  return pool
}

const connect = async (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number): Promise<TelegramClient> => {
  const account = await findAccount(payload, options, accountId)
  if (!account) throw new AccountUnavailableError(`Telegram account ${accountId} no longer exists.`)
  if (account.status !== 'connected') throw new AccountUnavailableError(`Telegram account "${account.name}" is ${account.status}; log it in first.`)
  const session = openSession(payload, options, account)
  if (!session) throw new AccountUnavailableError(`Telegram account "${account.name}" has no session; log it in first.`)
  // After a key rotation, the first connection re-seals the session with the current key.
  const cipher = cipherFor(payload, options)
  if (cipher.isStale(account.session!)) await updateAccount(payload, options, accountId, { session: cipher.seal(session) })
  const client = createTelegramClient(session, options.telegram)
  await client.connect()
  return client
}

/** The accounts a worker holds the lease of: it connects no other. */
export type HeldAccounts = Pick<ReadonlyMap<number, unknown>, 'has'>

/**
 * This process's one connected client per account, shared by its jobs: a session must not be
 * connected twice at once (Telegram answers AUTH_KEY_DUPLICATED). In a worker (`held`), only an
 * account whose lease it holds (its listener registers the client).
 */
export const accountClient = (payload: Payload, options: ResolvedSwitchboardOptions, accountId: number, held?: HeldAccounts): Promise<TelegramClient> => {
  const pool = poolOf(payload)
  let client = pool.get(accountId)
  if (!client && held && !held.has(accountId))
    return Promise.reject(new AccountUnavailableError(`Telegram account ${accountId} is held by another worker.`))
  if (!client) {
    client = connect(payload, options, accountId)
    pool.set(accountId, client)
    client.catch(() => pool.delete(accountId))
  }
  return client
}

/** Makes `client` this process's connection of an account (the worker's listener owns it). */
export const adoptAccountClient = (payload: Payload, accountId: number, client: TelegramClient): void => {
  poolOf(payload).set(accountId, Promise.resolve(client))
}

/** Disconnects this process's client of an account (after a new login, or when it is revoked). */
export const releaseAccountClient = async (payload: Payload, accountId: number): Promise<void> => {
  const pool = poolOf(payload)
  const client = pool.get(accountId)
  pool.delete(accountId)
  const connected = await client?.catch(() => undefined)
  if (connected) await destroyTelegramClient(connected)
}

/** Disconnects every client of this Payload instance (on shutdown). */
export const closeTelegramClients = async (payload: Payload): Promise<void> => {
  const pool = pools.get(payload)
  if (!pool) return
  await Promise.all([...pool.keys()].map((id) => releaseAccountClient(payload, id)))
}
