import { Api } from 'telegram'
import bigInt from 'big-integer'

import type { TelegramInvoker } from './source'

import { type FloodPolicy, withFloodWait } from './floodWait'
import { inputPeer, type PeerRef } from './peers'

/**
 * Sends one text message with the caller's `randomId`. Telegram deduplicates by that id, so a
 * send repeated after a crash does not deliver twice. Returns the Telegram message id when the
 * answer names it (`null` when Telegram only says the id was already used).
 */
export const sendReply = async (client: TelegramInvoker, peer: PeerRef, text: string, randomId: string, flood: FloodPolicy): Promise<number | null> => {
  let result: Api.TypeUpdates
  try {
    result = await withFloodWait(() => client.invoke(new Api.messages.SendMessage({ peer: inputPeer(peer), message: text, randomId: bigInt(randomId) })), flood)
  } catch (error) {
    // Sent before (the process died before recording it): delivered once, id unknown here.
    if ((error as { errorMessage?: string }).errorMessage === 'RANDOM_ID_DUPLICATE') return null
    throw error
  }
  if (result instanceof Api.UpdateShortSentMessage) return result.id
  if (result instanceof Api.Updates || result instanceof Api.UpdatesCombined) {
    for (const update of result.updates) {
      if (update instanceof Api.UpdateMessageID && update.randomId?.toString() === randomId) return update.id
      if ((update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) && update.message instanceof Api.Message && update.message.out) return update.message.id
    }
  }
  return null
}
