import type { StreamChat } from 'stream-chat'

import type { ResolvedStreamOptions } from '../types'

import type { StreamMember } from './members'

import { classifyStreamError, escalate } from './errors'

export interface OutgoingMessage {
  /** Deterministic Stream message id: a retried job can never post the message twice. */
  id: string
  text: string
  /** The sender as a Stream user; upserted only if Stream says it does not exist. */
  sender: Pick<StreamMember, 'id' | 'image' | 'name'>
  deleted: boolean
}

/**
 * Sends, edits or deletes one mirrored message. Sending an id Stream already has means an earlier
 * attempt got through (or the text was edited since): it becomes an update.
 */
export const syncMessage = async (client: StreamChat, stream: ResolvedStreamOptions, channelId: string, message: OutgoingMessage) => {
  if (message.deleted) {
    await client.deleteMessage(message.id).catch((error: unknown) => {
      if ((error as { status?: number }).status !== 404) escalate(error)
    })
    return 'deleted' as const
  }
  const channel = client.channel(stream.channelType, channelId)
  const { sender } = message
  const send = () => channel.sendMessage({ id: message.id, text: message.text, user_id: sender.id })
  try {
    await send().catch(async (error: unknown) => {
      if (classifyStreamError(error).kind !== 'missing-users') throw error
      await client.upsertUsers([{ id: sender.id, name: sender.name, ...(sender.image ? { image: sender.image } : {}) }]).catch(escalate)
      await send()
    })
    return 'sent' as const
  } catch (error) {
    if (classifyStreamError(error).kind !== 'duplicate-message') return escalate(error)
    await client.updateMessage({ id: message.id, text: message.text }, sender.id).catch(escalate)
    return 'updated' as const
  }
}
