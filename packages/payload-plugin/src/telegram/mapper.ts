import { Api } from 'telegram'

import { type PeerRef, peerRefOf } from './peers'

/** A Telegram user as the `telegram-users` collection stores it. */
export interface TelegramUserRow {
  telegramId: number
  username: string | null
  firstName: string | null
  lastName: string | null
  phone: string | null
  isBot: boolean
}

export type MediaType = 'animation' | 'audio' | 'contact' | 'document' | 'location' | 'other' | 'photo' | 'poll' | 'sticker' | 'video' | 'voice'

/** A Telegram message as one row of `messages`. */
export interface MessageRow {
  externalId: number
  sentAt: Date
  editedAt: Date | null
  text: string | null
  direction: 'in' | 'out'
  kind: 'media' | 'service' | 'text'
  serviceAction: string | null
  /** Telegram id of the sending user; null for channel posts and anonymous admins. */
  senderTelegramId: number | null
  senderName: string | null
  replyToExternalId: number | null
  forwardFromName: string | null
  forwardFromId: string | null
  forwardDate: Date | null
  mediaType: MediaType | null
  mediaMimeType: string | null
  mediaSize: number | null
  mediaFileName: string | null
}

/** Users and chats that came with a response, by id, to name senders and actors. */
export interface Entities {
  users: Map<string, Api.User>
  chats: Map<string, Api.Chat | Api.Channel>
}

export const entitiesOf = (users: Api.TypeUser[], chats: Api.TypeChat[]): Entities => ({
  users: new Map(users.filter((u): u is Api.User => u instanceof Api.User).map((u) => [u.id.toString(), u])),
  chats: new Map(
    chats.filter((c): c is Api.Chat | Api.Channel => c instanceof Api.Chat || c instanceof Api.Channel).map((c) => [c.id.toString(), c]),
  ),
})

const fromUnix = (seconds: number): Date => new Date(seconds * 1000)

/**
 * PostgreSQL text cannot hold NUL (U+0000), and one in a JSON page fails the whole page: anyone
 * could stall a chat's sync by sending it. Telegram's strings are stored with it replaced.
 */
export const storableText = <T extends null | string>(value: T): T => (value === null ? value : (value.replaceAll('\u0000', '\uFFFD') as T))

/** A row with every string made storable. */
const storableRow = <T extends object>(row: T): T =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, typeof value === 'string' ? storableText(value) : value])) as T

export const userDisplayName = (user: Api.User): string =>
  storableText([user.firstName, user.lastName].filter(Boolean).join(' ') || (user.username ? `@${user.username}` : `Telegram ${user.id.toString()}`))

export const telegramUserRow = (user: Api.User): TelegramUserRow =>
  storableRow({
    telegramId: Number(user.id.toString()),
    // Telegram's own value is stored as is (lower-cased); collectible 4-letter names are valid there.
    username: user.username?.toLowerCase() ?? user.usernames?.find((u) => u.active)?.username.toLowerCase() ?? null,
    firstName: user.firstName ?? null,
    lastName: user.lastName ?? null,
    phone: user.phone ?? null,
    isBot: Boolean(user.bot),
  })

const peerName = (peer: Api.TypePeer | undefined, entities: Entities): string | null => {
  if (!peer) return null
  const ref = peerRefOf(peer)
  if (ref.kind === 'user') {
    const user = entities.users.get(ref.id)
    return user ? userDisplayName(user) : null
  }
  return entities.chats.get(ref.id)?.title ?? null
}

const documentAttribute = <T extends Api.TypeDocumentAttribute>(doc: Api.Document, type: new (...args: never[]) => T): T | undefined =>
  doc.attributes.find((a): a is T => a instanceof type)

const documentMediaType = (doc: Api.Document): MediaType => {
  const audio = documentAttribute(doc, Api.DocumentAttributeAudio)
  if (audio) return audio.voice ? 'voice' : 'audio'
  if (documentAttribute(doc, Api.DocumentAttributeSticker)) return 'sticker'
  if (documentAttribute(doc, Api.DocumentAttributeAnimated)) return 'animation'
  if (documentAttribute(doc, Api.DocumentAttributeVideo)) return 'video'
  return 'document'
}

/** The largest stored size of a photo (what the media job downloads). */
export const largestPhotoSize = (photo: Api.Photo): { type: string; size: number } | undefined => {
  let best: { type: string; size: number } | undefined
  for (const size of photo.sizes) {
    const bytes =
      size instanceof Api.PhotoSize ? size.size : size instanceof Api.PhotoSizeProgressive ? Math.max(...size.sizes) : size instanceof Api.PhotoCachedSize ? size.bytes.length : 0
    if ('type' in size && bytes > (best?.size ?? -1)) best = { type: size.type, size: bytes }
  }
  return best
}

type MediaFields = Pick<MessageRow, 'mediaFileName' | 'mediaMimeType' | 'mediaSize' | 'mediaType'>

const mediaFields = (media: Api.TypeMessageMedia | undefined): MediaFields | null => {
  if (!media || media instanceof Api.MessageMediaEmpty || media instanceof Api.MessageMediaWebPage) return null
  const none = { mediaFileName: null, mediaMimeType: null, mediaSize: null }
  if (media instanceof Api.MessageMediaPhoto) {
    const photo = media.photo instanceof Api.Photo ? media.photo : undefined
    return { ...none, mediaType: 'photo', mediaMimeType: 'image/jpeg', mediaSize: photo ? (largestPhotoSize(photo)?.size ?? null) : null }
  }
  if (media instanceof Api.MessageMediaDocument) {
    const doc = media.document instanceof Api.Document ? media.document : undefined
    if (!doc) return { ...none, mediaType: 'document' }
    return {
      mediaType: documentMediaType(doc),
      mediaMimeType: doc.mimeType,
      mediaSize: Number(doc.size.toString()),
      mediaFileName: documentAttribute(doc, Api.DocumentAttributeFilename)?.fileName ?? null,
    }
  }
  if (media instanceof Api.MessageMediaContact) return { ...none, mediaType: 'contact' }
  if (media instanceof Api.MessageMediaGeo || media instanceof Api.MessageMediaGeoLive || media instanceof Api.MessageMediaVenue)
    return { ...none, mediaType: 'location' }
  if (media instanceof Api.MessageMediaPoll) return { ...none, mediaType: 'poll' }
  return { ...none, mediaType: 'other' }
}

const userNames = (ids: { toString(): string }[], entities: Entities): string =>
  ids.map((id) => { const user = entities.users.get(id.toString()); return user ? userDisplayName(user) : 'someone' }).join(', ')

/** What a service message says, with its actor: "Ann changed the title to “Support”". */
export const serviceActionText = (action: Api.TypeMessageAction, actor: string | null, entities: Entities): string => {
  const who = actor ?? 'Someone'
  if (action instanceof Api.MessageActionChatCreate) return `${who} created the group “${action.title}”`
  if (action instanceof Api.MessageActionChannelCreate) return `${who} created the channel “${action.title}”`
  if (action instanceof Api.MessageActionChatEditTitle) return `${who} changed the title to “${action.title}”`
  if (action instanceof Api.MessageActionChatEditPhoto) return `${who} changed the group photo`
  if (action instanceof Api.MessageActionChatDeletePhoto) return `${who} removed the group photo`
  if (action instanceof Api.MessageActionChatJoinedByLink || action instanceof Api.MessageActionChatJoinedByRequest) return `${who} joined the group`
  if (action instanceof Api.MessageActionChatAddUser) {
    const names = userNames(action.users, entities)
    return names === actor ? `${who} joined the group` : `${who} added ${names}`
  }
  if (action instanceof Api.MessageActionChatDeleteUser) {
    const name = userNames([action.userId], entities)
    return name === actor ? `${who} left the group` : `${who} removed ${name}`
  }
  if (action instanceof Api.MessageActionPinMessage) return `${who} pinned a message`
  if (action instanceof Api.MessageActionChatMigrateTo || action instanceof Api.MessageActionChannelMigrateFrom) return 'The group was upgraded to a supergroup'
  if (action instanceof Api.MessageActionPhoneCall) return `${who} called`
  if (action instanceof Api.MessageActionHistoryClear) return 'History was cleared'
  return `${who}: ${action.className.replace(/^MessageAction/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}`
}

const forwardFields = (fwd: Api.MessageFwdHeader | undefined, entities: Entities) =>
  fwd
    ? {
        forwardFromName: fwd.fromName ?? peerName(fwd.fromId, entities),
        forwardFromId: fwd.fromId ? peerRefOf(fwd.fromId).id : null,
        forwardDate: fromUnix(fwd.date),
      }
    : { forwardFromName: null, forwardFromId: null, forwardDate: null }

/**
 * One message as a row; `null` for `MessageEmpty` (a deleted or inaccessible id). In private
 * chats the sender of an incoming message is the chat itself, so `fromId` is absent there.
 */
export const messageRow = (message: Api.TypeMessage, entities: Entities): MessageRow | null =>
  message instanceof Api.MessageEmpty ? null : storableRow(rowOf(message, entities))

const rowOf = (message: Api.Message | Api.MessageService, entities: Entities): MessageRow => {
  const from = message.fromId ?? (message.peerId instanceof Api.PeerUser && !message.out ? message.peerId : undefined)
  const fromRef = from ? peerRefOf(from) : undefined
  const senderName = peerName(from ?? message.peerId, entities)
  const replyTo = message.replyTo instanceof Api.MessageReplyHeader ? (message.replyTo.replyToMsgId ?? null) : null
  const common = {
    externalId: message.id,
    sentAt: fromUnix(message.date),
    direction: message.out ? ('out' as const) : ('in' as const),
    senderTelegramId: fromRef?.kind === 'user' ? Number(fromRef.id) : null,
    senderName,
    replyToExternalId: replyTo,
  }
  if (message instanceof Api.MessageService)
    return {
      ...common,
      editedAt: null,
      text: null,
      kind: 'service',
      serviceAction: serviceActionText(message.action, senderName, entities),
      forwardFromName: null,
      forwardFromId: null,
      forwardDate: null,
      mediaType: null,
      mediaMimeType: null,
      mediaSize: null,
      mediaFileName: null,
    }
  const media = mediaFields(message.media)
  return {
    ...common,
    editedAt: message.editDate ? fromUnix(message.editDate) : null,
    text: message.message || null,
    kind: media ? 'media' : 'text',
    serviceAction: null,
    ...forwardFields(message.fwdFrom, entities),
    ...(media ?? { mediaType: null, mediaMimeType: null, mediaSize: null, mediaFileName: null }),
  }
}

/** The peer a message belongs to. */
export const messagePeer = (message: Api.TypeMessage): PeerRef | undefined =>
  message instanceof Api.MessageEmpty ? (message.peerId ? peerRefOf(message.peerId) : undefined) : peerRefOf(message.peerId)
