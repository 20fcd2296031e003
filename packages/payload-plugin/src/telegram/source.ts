import type { TelegramClient } from 'telegram'

import { Api } from 'telegram'
import bigInt from 'big-integer'

import { type FloodPolicy, withFloodWait } from './floodWait'
import { type Entities, entitiesOf, type MessageRow, messagePeer, messageRow, storableText, type TelegramUserRow, telegramUserRow, userDisplayName } from './mapper'
import { inputChannel, inputPeer, markedPeerId, type PeerRef, peerRefOf, samePeer } from './peers'

/** What the sync engine needs from a Telegram connection; `TelegramClient` provides it. */
export type TelegramInvoker = Pick<TelegramClient, 'invoke'>

export type ConversationType = 'channel' | 'group' | 'private' | 'supergroup'

/** One dialog as a conversation row. */
export interface DialogRow {
  peer: PeerRef
  externalId: number
  type: ConversationType
  title: string
  isPinned: boolean
  isArchived: boolean
  isMuted: boolean
  unreadCount: number
  topMessageId: number
  participantCount: number | null
  /** The other person of a private chat. */
  user: TelegramUserRow | null
}

export interface DialogPage {
  dialogs: DialogRow[]
  users: TelegramUserRow[]
  /** Where the next page starts; undefined on the last page. */
  next?: DialogCursor
}

export interface DialogCursor {
  folderId: 0 | 1
  offsetDate: number
  offsetId: number
  offsetPeer?: PeerRef
}

export interface HistoryPage {
  messages: MessageRow[]
  users: TelegramUserRow[]
  /** How many messages Telegram returned (deleted ids included): a short page is the last one. */
  returned: number
  /** Telegram's estimate of the conversation's message count, when it sends one. */
  total?: number
}

export interface HistoryRequest {
  /** Messages older than this id (0: from the newest). */
  offsetId: number
  /** Negative values reach messages newer than `offsetId`. */
  addOffset?: number
  /** Only messages with a greater id. */
  minId?: number
  limit: number
}

const muted = (settings: Api.TypePeerNotifySettings): boolean =>
  settings instanceof Api.PeerNotifySettings && (settings.muteUntil ?? 0) > Date.now() / 1000

const usersOf = (entities: Entities): TelegramUserRow[] => [...entities.users.values()].map(telegramUserRow)

const dialogRow = (dialog: Api.Dialog, entities: Entities): DialogRow | null => {
  const ref = peerRefOf(dialog.peer)
  const flags = {
    isPinned: Boolean(dialog.pinned),
    isArchived: dialog.folderId === 1,
    isMuted: muted(dialog.notifySettings),
    unreadCount: dialog.unreadCount,
    topMessageId: dialog.topMessage,
  }
  if (ref.kind === 'user') {
    const user = entities.users.get(ref.id)
    if (!user) return null
    const peer = { ...ref, accessHash: user.accessHash?.toString() }
    return { peer, externalId: markedPeerId(ref), type: 'private', title: userDisplayName(user), participantCount: 2, user: telegramUserRow(user), ...flags }
  }
  const chat = entities.chats.get(ref.id)
  if (!chat) return null
  if (chat instanceof Api.Chat)
    return { peer: ref, externalId: markedPeerId(ref), type: 'group', title: storableText(chat.title), participantCount: chat.participantsCount, user: null, ...flags }
  return {
    peer: { ...ref, accessHash: chat.accessHash?.toString() },
    externalId: markedPeerId(ref),
    type: chat.megagroup ? 'supergroup' : 'channel',
    title: storableText(chat.title),
    participantCount: chat.participantsCount ?? null,
    user: null,
    ...flags,
  }
}

const dialogsPageSize = 100

/**
 * The Telegram side of the sync engine, over raw API calls only (no `iterMessages`, which mutates
 * one request across pages): every request passes through the FloodWait policy.
 */
export const telegramSource = (client: TelegramInvoker, flood: FloodPolicy) => {
  const call = <R extends Api.AnyRequest>(request: R) => withFloodWait(() => client.invoke(request), flood)

  /** Messages by id: channels number their own (channels.getMessages), the rest share the account's. */
  const byIds = (peer: PeerRef, ids: number[]) => {
    const id = ids.map((value) => new Api.InputMessageID({ id: value }))
    return peer.kind === 'channel' ? call(new Api.channels.GetMessages({ channel: inputChannel(peer), id })) : call(new Api.messages.GetMessages({ id }))
  }

  const historyPage = (result: Api.messages.TypeMessages, peer?: PeerRef): HistoryPage => {
    if (result instanceof Api.messages.MessagesNotModified) return { messages: [], users: [], returned: 0, total: result.count }
    const entities = entitiesOf(result.users, result.chats)
    const messages = result.messages
      .filter((m) => !peer || samePeer(messagePeer(m) ?? peer, peer))
      .map((m) => messageRow(m, entities))
      .filter((m): m is MessageRow => m !== null)
    // A plain `messages.Messages` is not a slice, so it carries no count of its own.
    const total = result instanceof Api.messages.Messages ? undefined : result.count
    return { messages, users: usersOf(entities), returned: result.messages.length, total }
  }

  return {
    /** The logged-in account itself. */
    async me(): Promise<TelegramUserRow & { displayName: string }> {
      const [me] = await call(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))
      if (!(me instanceof Api.User)) throw new Error('Telegram did not return the logged-in account.')
      return { ...telegramUserRow(me), displayName: userDisplayName(me) }
    },

    /** One page of the dialog list: the main folder first, then the archive (folder 1). */
    async dialogs(cursor: DialogCursor = { folderId: 0, offsetDate: 0, offsetId: 0 }): Promise<DialogPage> {
      const result = await call(
        new Api.messages.GetDialogs({
          folderId: cursor.folderId,
          offsetDate: cursor.offsetDate,
          offsetId: cursor.offsetId,
          offsetPeer: cursor.offsetPeer ? inputPeer(cursor.offsetPeer) : new Api.InputPeerEmpty(),
          limit: dialogsPageSize,
          hash: bigInt(0),
        }),
      )
      if (result instanceof Api.messages.DialogsNotModified) return { dialogs: [], users: [] }
      const entities = entitiesOf(result.users, result.chats)
      const dialogs = result.dialogs
        .filter((d): d is Api.Dialog => d instanceof Api.Dialog)
        .map((d) => dialogRow(d, entities))
        .filter((d): d is DialogRow => d !== null)
      const last = result.dialogs.at(-1)
      const lastMessage = last && result.messages.find((m) => !(m instanceof Api.MessageEmpty) && m.id === last.topMessage && samePeer(peerRefOf(m.peerId), peerRefOf(last.peer)))
      const full = result.dialogs.length >= dialogsPageSize && result instanceof Api.messages.DialogsSlice
      const lastRow = dialogs.at(-1)
      const next: DialogCursor | undefined =
        full && last && lastRow
          ? {
              folderId: cursor.folderId,
              offsetDate: lastMessage && !(lastMessage instanceof Api.MessageEmpty) ? lastMessage.date : 0,
              offsetId: last.topMessage,
              offsetPeer: lastRow.peer,
            }
          : cursor.folderId === 0
            ? { folderId: 1, offsetDate: 0, offsetId: 0 }
            : undefined
      return { dialogs, users: usersOf(entities), next }
    },

    /** One page of history, newest first, with Telegram's offset/minId semantics. */
    async history(peer: PeerRef, request: HistoryRequest): Promise<HistoryPage> {
      const result = await call(
        new Api.messages.GetHistory({
          peer: inputPeer(peer),
          offsetId: request.offsetId,
          offsetDate: 0,
          addOffset: request.addOffset ?? 0,
          limit: request.limit,
          maxId: 0,
          minId: request.minId ?? 0,
          hash: bigInt(0),
        }),
      )
      return historyPage(result)
    },

    /**
     * Messages of one conversation by id. Ids that come back empty (or belong to another chat,
     * which account-wide ids outside channels could) are reported as missing: deleted.
     */
    async messagesById(peer: PeerRef, ids: number[]): Promise<{ page: HistoryPage; missing: number[] }> {
      const page = historyPage(await byIds(peer, ids), peer)
      const found = new Set(page.messages.map((m) => m.externalId))
      return { page, missing: ids.filter((value) => !found.has(value)) }
    },

    /** The one raw message (media download needs its fresh file reference). */
    async rawMessage(peer: PeerRef, id: number): Promise<Api.Message | undefined> {
      const result = await byIds(peer, [id])
      if (result instanceof Api.messages.MessagesNotModified) return undefined
      return result.messages.find((m): m is Api.Message => m instanceof Api.Message && samePeer(peerRefOf(m.peerId), peer))
    },

    /**
     * A conversation's description and members: basic groups list them in their full info,
     * supergroups answer with their recent members (one page), channels keep them private.
     */
    async details(peer: PeerRef): Promise<{ about: string | null; participantCount: number | null; participants: TelegramUserRow[] }> {
      if (peer.kind === 'user') return { about: null, participantCount: 2, participants: [] }
      if (peer.kind === 'chat') {
        const { fullChat, users } = await call(new Api.messages.GetFullChat({ chatId: bigInt(peer.id) }))
        return { about: storableText(fullChat.about || null), participantCount: null, participants: usersOf(entitiesOf(users, [])) }
      }
      const { fullChat, chats } = await call(new Api.channels.GetFullChannel({ channel: inputChannel(peer) }))
      const channel = chats.find((c): c is Api.Channel => c instanceof Api.Channel && c.id.toString() === peer.id)
      const full = fullChat as Api.ChannelFull
      let participants: TelegramUserRow[] = []
      if (channel?.megagroup) {
        const members = await call(
          new Api.channels.GetParticipants({ channel: inputChannel(peer), filter: new Api.ChannelParticipantsRecent(), offset: 0, limit: 200, hash: bigInt(0) }),
        )
        if (members instanceof Api.channels.ChannelParticipants) participants = usersOf(entitiesOf(members.users, []))
      }
      return { about: storableText(full.about || null), participantCount: full.participantsCount ?? null, participants }
    },
  }
}

export type TelegramSource = ReturnType<typeof telegramSource>
