import { Api } from 'telegram'
import bigInt from 'big-integer'

import type { TelegramInvoker } from '../../packages/payload-plugin/src/telegram/source'

import { fixtureMessages } from '../ingest/fixture'

/**
 * A Telegram supergroup held in memory, answering `messages.GetHistory` (offsetId, addOffset,
 * minId, limit: Telegram's semantics over ids 1…total, newest first) and `channels.GetMessages`
 * with genuine `Api.*` objects built on demand, so a 1M-message history costs no memory. No
 * network and no serialization: what the bench times is the sync engine and the database.
 */
export const memoryTelegram = (channelId: number, total: () => number) => {
  const peerId = new Api.PeerChannel({ channelId: bigInt(channelId) })
  const sender = new Api.User({ id: bigInt(4242), accessHash: bigInt(1), firstName: 'Anna', lastName: 'Customer', username: 'anna_customer' })
  const texts = fixtureMessages(1_000)
  const message = (id: number) => {
    const fixture = texts[id % texts.length]!
    return new Api.Message({
      id,
      peerId,
      fromId: new Api.PeerUser({ userId: sender.id }),
      date: Math.floor(Date.parse('2024-01-01T00:00:00Z') / 1000) + id * 60,
      message: fixture.text,
      out: fixture.direction === 'out',
    })
  }
  const answer = (messages: Api.Message[]) =>
    new Api.messages.ChannelMessages({ pts: total(), count: total(), messages, topics: [], chats: [], users: [sender] })

  let sourceMs = 0
  const requests: string[] = []
  const invoke = async (request: Api.AnyRequest): Promise<unknown> => {
    const started = performance.now()
    try {
      requests.push(request.className)
      if (request instanceof Api.messages.GetHistory) {
        const newest = total()
        // Position of the first message older than offsetId in the newest-first list.
        const index = request.offsetId > 0 ? newest - Math.min(newest, request.offsetId - 1) : 0
        const start = Math.max(0, index + request.addOffset)
        const ids: number[] = []
        for (let position = start; position < start + request.limit && newest - position >= 1; position++) {
          const id = newest - position
          if (id > request.minId) ids.push(id)
        }
        return answer(ids.map(message))
      }
      if (request instanceof Api.channels.GetMessages)
        return answer((request.id as Api.InputMessageID[]).map((input) => input.id).filter((id) => id <= total()).map(message))
      throw new Error(`memoryTelegram does not answer ${request.className}`)
    } finally {
      sourceMs += performance.now() - started
    }
  }
  return {
    invoker: { invoke } as unknown as TelegramInvoker,
    /** Time spent inside the fake source (to separate database time). */
    sourceMs: () => sourceMs,
    requests,
    reset: () => {
      sourceMs = 0
      requests.length = 0
    },
  }
}
