import type { TelegramClient } from 'telegram'

import { Api } from 'telegram'
import { Raw } from 'telegram/events'
import { UpdateConnectionState } from 'telegram/network'

/**
 * What a real-time listener needs from GramJS, so that the worker never imports `telegram`
 * itself (this folder is the only code that does).
 */
export type { TelegramClient }

/**
 * Calls `handler` with every update `client` receives, as GramJS's `Raw` event: service messages
 * included (`NewMessage` skips them) and GramJS's own connection reports. Returns the unsubscribe.
 */
export const onRawUpdates = (client: TelegramClient, handler: (update: unknown) => void): (() => void) => {
  const builder = new Raw({})
  client.addEventHandler(handler, builder)
  return () => client.removeEventHandler(handler, builder)
}

/**
 * GramJS reports its connection among the updates: `connected` (also after ordinary pings) or
 * `disconnected` (lost, broken, reconnecting). `undefined` for an update from Telegram.
 */
export const connectionStateOf = (update: unknown): 'connected' | 'disconnected' | undefined => {
  if (!(update instanceof UpdateConnectionState)) return undefined
  return update.state === UpdateConnectionState.connected ? 'connected' : 'disconnected'
}

/** The connected account's own Telegram user id (`undefined` if Telegram answers otherwise). */
export const ownUserId = async (client: TelegramClient): Promise<bigint | undefined> => {
  const me = await client.getMe()
  return me instanceof Api.User ? BigInt(me.id.toString()) : undefined
}

/** A cheap request that fails when the connection is dead: `updates.getState`. */
export const pingUpdates = async (client: TelegramClient): Promise<void> => {
  await client.invoke(new Api.updates.GetState())
}

/**
 * The lane an update is applied in. Each channel has its own pts sequence and lane; private chats
 * and basic groups share the account's sequence, and their deletions name no chat, so they share
 * one lane: a deletion can never overtake the edit or the message it follows.
 */
export const updateLane = (update: unknown): string => {
  const u = update as { message?: { peerId?: Api.TypePeer }; channelId?: { toString(): string } }
  const peer = u.message?.peerId
  if (peer instanceof Api.PeerChannel) return `channel:${peer.channelId.toString()}`
  if (u.channelId) return `channel:${u.channelId.toString()}`
  return 'account'
}
