import type { PayloadRequest } from 'payload'

import type { ResolvedStreamOptions, ResolvedSwitchboardOptions } from '../types'

import { findOwnDocs } from '../localApi'
import { streamIds } from './ids'

type Id = number | string
type Relation = { relationTo: string; value: Id | { id: Id } }

export interface StreamMember {
  /** Stream user id, derived from immutable ids only. */
  id: string
  name: string
  image?: string
  /** Channel-level role: companies moderate their own channels; nobody gets the global admin role. */
  channelRole: string
}

export interface ConversationLike {
  id: Id
  participants?: Relation[] | null
  provider?: Id | null | { id: Id }
  customer?: Id | null | { id: Id }
}

const idOf = (value: Id | { id: Id }): Id => (typeof value === 'object' ? value.id : value)

/**
 * The Stream members of a conversation: its participants plus its provider and customer, each
 * mapped to one Stream user (a linked Telegram account becomes its user), deduplicated. Also
 * returns who creates the channel: the provider when there is one, else the first member.
 */
export const conversationMembers = async (
  req: PayloadRequest,
  options: ResolvedSwitchboardOptions,
  stream: ResolvedStreamOptions,
  conversation: ConversationLike,
): Promise<{ members: StreamMember[]; createdById?: string }> => {
  const ids = streamIds(stream)
  const relations = conversation.participants ?? []
  const userIds = new Set<Id>(relations.filter((r) => r.relationTo === options.usersCollection).map((r) => idOf(r.value)))
  for (const role of [conversation.provider, conversation.customer]) if (role) userIds.add(idOf(role))
  const telegramUserIds = relations.filter((r) => r.relationTo === options.slugs.telegramUsers).map((r) => idOf(r.value))

  const telegramUsers = telegramUserIds.length
    ? await findOwnDocs(req.payload, options, 'telegramUsers', { id: { in: telegramUserIds } }, { limit: telegramUserIds.length, req })
    : []
  for (const t of telegramUsers) if (t.user) userIds.add(idOf(t.user))

  const users = userIds.size
    ? (
        await req.payload.find({
          collection: options.usersCollection,
          depth: 0,
          overrideAccess: true,
          pagination: false,
          req,
          select: { displayName: true, avatarUrl: true, accountType: true },
          where: { id: { in: [...userIds] } },
        })
      ).docs
    : []

  const members = new Map<string, StreamMember>()
  for (const user of users) {
    members.set(ids.user(user.id), {
      id: ids.user(user.id),
      name: (user.displayName as string | undefined) || `User ${user.id}`,
      image: (user.avatarUrl as string | undefined) || undefined,
      channelRole: user.accountType === 'company' ? stream.companyChannelRole : 'channel_member',
    })
  }
  for (const t of telegramUsers) {
    const id = ids.telegramUser(t.telegramId, t.user ? idOf(t.user) : null)
    if (members.has(id)) continue
    members.set(id, {
      id,
      name: t.displayName || `Telegram ${t.telegramId}`,
      image: t.photoUrl || undefined,
      channelRole: 'channel_member',
    })
  }
  const provider = conversation.provider ? ids.user(idOf(conversation.provider)) : undefined
  const list = [...members.values()]
  return { members: list, createdById: provider && members.has(provider) ? provider : list[0]?.id }
}
