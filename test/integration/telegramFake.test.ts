/**
 * The fake Telegram, driven by the REAL GramJS TelegramClient over TCP/MTProto 2.0: connect,
 * getMe, dialogs and history semantics, flood waits, phone + 2FA (SRP) login, bot login, live
 * updates, media downloads, getDifference, idempotent sends, reconnects — and the invoke-level fake.
 */
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { connect as tcpConnect } from 'node:net'

import { Api, TelegramClient } from 'telegram'
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient'
import type { RPCError } from 'telegram/errors'
import { FloodWaitError } from 'telegram/errors'
import { Raw } from 'telegram/events'
import { Logger, LogLevel } from 'telegram/extensions/Logger'
import { crc32 } from 'telegram/Helpers'
import { StringSession } from 'telegram/sessions'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import {
  destroyClient,
  FakeTelegram,
  invokeFake,
  long,
  startFakeTelegramServer,
  type FakePeer,
  type FakeTelegramServer,
} from '../fakes/telegram'

const API_ID = 12345
const API_HASH = '0123456789abcdef0123456789abcdef'
const apiCredentials = { apiId: API_ID, apiHash: API_HASH }

const servers: FakeTelegramServer[] = []
const clients: TelegramClient[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map(destroyClient))
  // Every socket closed (the extra sender of photo downloads too) and no protocol error seen.
  await vi.waitFor(() => expect(servers.map((s) => s.connections())).toEqual(servers.map(() => 0)), { interval: 5 })
  expect(servers.flatMap((s) => s.errors)).toEqual([])
})
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(world: FakeTelegram): Promise<FakeTelegramServer> {
  const server = await startFakeTelegramServer(world, { onError: () => {} })
  servers.push(server)
  return server
}
/** A plain client from the session string: the fake patches GramJS's dialer, no special params. */
async function connect(server: FakeTelegramServer, params: Partial<TelegramClientParams> = {}): Promise<TelegramClient> {
  const client = new TelegramClient(new StringSession(server.sessionString()), API_ID, API_HASH, {
    connectionRetries: 1,
    floodSleepThreshold: 0,
    baseLogger: new Logger(LogLevel.NONE),
    ...params,
  })
  clients.push(client)
  expect(await client.connect()).toBe(true)
  return client
}
const ids = (messages: Api.TypeMessage[]) => messages.map((m) => m.id)
type NotModified = Api.messages.DialogsNotModified | Api.messages.MessagesNotModified
/** A dialogs/messages answer, never the *NotModified variant (the fake ignores hashes). */
async function modified<T>(promise: Promise<T>): Promise<Exclude<T, NotModified>> {
  const result = await promise
  if (result instanceof Api.messages.DialogsNotModified || result instanceof Api.messages.MessagesNotModified) {
    throw new Error(`unexpected ${result.className}`)
  }
  return result as Exclude<T, NotModified>
}
const range = (from: number, to: number) => {
  const step = from <= to ? 1 : -1
  return Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => from + i * step)
}
async function failure(promise: Promise<unknown>): Promise<RPCError> {
  try {
    await promise
  } catch (error) {
    return error as RPCError
  }
  throw new Error('expected the call to fail')
}

describe('a logged-in account', () => {
  let world: FakeTelegram
  let server: FakeTelegramServer
  let alice: FakePeer
  let bob: FakePeer
  let group: FakePeer
  let news: FakePeer
  let team: FakePeer
  beforeAll(async () => {
    world = new FakeTelegram()
    alice = world.addUser({ id: 101, firstName: 'Alice', username: 'alice' })
    bob = world.addUser({ id: 102, firstName: 'Bob', lastName: 'B' })
    group = world.addGroup({ id: 201, title: 'Family', participantIds: [101, 102] })
    news = world.addChannel({ id: 1000000301, title: 'News', username: 'news', about: 'All the news', participantsCount: 1234 })
    team = world.addChannel({ id: 1000000302, title: 'Team', megagroup: true, memberIds: [101, 102] })
    const t = 1_700_000_000
    world.addMessages(alice, ['hi', 'how are you?'], { date: t })
    world.addMessages(alice, ['fine'], { out: true, date: t + 10 })
    world.addMessages(group, ['dinner?'], { fromId: 102, date: t + 20 })
    world.addMessages(news, 3, { date: t + 30 })
    world.addMessages(team, ['standup'], { date: t + 40 })
    world.addMessages(bob, ['old'], { date: t - 1000 })
    world.dialogFlags(bob, { archived: true })
    world.dialogFlags(news, { muted: true })
    world.dialogFlags(group, { pinned: true, unreadCount: 7 })
    server = await serve(world)
  })

  it('connects with the preloaded auth key and answers getMe', async () => {
    const client = await connect(server)
    const me = await client.getMe()
    expect(me).toBeInstanceOf(Api.User)
    expect([me.id.toString(), me.self, me.firstName, me.phone]).toEqual(['1000001', true, 'Fake', '15550100000'])
    expect(server.connections()).toBe(1)
    expect(world.requested('help.GetConfig').length).toBeGreaterThan(0)

    // Transport-level ping/pong, and the wrappers the server unwraps.
    const pong = await client.invoke(new Api.PingDelayDisconnect({ pingId: long(42), disconnectDelay: 60 }))
    expect(pong.pingId.toString()).toBe('42')
    const state = await client.invoke(new Api.InvokeWithoutUpdates({ query: new Api.updates.GetState() }))
    expect((state as Api.updates.State).pts).toBe(world.state().pts)
  })

  it('lists dialogs like Telegram: pinned first, newest next, archive apart, slices with count', async () => {
    const client = await connect(server)
    const all = await modified(client.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: long(0) })))
    expect(all).toBeInstanceOf(Api.messages.Dialogs)
    expect(all.dialogs.map((d) => (d as Api.Dialog).peer.className)).toEqual(['PeerChat', 'PeerChannel', 'PeerChannel', 'PeerUser'])
    const [pinnedGroup, teamDialog, newsDialog, aliceDialog] = all.dialogs as Api.Dialog[]
    expect(pinnedGroup!.pinned).toBe(true)
    expect(pinnedGroup!.unreadCount).toBe(7)
    expect((teamDialog!.peer as Api.PeerChannel).channelId.toString()).toBe('1000000302')
    expect(newsDialog!.notifySettings.muteUntil).toBe(2147483647)
    expect(newsDialog!.pts).toBe(world.channelPts(news))
    expect(aliceDialog!.topMessage).toBe(3)
    expect(aliceDialog!.unreadCount).toBe(2)
    expect(all.messages).toHaveLength(4)
    expect(all.users.map((u) => (u as Api.User).firstName).sort()).toEqual(['Alice', 'Bob', 'Fake'])

    const first = await modified(client.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 2, hash: long(0) })))
    expect(first).toBeInstanceOf(Api.messages.DialogsSlice)
    expect((first as Api.messages.DialogsSlice).count).toBe(4)
    const last = first.messages.find((m) => m.id === (first.dialogs[1] as Api.Dialog).topMessage) as Api.Message
    const next = await modified(client.invoke(new Api.messages.GetDialogs({
      offsetDate: last.date, offsetId: last.id, offsetPeer: world.inputPeer(team), limit: 2, hash: long(0), excludePinned: true,
    })))
    expect(next.dialogs.map((d) => (d as Api.Dialog).topMessage)).toEqual([3, 3])

    const archived = await modified(client.invoke(new Api.messages.GetDialogs({ folderId: 1, offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: long(0) })))
    expect(archived.dialogs.map((d) => (d as Api.Dialog).folderId)).toEqual([1])

    // GramJS's own iterator agrees.
    const dialogs = await client.getDialogs({})
    expect([...dialogs].map((d) => d.title)).toEqual(['Family', 'Team', 'News', 'Alice'])
  })

  it('pages history like Telegram: newest first, offsetId exclusive, minId/maxId, addOffset, slices', async () => {
    world.addMessages(news, 247) // ids 4..250
    const client = await connect(server)
    const peer = world.inputPeer(news)
    const history = (args: Partial<ConstructorParameters<typeof Api.messages.GetHistory>[0]>) =>
      modified(client.invoke(new Api.messages.GetHistory({ peer, limit: 100, hash: long(0), ...args })))

    const newest = await history({})
    expect(newest).toBeInstanceOf(Api.messages.ChannelMessages)
    expect((newest as Api.messages.ChannelMessages).count).toBe(250)
    expect((newest as Api.messages.ChannelMessages).pts).toBe(world.channelPts(news))
    expect(ids(newest.messages)).toEqual(range(250, 151))
    expect(ids((await history({ offsetId: 151 })).messages)).toEqual(range(150, 51))
    expect(ids((await history({ offsetId: 51 })).messages)).toEqual(range(50, 1))
    expect(ids((await history({ minId: 240 })).messages)).toEqual(range(250, 241))
    expect(ids((await history({ minId: 10, offsetId: 15 })).messages)).toEqual(range(14, 11))
    expect(ids((await history({ maxId: 5 })).messages)).toEqual(range(4, 1))
    expect(ids((await history({ offsetId: 100, addOffset: -5, limit: 10 })).messages)).toEqual(range(104, 95))
    expect(ids((await history({ limit: 500 })).messages)).toHaveLength(100)

    // Private chats and basic groups share one account-wide counter: Alice has 1, 2, 3; the group 4.
    const chat = await modified(client.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(alice), limit: 100, hash: long(0) })))
    expect(chat).toBeInstanceOf(Api.messages.Messages)
    expect(ids(chat.messages)).toEqual([3, 2, 1])
    expect((chat.messages[0] as Api.Message).out).toBe(true)
    const small = await modified(client.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(alice), limit: 2, hash: long(0) })))
    expect(small).toBeInstanceOf(Api.messages.MessagesSlice)
    expect((small as Api.messages.MessagesSlice).count).toBe(3)
    const groupHistory = await modified(client.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(group), limit: 100, hash: long(0) })))
    expect(ids(groupHistory.messages)).toEqual([4])
    expect(((groupHistory.messages[0] as Api.Message).fromId as Api.PeerUser).userId.toString()).toBe('102')
    const joined = world.addServiceMessage(group, new Api.MessageActionChatAddUser({ users: [long(101)] }), { fromId: 102 })
    const withService = await modified(client.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(group), limit: 1, hash: long(0) })))
    expect(withService.messages[0]).toBeInstanceOf(Api.MessageService)
    expect(withService.messages[0]!.id).toBe(joined.id)
    expect(withService.users.map((u) => (u as Api.User).firstName).sort()).toEqual(['Alice', 'Bob'])

    // By id; deleted ids come back as messageEmpty.
    world.deleteMessages(alice, [2])
    const byId = await modified(client.invoke(new Api.messages.GetMessages({ id: [new Api.InputMessageID({ id: 1 }), new Api.InputMessageID({ id: 2 })] })))
    expect(byId.messages.map((m) => m.className)).toEqual(['Message', 'MessageEmpty'])
    const inChannel = await modified(client.invoke(new Api.channels.GetMessages({ channel: world.inputChannel(news), id: [new Api.InputMessageID({ id: 2 })] })))
    expect((inChannel.messages[0] as Api.Message).message).toBe('Message 2')
  })

  it('reports full channel and chat info', async () => {
    const client = await connect(server)
    const full = await client.invoke(new Api.channels.GetFullChannel({ channel: world.inputChannel(news) }))
    const channelFull = full.fullChat as Api.ChannelFull
    expect([channelFull.about, channelFull.participantsCount]).toEqual(['All the news', 1234])
    expect((full.chats[0] as Api.Channel).username).toBe('news')
    const chat = await client.invoke(new Api.messages.GetFullChat({ chatId: long(201) }))
    expect(((chat.fullChat as Api.ChatFull).participants as Api.ChatParticipants).participants).toHaveLength(3)
  })

  it('surfaces FLOOD_WAIT as FloodWaitError, then serves the retry', async () => {
    const client = await connect(server)
    world.requests.length = 0
    world.floodWait('messages.GetHistory', 7)
    const request = () => modified(client.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(alice), limit: 10, hash: long(0) })))
    const error = await failure(request())
    expect(error).toBeInstanceOf(FloodWaitError)
    expect((error as FloodWaitError).seconds).toBe(7)
    expect((await request()).messages.length).toBeGreaterThan(0)
    expect(world.requested('messages.GetHistory')).toHaveLength(2)

    world.failWith('messages.GetDialogs', 400, 'CHANNEL_PRIVATE')
    const other = await failure(client.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 1, hash: long(0) })))
    expect([other.code, other.errorMessage]).toEqual([400, 'CHANNEL_PRIVATE'])
    const missing = await failure(client.invoke(new Api.messages.GetPeerDialogs({ peers: [] })))
    expect(missing.errorMessage).toBe('METHOD_NOT_IMPLEMENTED_messages.GetPeerDialogs')
  })

  it('pushes live updates to connected clients, with pts', async () => {
    const client = await connect(server)
    await client.getMe()
    const received: (Api.TypeUpdate | Api.TypeUpdates)[] = []
    client.addEventHandler((update: Api.TypeUpdate | Api.TypeUpdates) => {
      received.push(update)
    }, new Raw({}))
    const ptsBefore = world.state().pts
    const [sent] = world.addMessages(alice, ['live!'])
    await vi.waitFor(() => expect(received.some((u) => u instanceof Api.UpdateNewMessage)).toBe(true))
    const newMessage = received.find((u) => u instanceof Api.UpdateNewMessage) as Api.UpdateNewMessage
    expect([newMessage.message.id, (newMessage.message as Api.Message).message, newMessage.pts]).toEqual([sent!.id, 'live!', ptsBefore + 1])

    const channelPts = world.channelPts(team)
    world.editMessage(team, 1, 'standup at 10')
    world.deleteMessages(alice, [sent!.id])
    await vi.waitFor(() => expect(received.some((u) => u instanceof Api.UpdateDeleteMessages)).toBe(true))
    const edit = received.find((u) => u instanceof Api.UpdateEditChannelMessage) as Api.UpdateEditChannelMessage
    expect([(edit.message as Api.Message).message, edit.pts]).toEqual(['standup at 10', channelPts + 1])
    const deletion = received.find((u) => u instanceof Api.UpdateDeleteMessages) as Api.UpdateDeleteMessages
    expect([deletion.messages, deletion.pts, deletion.ptsCount]).toEqual([[sent!.id], ptsBefore + 2, 1])

    world.shortUpdates = true
    try {
      world.addMessages(alice, ['short form'])
      await vi.waitFor(() => expect(received.some((u) => u instanceof Api.UpdateShortMessage)).toBe(true))
      const short = received.find((u) => u instanceof Api.UpdateShortMessage) as Api.UpdateShortMessage
      expect([short.message, short.userId.toString(), short.pts]).toEqual(['short form', '101', ptsBefore + 3])
    } finally {
      world.shortUpdates = false
    }
  })

  it('replays missed updates with getDifference and getChannelDifference', async () => {
    const client = await connect(server)
    const state = await client.invoke(new Api.updates.GetState())
    expect(state.pts).toBe(world.state().pts)
    const teamPts = world.channelPts(team)
    world.pushUpdates = false
    try {
      const received: Api.TypeUpdate[] = []
      client.addEventHandler((update: Api.TypeUpdate) => {
        received.push(update)
      }, new Raw({}))
      const missed = world.addMessages(alice, ['while you were away', 'and this'])
      world.editMessage(group, 4, 'dinner at 8?')
      world.addMessages(team, ['channel news'])
      world.deleteMessages(team, [1])

      const empty = await client.invoke(new Api.updates.GetDifference({ pts: world.state().pts, date: state.date, qts: 0 }))
      expect(empty).toBeInstanceOf(Api.updates.DifferenceEmpty)
      const diff = await client.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }))
      expect(diff).toBeInstanceOf(Api.updates.Difference)
      const difference = diff as Api.updates.Difference
      expect(ids(difference.newMessages)).toEqual(ids(missed))
      expect(difference.otherUpdates.map((u) => u.className)).toEqual(['UpdateEditMessage'])
      expect(difference.state.pts).toBe(world.state().pts)
      expect(difference.users.map((u) => (u as Api.User).firstName)).toContain('Alice')

      world.differenceSliceLimit = 1
      const slice = await client.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }))
      expect(slice).toBeInstanceOf(Api.updates.DifferenceSlice)
      expect((slice as Api.updates.DifferenceSlice).intermediateState.pts).toBe(state.pts + 1)
      world.differenceSliceLimit = 100

      world.differenceTooLongBelowPts = state.pts + 1
      const tooLong = await client.invoke(new Api.updates.GetDifference({ pts: state.pts, date: state.date, qts: 0 }))
      expect(tooLong).toBeInstanceOf(Api.updates.DifferenceTooLong)
      world.differenceTooLongBelowPts = 0

      const channel = await client.invoke(new Api.updates.GetChannelDifference({
        channel: world.inputChannel(team), filter: new Api.ChannelMessagesFilterEmpty(), pts: teamPts, limit: 100,
      }))
      expect(channel).toBeInstanceOf(Api.updates.ChannelDifference)
      const channelDiff = channel as Api.updates.ChannelDifference
      expect(channelDiff.final).toBe(true)
      expect(channelDiff.pts).toBe(world.channelPts(team))
      expect(channelDiff.newMessages.map((m) => (m as Api.Message).message)).toEqual(['channel news'])
      expect(channelDiff.otherUpdates.map((u) => u.className)).toEqual(['UpdateDeleteChannelMessages'])
      const none = await client.invoke(new Api.updates.GetChannelDifference({
        channel: world.inputChannel(team), filter: new Api.ChannelMessagesFilterEmpty(), pts: world.channelPts(team), limit: 100,
      }))
      expect(none).toBeInstanceOf(Api.updates.ChannelDifferenceEmpty)
      world.channelDifferenceTooLongBelowPts.set(team.id, teamPts + 1)
      const channelTooLong = await client.invoke(new Api.updates.GetChannelDifference({
        channel: world.inputChannel(team), filter: new Api.ChannelMessagesFilterEmpty(), pts: teamPts, limit: 100,
      }))
      expect(channelTooLong).toBeInstanceOf(Api.updates.ChannelDifferenceTooLong)
      expect(((channelTooLong as Api.updates.ChannelDifferenceTooLong).dialog as Api.Dialog).pts).toBe(world.channelPts(team))
      world.channelDifferenceTooLongBelowPts.delete(team.id)
      expect(received).toEqual([])
    } finally {
      world.pushUpdates = true
    }
  })

  it('sends messages once per random_id', async () => {
    const client = await connect(server)
    const before = world.history(bob).length
    const request = () => new Api.messages.SendMessage({ peer: world.inputPeer(bob), message: 'once', randomId: long(424242) })
    const first = await client.invoke(request())
    const again = await client.invoke(request())
    expect(first).toBeInstanceOf(Api.UpdateShortSentMessage)
    expect((again as Api.UpdateShortSentMessage).id).toBe((first as Api.UpdateShortSentMessage).id)
    expect(world.history(bob)).toHaveLength(before + 1)
    const read = await client.invoke(new Api.messages.ReadHistory({ peer: world.inputPeer(alice), maxId: 0 }))
    expect(read.pts).toBe(world.state().pts)
    const aliceDialog = (await modified(client.invoke(new Api.messages.GetDialogs({ offsetPeer: new Api.InputPeerEmpty(), limit: 100, hash: long(0) }))))
      .dialogs.find((d) => (d as Api.Dialog).peer instanceof Api.PeerUser) as Api.Dialog
    expect(aliceDialog.unreadCount).toBe(0)
    const sent = await client.sendMessage(world.inputPeer(team), { message: 'hello team' })
    expect(sent.message).toBe('hello team')
    expect((world.history(team).at(-1) as Api.Message).out).toBe(true)
  })

  it('serves media bytes through upload.getFile and downloadMedia', async () => {
    const photoBytes = Buffer.alloc(300_000, 7)
    photoBytes.write('photo', 0)
    const docBytes = Buffer.from('%PDF-1.4 fake document '.repeat(5000))
    const photo = world.addMediaMessage(alice, { kind: 'photo', bytes: photoBytes, mimeType: 'image/jpeg' })
    const doc = world.addMediaMessage(news, { kind: 'document', bytes: docBytes, mimeType: 'application/pdf', fileName: 'a.pdf' })
    const client = await connect(server)
    const [fetched] = (await modified(client.invoke(new Api.messages.GetMessages({ id: [new Api.InputMessageID({ id: photo.id })] })))).messages
    const downloaded = await client.downloadMedia(fetched as Api.Message, {})
    expect(Buffer.compare(downloaded as Buffer, photoBytes)).toBe(0)
    const [fetchedDoc] = (await modified(client.invoke(new Api.channels.GetMessages({ channel: world.inputChannel(news), id: [new Api.InputMessageID({ id: doc.id })] })))).messages
    const document = ((fetchedDoc as Api.Message).media as Api.MessageMediaDocument).document as Api.Document
    expect(document.size.toJSNumber()).toBe(docBytes.length)
    expect(Buffer.compare(await client.downloadMedia(fetchedDoc as Api.Message, {}) as Buffer, docBytes)).toBe(0)

    const location = new Api.InputDocumentFileLocation({ id: document.id, accessHash: document.accessHash, fileReference: document.fileReference, thumbSize: '' })
    const part = await client.invoke(new Api.upload.GetFile({ location, offset: long(4096), limit: 4096 }))
    expect((part as Api.upload.File).bytes).toEqual(docBytes.subarray(4096, 8192))
    const bad = await failure(client.invoke(new Api.upload.GetFile({ location, offset: long(0), limit: 5000 })))
    expect(bad.errorMessage).toBe('LIMIT_INVALID')
  })

  it('serves several clients at once and survives dropped connections', async () => {
    // The second one dials through clientParams (a networkSocket) instead of the patched dialer.
    const [one, two] = await Promise.all([connect(server), connect(server, server.clientParams)])
    expect(server.connections()).toBe(2)
    const seen: number[] = []
    for (const [i, client] of [one!, two!].entries()) {
      await client.getMe()
      client.addEventHandler((u: Api.TypeUpdate) => {
        if (u instanceof Api.UpdateNewChannelMessage) seen.push(i)
      }, new Raw({}))
    }
    world.addMessages(team, ['to everyone'])
    await vi.waitFor(() => expect(seen.sort()).toEqual([0, 1]))

    server.dropConnections()
    server.rotateSalt()
    const me = await one!.getMe()
    expect(me.id.toString()).toBe('1000001')
  })
})

describe('many dialogs', () => {
  it("GramJS's getDialogs pages through them with offsetDate/offsetId/offsetPeer", async () => {
    const world = new FakeTelegram()
    for (let i = 0; i < 150; i++) {
      const user = world.addUser({ id: 10_000 + i, firstName: `User ${i}` })
      world.addMessages(user, [`hello ${i}`], { date: 1_700_000_000 + (i % 40) })
    }
    const client = await connect(await serve(world))
    const dialogs = await client.getDialogs({})
    expect(dialogs).toHaveLength(150)
    expect(new Set([...dialogs].map((d) => d.id!.toString())).size).toBe(150)
    const requests = world.requested<Api.messages.GetDialogs>('messages.GetDialogs')
    expect(requests.map((r) => r.limit)).toEqual([100, 100])
    expect(requests[1]!.excludePinned).toBe(true)
  })
})

describe('login', () => {
  it('phone code, then the 2FA password (SRP) — wrong password refused', async () => {
    const world = new FakeTelegram({ authorized: false, password: 'pw', passwordHint: 'the usual' })
    const server = await serve(world)
    const client = await connect(server)
    const unauthorized = await failure(client.getMe())
    expect([unauthorized.code, unauthorized.errorMessage]).toEqual([401, 'AUTH_KEY_UNREGISTERED'])
    expect(await client.checkAuthorization()).toBe(false)

    const phone = '+1 555 010 0000'
    const { phoneCodeHash } = await client.sendCode(apiCredentials, phone)
    const signIn = (phoneCode: string) => client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash, phoneCode }))
    expect((await failure(signIn('00000'))).errorMessage).toBe('PHONE_CODE_INVALID')
    const needed = await failure(signIn('12345'))
    expect([needed.code, needed.errorMessage]).toEqual([401, 'SESSION_PASSWORD_NEEDED'])

    const errors: Error[] = []
    const wrong = client.signInWithPassword(apiCredentials, {
      password: async () => 'not it',
      onError: async (error) => {
        errors.push(error)
        return true
      },
    })
    await expect(wrong).rejects.toThrow('AUTH_USER_CANCEL')
    expect((errors[0] as RPCError).errorMessage).toBe('PASSWORD_HASH_INVALID')

    let hint: string | undefined
    const user = await client.signInWithPassword(apiCredentials, {
      password: async (h) => {
        hint = h
        return 'pw'
      },
      onError: async () => true,
    })
    expect(hint).toBe('the usual')
    expect((user as Api.User).id.toString()).toBe('1000001')
    expect(await client.checkAuthorization()).toBe(true)
    expect((await client.getMe()).firstName).toBe('Fake')
  })

  it('an expired code is refused; without 2FA the code logs in', async () => {
    const world = new FakeTelegram({ authorized: false })
    const client = await connect(await serve(world))
    const phone = '15550100000'
    const first = await client.sendCode(apiCredentials, phone)
    world.expireLoginCodes()
    const expired = await failure(client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: first.phoneCodeHash, phoneCode: '12345' })))
    expect(expired.errorMessage).toBe('PHONE_CODE_EXPIRED')
    const second = await client.sendCode(apiCredentials, phone)
    const auth = await client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash: second.phoneCodeHash, phoneCode: '12345' }))
    expect(auth).toBeInstanceOf(Api.auth.Authorization)
    expect(world.authorized).toBe(true)
  })

  it('a bot logs in with its token', async () => {
    const world = new FakeTelegram({ authorized: false, me: { id: 5000, bot: true }, botToken: '5000:secret' })
    const client = await connect(await serve(world))
    await expect(client.signInBot(apiCredentials, { botAuthToken: '5000:wrong' })).rejects.toThrow('ACCESS_TOKEN_INVALID')
    const bot = await client.signInBot(apiCredentials, { botAuthToken: '5000:secret' })
    expect((bot as Api.User).bot).toBe(true)
    expect(await client.isBot()).toBe(true)
  })
})

describe('transport', () => {
  it('answers an unknown auth key with -404 and drops a message whose msg_key does not match', async () => {
    const server = await serve(new FakeTelegram())
    const socket = tcpConnect(server.port, server.host)
    await once(socket, 'connect')
    const frame = (seq: number, payload: Buffer) => {
      const head = Buffer.alloc(8)
      head.writeInt32LE(payload.length + 12, 0)
      head.writeInt32LE(seq, 4)
      const body = Buffer.concat([head, payload])
      const crc = Buffer.alloc(4)
      crc.writeUInt32LE(crc32(body), 0)
      return Buffer.concat([body, crc])
    }
    socket.write(frame(0, Buffer.concat([randomBytes(8), randomBytes(16), randomBytes(64)])))
    const [reply] = (await once(socket, 'data')) as [Buffer]
    expect([reply.readInt32LE(0), reply.readInt32LE(4), reply.readInt32LE(8)]).toEqual([16, 0, -404])
    const keyId = createHash('sha1').update(server.authKey).digest().subarray(12, 20)
    socket.write(frame(1, Buffer.concat([keyId, randomBytes(16), randomBytes(64)])))
    await once(socket, 'close')
    expect(server.errors.map((e) => e.message)).toEqual(['unknown auth key id', 'connection closed: msg_key mismatch'])
    server.errors.length = 0
  })
})

describe('invokeFake', () => {
  it('runs requests through the TL serializer and throws GramJS errors', async () => {
    const world = new FakeTelegram()
    const carol = world.addUser({ id: 103, firstName: 'Carol' })
    world.addMessages(carol, 5)
    const fake = invokeFake(world)
    const result = await modified(fake.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(carol), offsetId: 4, limit: 2, hash: long(0) })))
    expect(result).toBeInstanceOf(Api.messages.MessagesSlice)
    expect(ids(result.messages)).toEqual([3, 2])

    world.floodWait('messages.GetHistory', 30)
    const flood = await failure(fake.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(carol), limit: 2, hash: long(0) })))
    expect(flood).toBeInstanceOf(FloodWaitError)
    expect((flood as FloodWaitError).seconds).toBe(30)

    world.addMessages(carol, ['bad'], { date: 'yesterday' as unknown as number })
    await expect(fake.invoke(new Api.messages.GetHistory({ peer: world.inputPeer(carol), limit: 2, hash: long(0) }))).rejects.toThrow(/Invalid/)
    expect(fake.updates.map((u) => (u as Api.Updates).updates[0]!.className)).toEqual(['UpdateNewMessage'])
    fake.close()
  })
})
