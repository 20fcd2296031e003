import type { ResolvedStreamOptions } from '../types'

type Id = number | string

/**
 * Stream ids derive only from immutable ids: a user's id, a Telegram account's `telegramId`, a
 * conversation's or message's id. Never from names, emails or a guessed account type, so the same
 * record always maps to the same Stream id and nothing can map to two.
 */
export const streamIds = ({ idPrefix }: Pick<ResolvedStreamOptions, 'idPrefix'>) => ({
  user: (userId: Id) => `${idPrefix}-u-${userId}`,
  /** A linked Telegram account is its user in Stream; an unlinked one is its own Stream user. */
  telegramUser: (telegramId: Id, linkedUserId?: Id | null) =>
    linkedUserId === null || linkedUserId === undefined ? `${idPrefix}-tg-${telegramId}` : `${idPrefix}-u-${linkedUserId}`,
  channel: (conversationId: Id) => `${idPrefix}-c-${conversationId}`,
  message: (messageId: Id) => `${idPrefix}-m-${messageId}`,
  /** Reads a Stream user id back into the record it came from, or `undefined` if it is not ours. */
  parseUser: (streamUserId: string): { kind: 'telegram'; telegramId: number } | { kind: 'user'; id: number } | undefined => {
    const match = new RegExp(`^${idPrefix}-(u|tg)-(\\d+)$`).exec(streamUserId)
    if (!match) return undefined
    return match[1] === 'u' ? { kind: 'user', id: Number(match[2]) } : { kind: 'telegram', telegramId: Number(match[2]) }
  },
  isOurMessage: (streamMessageId: string) => streamMessageId.startsWith(`${idPrefix}-m-`),
  parseChannel: (channelId: string): number | undefined => {
    const match = new RegExp(`^${idPrefix}-c-(\\d+)$`).exec(channelId)
    return match ? Number(match[1]) : undefined
  },
})
