import bigInt from 'big-integer'
import { Api } from 'telegram'
import { describe, expect, it } from 'vitest'

import { entitiesOf, largestPhotoSize, messagePeer, messageRow, serviceActionText, storableText, telegramUserRow, userDisplayName } from './mapper'

const ann = new Api.User({ id: bigInt(101), accessHash: bigInt(1), firstName: 'Ann', lastName: 'Lee', username: 'AnnLee', phone: '4912345' })
const bob = new Api.User({ id: bigInt(102), accessHash: bigInt(2), username: 'bob', bot: true })
const nameless = new Api.User({ id: bigInt(103), accessHash: bigInt(3) })
const group = new Api.Chat({ id: bigInt(500), title: 'Support', photo: new Api.ChatPhotoEmpty(), participantsCount: 3, date: 0, version: 1 })
const entities = entitiesOf([ann, bob, nameless, new Api.UserEmpty({ id: bigInt(104) })], [group, new Api.ChatEmpty({ id: bigInt(501) })])

const annPeer = new Api.PeerUser({ userId: bigInt(101) })
const groupPeer = new Api.PeerChat({ chatId: bigInt(500) })
const sent = 1_767_225_600 // 2026-01-01T00:00:00Z

const message = (fields: Partial<ConstructorParameters<typeof Api.Message>[0]>) =>
  new Api.Message({ id: 1, peerId: annPeer, date: sent, message: '', ...fields })

const documentMedia = (mimeType: string, attributes: Api.TypeDocumentAttribute[]) =>
  new Api.MessageMediaDocument({
    document: new Api.Document({ id: bigInt(9), accessHash: bigInt(9), fileReference: Buffer.alloc(0), date: sent, mimeType, size: bigInt(2048), dcId: 2, attributes }),
  })

describe('users', () => {
  it('keeps users and chats by id, leaving out empty ones', () => {
    expect([...entities.users.keys()]).toEqual(['101', '102', '103'])
    expect([...entities.chats.keys()]).toEqual(['500'])
  })

  it('names a user by their names, else @username, else their id', () => {
    expect(userDisplayName(ann)).toBe('Ann Lee')
    expect(userDisplayName(bob)).toBe('@bob')
    expect(userDisplayName(nameless)).toBe('Telegram 103')
  })

  it('stores a user with a lower-cased username, or their active collectible one', () => {
    expect(telegramUserRow(ann)).toEqual({ telegramId: 101, username: 'annlee', firstName: 'Ann', lastName: 'Lee', phone: '4912345', isBot: false })
    expect(telegramUserRow(bob)).toMatchObject({ username: 'bob', firstName: null, isBot: true })
    const collectible = new Api.User({
      id: bigInt(105),
      usernames: [new Api.Username({ username: 'Old', active: false }), new Api.Username({ username: 'Rare', active: true })],
    })
    expect(telegramUserRow(collectible).username).toBe('rare')
  })
})

describe('storableText', () => {
  it('replaces NUL, which PostgreSQL text cannot hold', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb')
    expect(storableText(null)).toBeNull()
  })
})

describe('messageRow', () => {
  it('maps a text message; in a private chat the incoming sender is the chat itself', () => {
    expect(messageRow(message({ id: 7, message: 'Hi\u0000!', editDate: sent + 60 }), entities)).toEqual({
      externalId: 7,
      sentAt: new Date('2026-01-01T00:00:00Z'),
      editedAt: new Date('2026-01-01T00:01:00Z'),
      text: 'Hi\uFFFD!',
      direction: 'in',
      kind: 'text',
      serviceAction: null,
      senderTelegramId: 101,
      senderName: 'Ann Lee',
      replyToExternalId: null,
      forwardFromName: null,
      forwardFromId: null,
      forwardDate: null,
      mediaType: null,
      mediaMimeType: null,
      mediaSize: null,
      mediaFileName: null,
    })
  })

  it('has no sender id for my own messages in a private chat, and names the group for anonymous posts', () => {
    expect(messageRow(message({ out: true, message: 'Hello' }), entities)).toMatchObject({ direction: 'out', senderTelegramId: null, text: 'Hello' })
    expect(messageRow(message({ peerId: groupPeer, message: 'Hello' }), entities)).toMatchObject({ senderTelegramId: null, senderName: 'Support' })
    expect(messageRow(message({ peerId: groupPeer, fromId: new Api.PeerUser({ userId: bigInt(999) }) }), entities)).toMatchObject({
      senderTelegramId: 999,
      senderName: null,
      text: null,
    })
  })

  it('keeps replies and forwards', () => {
    const row = messageRow(
      message({
        replyTo: new Api.MessageReplyHeader({ replyToMsgId: 3 }),
        fwdFrom: new Api.MessageFwdHeader({ fromId: new Api.PeerUser({ userId: bigInt(102) }), date: sent - 3600 }),
      }),
      entities,
    )
    expect(row).toMatchObject({ replyToExternalId: 3, forwardFromName: '@bob', forwardFromId: '102', forwardDate: new Date('2025-12-31T23:00:00Z') })
    expect(messageRow(message({ fwdFrom: new Api.MessageFwdHeader({ fromName: 'Hidden Person', date: sent }) }), entities)).toMatchObject({
      forwardFromName: 'Hidden Person',
      forwardFromId: null,
    })
  })

  it('describes media: photo by its largest size, documents by their attributes', () => {
    const photo = new Api.Photo({
      id: bigInt(8),
      accessHash: bigInt(8),
      fileReference: Buffer.alloc(0),
      date: sent,
      dcId: 2,
      sizes: [
        new Api.PhotoSize({ type: 's', w: 90, h: 90, size: 1_000 }),
        new Api.PhotoSizeProgressive({ type: 'y', w: 1280, h: 1280, sizes: [5_000, 20_000, 60_000] }),
        new Api.PhotoCachedSize({ type: 'c', w: 10, h: 10, bytes: Buffer.alloc(50) }),
      ],
    })
    expect(largestPhotoSize(photo)).toEqual({ type: 'y', size: 60_000 })
    expect(messageRow(message({ media: new Api.MessageMediaPhoto({ photo }) }), entities)).toMatchObject({
      kind: 'media',
      mediaType: 'photo',
      mediaMimeType: 'image/jpeg',
      mediaSize: 60_000,
      mediaFileName: null,
    })
    expect(messageRow(message({ media: documentMedia('application/pdf', [new Api.DocumentAttributeFilename({ fileName: 'report.pdf' })]) }), entities)).toMatchObject({
      mediaType: 'document',
      mediaMimeType: 'application/pdf',
      mediaSize: 2048,
      mediaFileName: 'report.pdf',
    })
    const typeOf = (attribute: Api.TypeDocumentAttribute) => messageRow(message({ media: documentMedia('application/octet-stream', [attribute]) }), entities)?.mediaType
    expect(typeOf(new Api.DocumentAttributeAudio({ duration: 3, voice: true }))).toBe('voice')
    expect(typeOf(new Api.DocumentAttributeAudio({ duration: 3 }))).toBe('audio')
    expect(typeOf(new Api.DocumentAttributeSticker({ alt: '🙂', stickerset: new Api.InputStickerSetEmpty() }))).toBe('sticker')
    expect(typeOf(new Api.DocumentAttributeAnimated())).toBe('animation')
    expect(typeOf(new Api.DocumentAttributeVideo({ duration: 1, w: 1, h: 1 }))).toBe('video')
  })

  it('treats web page previews as text, and names other media by kind', () => {
    expect(messageRow(message({ message: 'see https://example.com', media: new Api.MessageMediaWebPage({ webpage: new Api.WebPageEmpty({ id: bigInt(1) }) }) }), entities)).toMatchObject({
      kind: 'text',
      mediaType: null,
    })
    const kindOf = (media: Api.TypeMessageMedia) => messageRow(message({ media }), entities)?.mediaType
    expect(kindOf(new Api.MessageMediaContact({ phoneNumber: '1', firstName: 'A', lastName: '', vcard: '', userId: bigInt(0) }))).toBe('contact')
    expect(kindOf(new Api.MessageMediaGeo({ geo: new Api.GeoPointEmpty() }))).toBe('location')
    expect(kindOf(new Api.MessageMediaDice({ value: 3, emoticon: '🎲' }))).toBe('other')
  })

  it('says what a service message did, with its actor', () => {
    const service = (action: Api.TypeMessageAction, fromId?: Api.TypePeer) =>
      messageRow(new Api.MessageService({ id: 2, peerId: groupPeer, fromId, date: sent, action }), entities)
    expect(service(new Api.MessageActionChatEditTitle({ title: 'Help' }), annPeer)).toMatchObject({
      kind: 'service',
      text: null,
      serviceAction: 'Ann Lee changed the title to “Help”',
      senderTelegramId: 101,
    })
    expect(service(new Api.MessageActionChatAddUser({ users: [bigInt(101)] }), annPeer)?.serviceAction).toBe('Ann Lee joined the group')
    expect(service(new Api.MessageActionChatAddUser({ users: [bigInt(102), bigInt(999)] }), annPeer)?.serviceAction).toBe('Ann Lee added @bob, someone')
    expect(service(new Api.MessageActionChatDeleteUser({ userId: bigInt(101) }), annPeer)?.serviceAction).toBe('Ann Lee left the group')
    expect(service(new Api.MessageActionChatDeleteUser({ userId: bigInt(102) }), annPeer)?.serviceAction).toBe('Ann Lee removed @bob')
    expect(serviceActionText(new Api.MessageActionPinMessage(), null, entities)).toBe('Someone pinned a message')
    expect(serviceActionText(new Api.MessageActionScreenshotTaken(), 'Ann', entities)).toBe('Ann: screenshot taken')
  })

  it('has no row for an empty message, but still knows its peer', () => {
    const empty = new Api.MessageEmpty({ id: 4, peerId: groupPeer })
    expect(messageRow(empty, entities)).toBeNull()
    expect(messagePeer(empty)).toEqual({ kind: 'chat', id: '500' })
    expect(messagePeer(new Api.MessageEmpty({ id: 5 }))).toBeUndefined()
    expect(messagePeer(message({ peerId: new Api.PeerChannel({ channelId: bigInt(77) }) }))).toEqual({ kind: 'channel', id: '77' })
  })
})
