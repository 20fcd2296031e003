import { createLocalReq, type Payload, type PayloadRequest } from 'payload'

import { Api } from 'telegram'

import type { ResolvedSwitchboardOptions } from '../types'

import { redeemVerificationCode, verificationCodeIn, verificationReplies } from '../identity/verification'
import { type Entities, entitiesOf, type MessageRow, messagePeer, messageRow, storableText, telegramUserRow, userDisplayName } from './mapper'
import { markedPeerId, type PeerRef, peerRefOf } from './peers'
import { upsertTelegramUsers } from './sync/telegramUsers'
import { type CustomerWaiting, writePage } from './sync/writePage'
import { poolSql } from '../db/sqlExecutor'
import { fromTelegramContext } from '../constants'
import * as accountState from '../db/telegramAccounts'
import { conversationIdOfPeer, deletedMessageMatches, setUnreadCount } from '../db/telegramConversations'
import type { LeaseRef } from '../db/leases'

/** Telegram's update state of an account: where `updates.getDifference` resumes. */
export type UpdateState = accountState.UpdateState

/** Who applies updates: one account, under its lease (the guard runs in every write). */
export interface UpdateTarget {
  payload: Payload
  options: ResolvedSwitchboardOptions
  accountId: number
  guard?: (req: PayloadRequest) => Promise<void>
  /** A message for a chat Switchboard does not know yet: discovery creates it and syncs it. */
  onUnknownPeer: (peer: PeerRef) => Promise<void>
  customerWaiting: CustomerWaiting
}


/** Users and chats that came with an update (GramJS keeps them on `_entities`). */
export const updateEntities = (update: unknown): Entities => {
  const map = (update as { _entities?: Map<string, Api.TypeUser | Api.TypeChat> })._entities
  const all = [...(map?.values() ?? [])]
  return entitiesOf(all.filter((e): e is Api.User => e instanceof Api.User), all.filter((e): e is Api.Chat | Api.Channel => e instanceof Api.Chat || e instanceof Api.Channel))
}

const conversationIdOf = (target: UpdateTarget, peer: PeerRef): Promise<number | undefined> =>
  conversationIdOfPeer(poolSql(target.payload), target.options, target.accountId, markedPeerId(peer))

const createConversation = async (target: UpdateTarget, peer: PeerRef, entities: Entities): Promise<number> => {
  const user = peer.kind === 'user' ? entities.users.get(peer.id) : undefined
  const chat = peer.kind === 'user' ? undefined : entities.chats.get(peer.id)
  const type = peer.kind === 'user' ? 'private' : peer.kind === 'chat' ? 'group' : chat instanceof Api.Channel && chat.megagroup ? 'supergroup' : 'channel'
  const accessHash = user?.accessHash ?? (chat instanceof Api.Channel ? chat.accessHash : undefined)
  // The other person of a private chat is its participant, as discovery records it: a customer
  // linked to them sees the chat (a bot's chats are only ever created here).
  const req = await createLocalReq({}, target.payload)
  const participant = user ? (await upsertTelegramUsers(req, target.options, [telegramUserRow(user)])).ids.get(Number(user.id)) : undefined
  const doc = await target.payload.create({
    collection: target.options.slugs.conversations,
    data: {
      source: 'telegram',
      account: target.accountId,
      externalId: markedPeerId(peer),
      type,
      title: user ? userDisplayName(user) : storableText(chat?.title ?? `Telegram ${peer.id}`),
      telegramAccessHash: accessHash?.toString(),
      participants: participant === undefined ? [] : [{ relationTo: target.options.slugs.telegramUsers, value: participant }],
    },
    context: { [fromTelegramContext]: true },
    depth: 0,
    overrideAccess: true,
    req,
  })
  return Number(doc.id)
}

const byPeer = (messages: Api.TypeMessage[]) => {
  const groups = new Map<string, { peer: PeerRef; messages: Api.TypeMessage[] }>()
  for (const message of messages) {
    const peer = messagePeer(message)
    if (!peer) continue
    const key = `${peer.kind}:${peer.id}`
    const group = groups.get(key) ?? { peer, messages: [] }
    group.messages.push(message)
    groups.set(key, group)
  }
  return [...groups.values()]
}

/**
 * Stores messages that arrived live (new or edited) through the same page writer as history
 * sync: the same upsert on (conversation, externalId) and the same cursor, so a message heard
 * here and fetched again by an incremental sync is one row.
 */
export const applyMessages = async (target: UpdateTarget, messages: Api.TypeMessage[], entities: Entities, kind: 'edited' | 'new') => {
  for (const { peer, messages: group } of byPeer(messages)) {
    let conversationId = await conversationIdOf(target, peer)
    if (conversationId === undefined) {
      // A chat Switchboard has not seen (a new dialog; every chat of a bot): it starts here.
      conversationId = await createConversation(target, peer, entities)
      await target.onUnknownPeer(peer)
    }
    const rows = group.map((m) => messageRow(m, entities)).filter((m): m is MessageRow => m !== null)
    if (!rows.length) continue
    await writePage(target.payload, target.options, {
      conversationId,
      messages: rows,
      users: [...entities.users.values()].map(telegramUserRow),
      cursor: kind === 'new' ? { lastSyncedMessageId: Math.max(...rows.map((m) => m.externalId)), live: true } : undefined,
      countUnread: kind === 'new',
      customerWaiting: target.customerWaiting,
      guard: target.guard,
    })
    if (kind === 'new' && peer.kind === 'user') await redeemVerificationCodes(target, conversationId, Number(peer.id), group)
  }
}

/**
 * A private message that is a verification code (`/start <code>` from a bot's deep link, or the
 * code pasted) proves the sender holds this Telegram account: link it, and answer in the chat
 * (sent by the worker like any reply) so the person knows it worked.
 */
const redeemVerificationCodes = async (target: UpdateTarget, conversationId: number, telegramId: number, messages: Api.TypeMessage[]) => {
  for (const message of messages) {
    const code = message instanceof Api.Message && !message.out ? verificationCodeIn(message.message) : undefined
    if (!code) continue
    const outcome = await redeemVerificationCode(target.payload, target.options, { code, telegramId })
    await target.payload.create({
      collection: target.options.slugs.messages,
      data: { conversation: conversationId, direction: 'out', kind: 'text', text: verificationReplies[outcome], senderName: 'Switchboard', sentAt: new Date().toISOString() },
      depth: 0,
      overrideAccess: true,
    })
  }
}

/**
 * Deletions. Channels name themselves; elsewhere Telegram sends only ids, which are unique per
 * account outside channels: an id is applied only where it matches exactly one stored message.
 */
export const applyDeletions = async (target: UpdateTarget, ids: number[], channel?: PeerRef) => {
  const rows = await deletedMessageMatches(poolSql(target.payload), target.options, target.accountId, ids, channel && markedPeerId(channel))
  const byConversation = new Map<number, number[]>()
  for (const row of rows) {
    if (row.matches !== 1) continue
    const list = byConversation.get(Number(row.conversation_id)) ?? []
    list.push(Number(row.external_id))
    byConversation.set(Number(row.conversation_id), list)
  }
  for (const [conversationId, deletedIds] of byConversation)
    await writePage(target.payload, target.options, { conversationId, messages: [], users: [], deletedIds, guard: target.guard })
}

/** Read state: Telegram says how many messages are still unread. */
const applyReadInbox = (target: UpdateTarget, peer: PeerRef, stillUnread: number) =>
  setUnreadCount(poolSql(target.payload), target.options, target.accountId, markedPeerId(peer), stillUnread)

/** A short update (`updateShortMessage`, `updateShortChatMessage`) as the message it describes. */
const shortMessage = (update: Api.UpdateShortChatMessage | Api.UpdateShortMessage, me: bigint | undefined): Api.Message =>
  update instanceof Api.UpdateShortMessage
    ? new Api.Message({
        id: update.id,
        peerId: new Api.PeerUser({ userId: update.userId }),
        fromId: update.out && me !== undefined ? new Api.PeerUser({ userId: me as never }) : undefined,
        date: update.date,
        message: update.message,
        out: update.out,
        fwdFrom: update.fwdFrom,
        replyTo: update.replyTo,
      })
    : new Api.Message({
        id: update.id,
        peerId: new Api.PeerChat({ chatId: update.chatId }),
        fromId: new Api.PeerUser({ userId: update.fromId }),
        date: update.date,
        message: update.message,
        out: update.out,
        fwdFrom: update.fwdFrom,
        replyTo: update.replyTo,
      })

/** The pts an update moves the account (or a channel) to, for the persisted update state. */
export const stateOf = (update: unknown): UpdateState => {
  const u = update as { pts?: number; qts?: number; channelId?: { toString(): string }; message?: Api.TypeMessage }
  if (typeof u.pts !== 'number') return typeof u.qts === 'number' ? { qts: u.qts } : {}
  const channelId =
    u.channelId?.toString() ??
    (u.message && !(u.message instanceof Api.MessageEmpty) && u.message.peerId instanceof Api.PeerChannel ? u.message.peerId.channelId.toString() : undefined)
  return channelId ? { channels: { [channelId]: u.pts } } : { pts: u.pts }
}

/** Applies one update; returns false for kinds Switchboard does not store. */
export const applyUpdate = async (target: UpdateTarget, update: unknown, me?: bigint, entities: Entities = updateEntities(update)): Promise<boolean> => {
  if (update instanceof Api.UpdateNewMessage || update instanceof Api.UpdateNewChannelMessage) await applyMessages(target, [update.message], entities, 'new')
  else if (update instanceof Api.UpdateEditMessage || update instanceof Api.UpdateEditChannelMessage) await applyMessages(target, [update.message], entities, 'edited')
  else if (update instanceof Api.UpdateShortMessage || update instanceof Api.UpdateShortChatMessage) await applyMessages(target, [shortMessage(update, me)], entities, 'new')
  else if (update instanceof Api.UpdateDeleteChannelMessages)
    await applyDeletions(target, update.messages, { kind: 'channel', id: update.channelId.toString() })
  else if (update instanceof Api.UpdateDeleteMessages) await applyDeletions(target, update.messages)
  else if (update instanceof Api.UpdateReadHistoryInbox) await applyReadInbox(target, peerRefOf(update.peer), update.stillUnreadCount)
  else if (update instanceof Api.UpdateReadChannelInbox) await applyReadInbox(target, { kind: 'channel', id: update.channelId.toString() }, update.stillUnreadCount)
  else return false
  return true
}

/**
 * Persists how far updates have been applied (the greatest pts seen, per channel too), fenced
 * like every other write: a worker that lost the lease does not move another worker's state.
 */
export const saveUpdateState = (target: UpdateTarget, state: UpdateState, lease?: LeaseRef) =>
  accountState.saveUpdateState(poolSql(target.payload), target.options, target.accountId, state, lease)

/** The stored update state of an account. */
export const readUpdateState = (target: Pick<UpdateTarget, 'accountId' | 'options' | 'payload'>) =>
  accountState.readUpdateState(poolSql(target.payload), target.options, target.accountId)
