/**
 * The state of a fake Telegram account and the server's answers to API requests, independent of
 * the transport: `mtprotoServer.ts` serves it to the real GramJS client over MTProto, and
 * `invokeFake.ts` calls it directly. Every answer is a genuine `Api.*` object, serialized through
 * GramJS's TL serializer by both transports, so an invalid fixture fails loudly.
 *
 * Emulated like real Telegram:
 * - private chats and basic groups share ONE account-wide message id counter and pts;
 *   each channel/supergroup numbers its own messages from 1 and has its own pts;
 * - each new, edited or deleted message (and each read of a private chat or basic group) bumps pts;
 *   updates.getDifference / updates.getChannelDifference replay those events;
 * - live updates (`Api.Updates`) are pushed to connected sessions unless `pushUpdates` is false.
 */
import { randomBytes } from 'node:crypto'

import { Api } from 'telegram'

import { makeSrpPassword, SRP_G, SRP_P, srpChallenge, srpVerify, type SrpChallenge, type SrpPassword } from './srp'
import { long, toBigint } from './tl'

export type PeerKind = 'user' | 'chat' | 'channel'
/** A user, basic group ('chat') or channel/supergroup ('channel') of the fake world. */
export interface FakePeer {
  readonly kind: PeerKind
  readonly id: bigint
}
export const userPeer = (id: bigint | number): FakePeer => ({ kind: 'user', id: BigInt(id) })
export const chatPeer = (id: bigint | number): FakePeer => ({ kind: 'chat', id: BigInt(id) })
export const channelPeer = (id: bigint | number): FakePeer => ({ kind: 'channel', id: BigInt(id) })
const keyOf = (peer: FakePeer) => `${peer.kind}:${peer.id}`
const samePeer = (a: FakePeer, b: FakePeer) => a.kind === b.kind && a.id === b.id

/** An RPC error as Telegram sends it (`rpc_error`): e.g. 420 FLOOD_WAIT_30, 400 PEER_ID_INVALID. */
export class FakeRpcError extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code}: ${errorMessage}`)
    this.name = 'FakeRpcError'
  }
}
const rpcError = (code: number, message: string) => new FakeRpcError(code, message)

export interface FakeUserInput {
  id: bigint | number
  firstName: string
  lastName?: string
  username?: string
  phone?: string
  bot?: boolean
}
export interface FakeGroupInput {
  id: bigint | number
  title: string
  /** Members besides the account itself (which is always a member, and the creator). */
  participantIds: (bigint | number)[]
  date?: number
}
export interface FakeChannelInput {
  id: bigint | number
  title: string
  /** true: a supergroup; false (default): a broadcast channel. */
  megagroup?: boolean
  username?: string
  about?: string
  participantsCount?: number
  /** Users who post in a supergroup by default (addMessages without fromId). */
  memberIds?: (bigint | number)[]
  date?: number
}
export interface DialogFlags {
  pinned?: boolean
  /** In the archive (folder 1). */
  archived?: boolean
  /** true: muted forever; a number: muted until that unix time; false: unmuted. */
  muted?: boolean | number
  /** Overrides the computed unread count until the chat is read. */
  unreadCount?: number
  unreadMark?: boolean
  readInboxMaxId?: number
  readOutboxMaxId?: number
}
export interface MessageOptions {
  /** The sender (a known user). Default: the peer for private chats, a member for groups. */
  fromId?: bigint | number
  /** Sent by the account itself. */
  out?: boolean
  /** Unix time. Default: now. */
  date?: number
}
export interface MediaInput extends MessageOptions {
  kind: 'photo' | 'document'
  bytes: Buffer
  mimeType: string
  fileName?: string
  caption?: string
  /** Photo dimensions. */
  w?: number
  h?: number
}
export interface FakeTelegramOptions {
  me?: Partial<FakeUserInput>
  /** The session is logged in (default true). false: only auth.* / help.* work until a login. */
  authorized?: boolean
  /** The code auth.signIn accepts (default '12345'). */
  loginCode?: string
  /** A 2FA password (SRP); auth.signIn then answers SESSION_PASSWORD_NEEDED. */
  password?: string
  passwordHint?: string
  /** The token auth.importBotAuthorization accepts when `me.bot` (default `<me.id>:AAFakeBotToken`). */
  botToken?: string
  /** The data center of the account and its media (default 2). */
  dcId?: number
  /** Unix time source (default the wall clock). */
  clock?: () => number
}

/** Where the transport serving a request is reached, for help.getConfig's dc_options. */
export interface DcAddress {
  ip: string
  port: number
}
export interface HandleContext {
  /** Who sent it (a connection); live updates it causes are not pushed back to it. */
  origin?: unknown
  dcAddress?: DcAddress
}
export type UpdatesListener = (updates: Api.TypeUpdates, origin: unknown) => void

interface UserRec {
  id: bigint
  accessHash: bigint
  firstName: string
  lastName?: string
  username?: string
  phone?: string
  bot: boolean
}
interface ChatRec {
  id: bigint
  title: string
  participantIds: bigint[]
  date: number
}
interface ChannelRec {
  id: bigint
  accessHash: bigint
  title: string
  megagroup: boolean
  username?: string
  about: string
  participantsCount?: number
  memberIds: bigint[]
  date: number
  box: Box
}
interface MediaRec {
  kind: 'photo' | 'document'
  id: bigint
  accessHash: bigint
  fileReference: Buffer
  bytes: Buffer
  mimeType: string
  fileName?: string
  date: number
  w: number
  h: number
}
interface MsgRec {
  id: number
  peer: FakePeer
  from?: FakePeer
  out: boolean
  date: number
  text: string
  media?: MediaRec
  action?: Api.TypeMessageAction
  editDate?: number
  /** Insertion order, to break ties between equal dates. */
  ord: number
}
type PtsEvent =
  | { kind: 'new' | 'edit'; pts: number; ptsCount: number; peer: FakePeer; id: number }
  | { kind: 'delete'; pts: number; ptsCount: number; peer: FakePeer; ids: number[] }
  | { kind: 'read'; pts: number; ptsCount: number; peer: FakePeer; maxId: number; stillUnread: number }
type NewEvent = PtsEvent extends infer E ? (E extends unknown ? Omit<E, 'pts'> : never) : never
/** A message box: the account's (private chats + basic groups) or one channel's. */
interface Box {
  pts: number
  nextId: number
  byId: Map<number, MsgRec>
  events: PtsEvent[]
}
interface DialogRec {
  explicit: boolean
  pinned: boolean
  pinnedAt: number
  folderId: number
  muteUntil: number
  unreadCount?: number
  unreadMark: boolean
  readInboxMaxId: number
  readOutboxMaxId?: number
}
interface LoginCode {
  phone: string
  code: string
  expired: boolean
}
interface Fault {
  code: number
  message: string
  times: number
}

const newBox = (): Box => ({ pts: 1, nextId: 1, byId: new Map(), events: [] })
const randomLong = () => randomBytes(8).readBigInt64LE(0)
const normalizePhone = (phone: string) => phone.replace(/[^\d]/g, '')
const MAX_HISTORY_LIMIT = 100
const FOREVER = 2147483647

/** Constructors of the request classes this fake answers, keyed by class name. */
type RequestClass<R> = { className: string; new (...args: never[]): R }
type Handler = (request: Api.AnyRequest, ctx: HandleContext) => unknown

export class FakeTelegram {
  /** Every API request handled (wrappers like invokeWithLayer/initConnection removed), in order. */
  readonly requests: { className: string; request: Api.AnyRequest }[] = []
  readonly users = new Map<bigint, UserRec>()
  readonly chats = new Map<bigint, ChatRec>()
  readonly channels = new Map<bigint, ChannelRec>()
  readonly dialogs = new Map<string, DialogRec & { peer: FakePeer }>()
  /** Push live updates to connected sessions (false: they are missed, as during downtime). */
  pushUpdates = true
  /** updates.getDifference from a pts below this answers updates.differenceTooLong. */
  differenceTooLongBelowPts = 0
  /** updates.getChannelDifference from a pts below the channel's value answers channelDifferenceTooLong. */
  readonly channelDifferenceTooLongBelowPts = new Map<bigint, number>()
  /**
   * Push new plain-text messages of private chats and basic groups as updateShortMessage /
   * updateShortChatMessage, as Telegram often does (default false: always Api.Updates).
   */
  shortUpdates = false
  /** At most this many pts events per updates.differenceSlice. */
  differenceSliceLimit = 100
  authorized: boolean
  loginCode: string
  botToken: string
  readonly dcId: number

  private readonly meId: bigint
  private readonly account = newBox()
  private readonly histories = new Map<string, MsgRec[]>()
  private readonly media = new Map<bigint, MediaRec>()
  private readonly sentByRandomId = new Map<string, { peer: string; result: Api.TypeUpdates }>()
  /** Files being uploaded (upload.saveFilePart), by file id: their parts in order. */
  private readonly uploads = new Map<string, Buffer[]>()
  private readonly faults = new Map<string, Fault[]>()
  private readonly listeners = new Set<UpdatesListener>()
  private readonly loginCodes = new Map<string, LoginCode>()
  private readonly srpChallenges = new Map<string, SrpChallenge>()
  private readonly handlers = new Map<string, Handler>()
  private readonly clock: () => number
  private srpPassword?: SrpPassword
  private passwordHint?: string
  private seq = 0
  private ord = 0
  private pinOrder = 0

  constructor(options: FakeTelegramOptions = {}) {
    this.clock = options.clock ?? (() => Math.floor(Date.now() / 1000))
    this.dcId = options.dcId ?? 2
    const me = options.me ?? {}
    this.meId = BigInt(me.id ?? 1000001)
    this.users.set(this.meId, {
      id: this.meId,
      accessHash: randomLong(),
      firstName: me.firstName ?? (me.bot ? 'Fake Bot' : 'Fake'),
      lastName: me.lastName ?? (me.bot ? undefined : 'Account'),
      username: me.username ?? (me.bot ? 'fake_test_bot' : 'fake_account'),
      phone: me.bot ? undefined : (me.phone ?? '15550100000'),
      bot: me.bot ?? false,
    })
    this.authorized = options.authorized ?? true
    this.loginCode = options.loginCode ?? '12345'
    this.botToken = options.botToken ?? `${this.meId}:AAFakeBotToken`
    if (options.password !== undefined) this.setPassword(options.password, options.passwordHint)
    this.registerHandlers()
  }

  // ---------------------------------------------------------------- fixtures

  /** The logged-in account. */
  get me(): Api.User {
    return this.apiUser(this.meRec)
  }
  get mePeer(): FakePeer {
    return userPeer(this.meId)
  }
  private get meRec(): UserRec {
    return this.users.get(this.meId)!
  }

  addUser(input: FakeUserInput): FakePeer {
    const id = BigInt(input.id)
    if (this.users.has(id)) throw new Error(`user ${id} exists`)
    this.users.set(id, {
      id,
      accessHash: randomLong(),
      firstName: input.firstName,
      lastName: input.lastName,
      username: input.username,
      phone: input.phone,
      bot: input.bot ?? false,
    })
    return userPeer(id)
  }

  addGroup(input: FakeGroupInput): FakePeer {
    const id = BigInt(input.id)
    if (this.chats.has(id)) throw new Error(`chat ${id} exists`)
    const participantIds = input.participantIds.map(BigInt).filter((x) => x !== this.meId)
    for (const user of participantIds) this.userRec(user)
    this.chats.set(id, { id, title: input.title, participantIds, date: input.date ?? this.now() })
    return chatPeer(id)
  }

  addChannel(input: FakeChannelInput): FakePeer {
    const id = BigInt(input.id)
    if (this.channels.has(id)) throw new Error(`channel ${id} exists`)
    const memberIds = (input.memberIds ?? []).map(BigInt)
    for (const user of memberIds) this.userRec(user)
    this.channels.set(id, {
      id,
      accessHash: randomLong(),
      title: input.title,
      megagroup: input.megagroup ?? false,
      username: input.username,
      about: input.about ?? '',
      participantsCount: input.participantsCount,
      memberIds,
      date: input.date ?? this.now(),
      box: newBox(),
    })
    return channelPeer(id)
  }

  /** Sets dialog flags (and makes the dialog listed even without messages). */
  dialogFlags(peer: FakePeer, flags: DialogFlags): void {
    this.entityCheck(peer)
    const dialog = this.dialog(peer)
    dialog.explicit = true
    if (flags.pinned !== undefined) {
      dialog.pinned = flags.pinned
      dialog.pinnedAt = flags.pinned ? ++this.pinOrder : 0
    }
    if (flags.archived !== undefined) dialog.folderId = flags.archived ? 1 : 0
    if (flags.muted !== undefined) dialog.muteUntil = flags.muted === true ? FOREVER : flags.muted === false ? 0 : flags.muted
    if (flags.unreadCount !== undefined) dialog.unreadCount = flags.unreadCount
    if (flags.unreadMark !== undefined) dialog.unreadMark = flags.unreadMark
    if (flags.readInboxMaxId !== undefined) dialog.readInboxMaxId = flags.readInboxMaxId
    if (flags.readOutboxMaxId !== undefined) dialog.readOutboxMaxId = flags.readOutboxMaxId
  }

  /** Adds `count` messages ("Message 1"…) or one message per text; pushes live updates. */
  addMessages(peer: FakePeer, countOrTexts: number | string[], options: MessageOptions = {}): Api.Message[] {
    const texts = typeof countOrTexts === 'number'
      ? Array.from({ length: countOrTexts }, (_, i) => `Message ${i + 1}`)
      : countOrTexts
    return texts.map((text) => this.apiMessage(this.store(peer, { text }, options)) as Api.Message)
  }

  addServiceMessage(peer: FakePeer, action: Api.TypeMessageAction, options: MessageOptions = {}): Api.MessageService {
    return this.apiMessage(this.store(peer, { text: '', action }, options)) as Api.MessageService
  }

  addMediaMessage(peer: FakePeer, input: MediaInput): Api.Message {
    const media: MediaRec = {
      kind: input.kind,
      id: randomLong(),
      accessHash: randomLong(),
      fileReference: randomBytes(16),
      bytes: Buffer.from(input.bytes),
      mimeType: input.mimeType,
      fileName: input.fileName,
      date: input.date ?? this.now(),
      w: input.w ?? 1280,
      h: input.h ?? 960,
    }
    this.media.set(media.id, media)
    return this.apiMessage(this.store(peer, { text: input.caption ?? '', media }, input)) as Api.Message
  }

  editMessage(peer: FakePeer, id: number, text: string): Api.Message {
    const msg = this.msgRec(peer, id)
    if (msg.action) throw new Error('service messages cannot be edited')
    msg.text = text
    msg.editDate = Math.max(this.now(), msg.date)
    const box = this.boxOf(peer)
    const pts = this.bump(box, { kind: 'edit', ptsCount: 1, peer, id })
    const message = this.apiMessage(msg)
    const update = peer.kind === 'channel'
      ? new Api.UpdateEditChannelMessage({ message, pts, ptsCount: 1 })
      : new Api.UpdateEditMessage({ message, pts, ptsCount: 1 })
    this.push([update], [peer, ...this.msgPeers(msg)], peer.kind !== 'channel')
    return message as Api.Message
  }

  /** Deletes messages (ids not in the chat are ignored); pushes one delete update. */
  deleteMessages(peer: FakePeer, ids: number[]): void {
    const box = this.boxOf(peer)
    const history = this.historyOf(peer)
    const existing = ids.filter((id) => {
      const msg = box.byId.get(id)
      return msg !== undefined && samePeer(msg.peer, peer)
    })
    if (!existing.length) return
    for (const id of existing) box.byId.delete(id)
    this.histories.set(keyOf(peer), history.filter((m) => !existing.includes(m.id)))
    const pts = this.bump(box, { kind: 'delete', ptsCount: existing.length, peer, ids: existing })
    const update = peer.kind === 'channel'
      ? new Api.UpdateDeleteChannelMessages({ channelId: long(peer.id), messages: existing, pts, ptsCount: existing.length })
      : new Api.UpdateDeleteMessages({ messages: existing, pts, ptsCount: existing.length })
    this.push([update], peer.kind === 'channel' ? [peer] : [], peer.kind !== 'channel')
  }

  /** The chat's current messages, oldest first. */
  history(peer: FakePeer): Api.TypeMessage[] {
    return this.historyOf(peer).map((m) => this.apiMessage(m))
  }

  message(peer: FakePeer, id: number): Api.TypeMessage | undefined {
    const msg = this.boxOf(peer).byId.get(id)
    return msg && samePeer(msg.peer, peer) ? this.apiMessage(msg) : undefined
  }

  /** The next `times` calls of `className` (e.g. 'messages.GetHistory') fail with 420 FLOOD_WAIT_<seconds>. */
  floodWait(className: string, seconds: number, times = 1): void {
    this.failWith(className, 420, `FLOOD_WAIT_${seconds}`, times)
  }

  /** The next `times` calls of `className` ('*': any request) fail with this RPC error. */
  failWith(className: string, code: number, message: string, times = 1): void {
    const list = this.faults.get(className) ?? []
    list.push({ code, message, times })
    this.faults.set(className, list)
  }

  /** The requests of one class handled so far. */
  requested<C extends Api.AnyRequest = Api.AnyRequest>(className: string): C[] {
    return this.requests.filter((r) => r.className === className).map((r) => r.request as C)
  }

  setPassword(password: string | undefined, hint?: string): void {
    this.srpPassword = password === undefined ? undefined : makeSrpPassword(password)
    this.passwordHint = password === undefined ? undefined : hint
  }

  /** Codes sent so far stop working (auth.signIn answers PHONE_CODE_EXPIRED). */
  expireLoginCodes(): void {
    for (const code of this.loginCodes.values()) code.expired = true
  }

  /** Current account state, as updates.getState reports it. */
  state(): { pts: number; seq: number; date: number } {
    return { pts: this.account.pts, seq: this.seq, date: this.now() }
  }

  channelPts(peer: FakePeer): number {
    return this.channelRec(peer.id).box.pts
  }

  /** Registers a session for live updates; returns the unsubscribe function. */
  subscribe(listener: UpdatesListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  // ---------------------------------------------------------------- Api objects for tests

  inputPeer(peer: FakePeer): Api.TypeInputPeer {
    if (peer.kind === 'user') {
      if (peer.id === this.meId) return new Api.InputPeerSelf()
      const user = this.userRec(peer.id)
      return new Api.InputPeerUser({ userId: long(user.id), accessHash: long(user.accessHash) })
    }
    if (peer.kind === 'chat') return new Api.InputPeerChat({ chatId: long(this.chatRec(peer.id).id) })
    const channel = this.channelRec(peer.id)
    return new Api.InputPeerChannel({ channelId: long(channel.id), accessHash: long(channel.accessHash) })
  }

  inputChannel(peer: FakePeer): Api.InputChannel {
    const channel = this.channelRec(peer.id)
    return new Api.InputChannel({ channelId: long(channel.id), accessHash: long(channel.accessHash) })
  }

  apiPeer(peer: FakePeer): Api.TypePeer {
    if (peer.kind === 'user') return new Api.PeerUser({ userId: long(peer.id) })
    if (peer.kind === 'chat') return new Api.PeerChat({ chatId: long(peer.id) })
    return new Api.PeerChannel({ channelId: long(peer.id) })
  }

  /** The Api.User / Api.Chat / Api.Channel of a peer. */
  entity(peer: FakePeer): Api.User | Api.Chat | Api.Channel {
    if (peer.kind === 'user') return this.apiUser(this.userRec(peer.id))
    if (peer.kind === 'chat') return this.apiChat(this.chatRec(peer.id))
    return this.apiChannel(this.channelRec(peer.id))
  }

  // ---------------------------------------------------------------- request dispatch

  /**
   * Answers one API request: unwraps invokeWithLayer / initConnection / invokeWithoutUpdates /
   * invokeAfterMsg(s), logs it, applies injected faults and authorization, and returns the
   * genuine Api result. Throws FakeRpcError for RPC errors.
   */
  async handle(request: Api.AnyRequest, ctx: HandleContext = {}): Promise<unknown> {
    let inner: Api.AnyRequest = request
    while (
      inner instanceof Api.InvokeWithLayer || inner instanceof Api.InitConnection ||
      inner instanceof Api.InvokeWithoutUpdates || inner instanceof Api.InvokeAfterMsg ||
      inner instanceof Api.InvokeAfterMsgs
    ) {
      inner = inner.query as Api.AnyRequest
    }
    const className = inner.className
    this.requests.push({ className, request: inner })
    for (const key of [className, '*']) {
      const fault = this.faults.get(key)?.[0]
      if (fault) {
        if (--fault.times <= 0) this.faults.get(key)!.shift()
        throw rpcError(fault.code, fault.message)
      }
    }
    if (!this.authorized && !this.allowedUnauthorized(className)) throw rpcError(401, 'AUTH_KEY_UNREGISTERED')
    const handler = this.handlers.get(className)
    if (!handler) throw rpcError(400, `METHOD_NOT_IMPLEMENTED_${className}`)
    return handler(inner, ctx)
  }

  private allowedUnauthorized(className: string): boolean {
    return className.startsWith('auth.') || className.startsWith('help.') || className === 'account.GetPassword' ||
      className.startsWith('langpack.')
  }

  private on<R extends Api.AnyRequest>(cls: RequestClass<R>, fn: (request: R, ctx: HandleContext) => unknown): void {
    this.handlers.set(cls.className, (request, ctx) => fn(request as R, ctx))
  }

  private registerHandlers(): void {
    this.on(Api.help.GetConfig, (_, ctx) => this.config(ctx.dcAddress))
    this.on(Api.help.GetNearestDc, () => new Api.NearestDc({ country: 'NL', thisDc: this.dcId, nearestDc: this.dcId }))
    this.on(Api.updates.GetState, () => this.apiState())
    this.on(Api.users.GetUsers, (r) => r.id.map((input) => {
      const user = this.tryInputUser(input as Api.TypeInputUser)
      if (user) return this.apiUser(user)
      return new Api.UserEmpty({ id: 'userId' in (input as object) ? (input as Api.InputUser).userId : long(0) })
    }))
    this.on(Api.users.GetFullUser, (r) => this.getFullUser(r))
    this.on(Api.messages.GetDialogs, (r) => this.getDialogs(r))
    this.on(Api.messages.GetHistory, (r) => this.getHistory(r))
    this.on(Api.messages.GetMessages, (r) => this.getMessages(r))
    this.on(Api.channels.GetMessages, (r) => this.getChannelMessages(r))
    this.on(Api.channels.GetFullChannel, (r) => this.getFullChannel(r))
    this.on(Api.messages.GetFullChat, (r) => this.getFullChat(r))
    this.on(Api.channels.GetParticipants, (r) => this.getParticipants(r))
    this.on(Api.messages.GetChats, (r) => new Api.messages.Chats({
      chats: r.id.filter((id) => this.chats.has(toBigint(id))).map((id) => this.apiChat(this.chatRec(toBigint(id)))),
    }))
    this.on(Api.channels.GetChannels, (r) => new Api.messages.Chats({
      chats: r.id.map((input) => this.apiChannel(this.resolveInputChannel(input as Api.TypeInputChannel))),
    }))
    this.on(Api.contacts.ResolveUsername, (r) => this.resolveUsername(r.username))
    this.on(Api.upload.GetFile, (r) => this.getFile(r))
    this.on(Api.messages.SendMessage, (r, ctx) => this.sendMessage(r, ctx))
    this.on(Api.upload.SaveFilePart, (r) => {
      const parts = this.uploads.get(toBigint(r.fileId).toString()) ?? []
      parts[r.filePart] = Buffer.from(r.bytes)
      this.uploads.set(toBigint(r.fileId).toString(), parts)
      return true
    })
    this.on(Api.messages.SendMedia, (r, ctx) => this.sendMedia(r, ctx))
    this.on(Api.messages.ReadHistory, (r, ctx) => this.readHistory(r, ctx))
    this.on(Api.channels.ReadHistory, (r) => {
      const channel = this.resolveInputChannel(r.channel as Api.TypeInputChannel)
      this.markRead(channelPeer(channel.id), r.maxId)
      return true
    })
    this.on(Api.auth.SendCode, (r) => this.sendCode(r))
    this.on(Api.auth.SignIn, (r) => this.signIn(r))
    this.on(Api.account.GetPassword, () => this.getPassword())
    this.on(Api.auth.CheckPassword, (r) => this.checkPassword(r))
    this.on(Api.auth.ImportBotAuthorization, (r) => {
      if (!this.meRec.bot || r.botAuthToken !== this.botToken) throw rpcError(400, 'ACCESS_TOKEN_INVALID')
      this.authorized = true
      return new Api.auth.Authorization({ user: this.me })
    })
    this.on(Api.auth.LogOut, () => {
      this.authorized = false
      return new Api.auth.LoggedOut({})
    })
    this.on(Api.updates.GetDifference, (r) => this.getDifference(r))
    this.on(Api.updates.GetChannelDifference, (r) => this.getChannelDifference(r))
  }

  // ---------------------------------------------------------------- handlers

  private config(address: DcAddress = { ip: '127.0.0.1', port: 443 }): Api.Config {
    const now = this.now()
    return new Api.Config({
      date: now,
      expires: now + 3600,
      testMode: false,
      thisDc: this.dcId,
      dcOptions: [new Api.DcOption({ id: this.dcId, ipAddress: address.ip, port: address.port })],
      dcTxtDomainName: 'apv3.stel.com',
      chatSizeMax: 200,
      megagroupSizeMax: 200000,
      forwardedCountMax: 100,
      onlineUpdatePeriodMs: 210000,
      offlineBlurTimeoutMs: 5000,
      offlineIdleTimeoutMs: 30000,
      onlineCloudTimeoutMs: 300000,
      notifyCloudDelayMs: 30000,
      notifyDefaultDelayMs: 1500,
      pushChatPeriodMs: 60000,
      pushChatLimit: 2,
      editTimeLimit: 172800,
      revokeTimeLimit: FOREVER,
      revokePmTimeLimit: FOREVER,
      ratingEDecay: 2419200,
      stickersRecentLimit: 200,
      channelsReadMediaPeriod: 604800,
      callReceiveTimeoutMs: 20000,
      callRingTimeoutMs: 90000,
      callConnectTimeoutMs: 30000,
      callPacketTimeoutMs: 10000,
      meUrlPrefix: 'https://t.me/',
      captionLengthMax: 1024,
      messageLengthMax: 4096,
      webfileDcId: 4,
    })
  }

  private apiState(): Api.updates.State {
    return new Api.updates.State({
      pts: this.account.pts,
      qts: 0,
      date: this.now(),
      seq: this.seq,
      unreadCount: [...this.dialogs.values()].reduce((n, d) => n + this.unreadCount(d.peer), 0),
    })
  }

  private getFullUser(r: Api.users.GetFullUser): Api.users.UserFull {
    const user = this.tryInputUser(r.id as Api.TypeInputUser)
    if (!user) throw rpcError(400, 'USER_ID_INVALID')
    const dialog = this.dialogs.get(keyOf(userPeer(user.id)))
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: long(user.id),
        settings: new Api.PeerSettings({}),
        notifySettings: this.notifySettings(dialog),
        commonChatsCount: 0,
      }),
      chats: [],
      users: [this.apiUser(user)],
    })
  }

  private getDialogs(r: Api.messages.GetDialogs): Api.messages.TypeDialogs {
    const folderId = r.folderId ?? 0
    const all = this.dialogList(folderId)
    const offsetPeer = r.offsetPeer instanceof Api.InputPeerEmpty || !r.offsetPeer
      ? undefined
      : this.resolveInputPeer(r.offsetPeer as Api.TypeInputPeer)
    const offsetDate = r.offsetDate ?? 0
    const offsetId = r.offsetId ?? 0
    const firstPage = !offsetDate && !offsetId && !offsetPeer
    const regular = all.filter((d) => !d.dialog.pinned)
    let list: typeof all
    if (firstPage) {
      list = r.excludePinned ? regular : all
    } else {
      const at = offsetPeer ? regular.findIndex((d) => samePeer(d.peer, offsetPeer)) : -1
      list = at >= 0
        ? regular.slice(at + 1)
        : regular.filter((d) => offsetDate
          ? d.date < offsetDate || (d.date === offsetDate && offsetId > 0 && (d.top?.id ?? 0) < offsetId)
          : (d.top?.id ?? 0) < offsetId)
    }
    const limit = Math.max(0, Math.min(r.limit ?? 0, MAX_HISTORY_LIMIT))
    const page = list.slice(0, limit)
    const peers: FakePeer[] = []
    const messages: Api.TypeMessage[] = []
    for (const d of page) {
      peers.push(d.peer)
      if (d.top) {
        messages.push(this.apiMessage(d.top))
        peers.push(...this.msgPeers(d.top))
      }
    }
    const { users, chats } = this.entities(peers)
    const dialogs = page.map((d) => this.apiDialog(d.peer))
    if (firstPage && page.length === all.length) return new Api.messages.Dialogs({ dialogs, messages, chats, users })
    return new Api.messages.DialogsSlice({ count: all.length, dialogs, messages, chats, users })
  }

  private getHistory(r: Api.messages.GetHistory): Api.messages.TypeMessages {
    const peer = this.resolveInputPeer(r.peer as Api.TypeInputPeer)
    const all = this.historyOf(peer)
    const minId = r.minId ?? 0
    const maxId = r.maxId ?? 0
    const newestFirst = all.filter((m) => (!minId || m.id > minId) && (!maxId || m.id < maxId)).reverse()
    let start = 0
    if (r.offsetId) {
      start = newestFirst.findIndex((m) => m.id < r.offsetId!)
      if (start < 0) start = newestFirst.length
    } else if (r.offsetDate) {
      start = newestFirst.findIndex((m) => m.date < r.offsetDate!)
      if (start < 0) start = newestFirst.length
    }
    start += r.addOffset ?? 0
    const limit = Math.max(0, Math.min(r.limit ?? 0, MAX_HISTORY_LIMIT))
    const page = newestFirst.slice(Math.max(0, start), Math.max(0, start + limit))
    return this.messagesResult(peer, page, all.length)
  }

  private messagesResult(peer: FakePeer, page: MsgRec[], count: number): Api.messages.TypeMessages {
    const { users, chats } = this.entities([peer, ...page.flatMap((m) => this.msgPeers(m))])
    const messages = page.map((m) => this.apiMessage(m))
    if (peer.kind === 'channel') {
      return new Api.messages.ChannelMessages({ pts: this.channelRec(peer.id).box.pts, count, messages, topics: [], chats, users })
    }
    if (page.length >= count) return new Api.messages.Messages({ messages, chats, users })
    return new Api.messages.MessagesSlice({ count, messages, chats, users })
  }

  private getMessages(r: Api.messages.GetMessages): Api.messages.Messages {
    const found: Api.TypeMessage[] = []
    const peers: FakePeer[] = []
    for (const input of r.id as Api.TypeInputMessage[]) {
      const id = input instanceof Api.InputMessageID ? input.id : 0
      const msg = this.account.byId.get(id)
      if (msg) {
        found.push(this.apiMessage(msg))
        peers.push(msg.peer, ...this.msgPeers(msg))
      } else {
        found.push(new Api.MessageEmpty({ id }))
      }
    }
    return new Api.messages.Messages({ messages: found, ...this.entities(peers) })
  }

  private getChannelMessages(r: Api.channels.GetMessages): Api.messages.ChannelMessages {
    const channel = this.resolveInputChannel(r.channel as Api.TypeInputChannel)
    const peer = channelPeer(channel.id)
    const found: Api.TypeMessage[] = []
    const peers: FakePeer[] = [peer]
    for (const input of r.id as Api.TypeInputMessage[]) {
      const id = input instanceof Api.InputMessageID ? input.id : 0
      const msg = channel.box.byId.get(id)
      if (msg) {
        found.push(this.apiMessage(msg))
        peers.push(...this.msgPeers(msg))
      } else {
        found.push(new Api.MessageEmpty({ id, peerId: this.apiPeer(peer) }))
      }
    }
    return new Api.messages.ChannelMessages({
      pts: channel.box.pts, count: found.length, messages: found, topics: [], ...this.entities(peers),
    })
  }

  private getFullChannel(r: Api.channels.GetFullChannel): Api.messages.ChatFull {
    const channel = this.resolveInputChannel(r.channel as Api.TypeInputChannel)
    const peer = channelPeer(channel.id)
    const dialog = this.dialogs.get(keyOf(peer))
    return new Api.messages.ChatFull({
      fullChat: new Api.ChannelFull({
        id: long(channel.id),
        about: channel.about,
        participantsCount: channel.participantsCount,
        readInboxMaxId: dialog?.readInboxMaxId ?? 0,
        readOutboxMaxId: this.readOutboxMaxId(peer),
        unreadCount: this.unreadCount(peer),
        chatPhoto: new Api.PhotoEmpty({ id: long(0) }),
        notifySettings: this.notifySettings(dialog),
        botInfo: [],
        pts: channel.box.pts,
        folderId: dialog?.folderId || undefined,
      }),
      chats: [this.apiChannel(channel)],
      users: [],
    })
  }

  /** Supergroup members (the account and `memberIds`), paged by offset/limit; broadcast channels refuse. */
  private getParticipants(r: Api.channels.GetParticipants): Api.channels.ChannelParticipants {
    const channel = this.resolveInputChannel(r.channel as Api.TypeInputChannel)
    if (!channel.megagroup) throw rpcError(400, 'CHAT_ADMIN_REQUIRED')
    const members = [this.meId, ...channel.memberIds.filter((id) => id !== this.meId)].map((id) => this.userRec(id))
    const page = members.slice(r.offset, r.offset + r.limit)
    return new Api.channels.ChannelParticipants({
      count: members.length,
      participants: page.map((u) => new Api.ChannelParticipant({ userId: long(u.id), date: channel.date })),
      chats: [],
      users: page.map((u) => this.apiUser(u)),
    })
  }

  private getFullChat(r: Api.messages.GetFullChat): Api.messages.ChatFull {
    const chat = this.chats.get(toBigint(r.chatId))
    if (!chat) throw rpcError(400, 'CHAT_ID_INVALID')
    const dialog = this.dialogs.get(keyOf(chatPeer(chat.id)))
    return new Api.messages.ChatFull({
      fullChat: new Api.ChatFull({
        id: long(chat.id),
        about: '',
        participants: new Api.ChatParticipants({
          chatId: long(chat.id),
          participants: [
            new Api.ChatParticipantCreator({ userId: long(this.meId) }),
            ...chat.participantIds.map((userId) => new Api.ChatParticipant({ userId: long(userId), inviterId: long(this.meId), date: chat.date })),
          ],
          version: 1,
        }),
        notifySettings: this.notifySettings(dialog),
        folderId: dialog?.folderId || undefined,
      }),
      chats: [this.apiChat(chat)],
      users: [this.meRec, ...chat.participantIds.map((id) => this.userRec(id))].map((u) => this.apiUser(u)),
    })
  }

  private resolveUsername(username: string): Api.contacts.ResolvedPeer {
    const name = username.toLowerCase()
    const user = [...this.users.values()].find((u) => u.username?.toLowerCase() === name)
    const channel = [...this.channels.values()].find((c) => c.username?.toLowerCase() === name)
    const peer = user ? userPeer(user.id) : channel ? channelPeer(channel.id) : undefined
    if (!peer) throw rpcError(400, 'USERNAME_NOT_OCCUPIED')
    return new Api.contacts.ResolvedPeer({ peer: this.apiPeer(peer), ...this.entities([peer]) })
  }

  private getFile(r: Api.upload.GetFile): Api.upload.File {
    const location = r.location
    let media: MediaRec | undefined
    if (location instanceof Api.InputPhotoFileLocation || location instanceof Api.InputDocumentFileLocation) {
      media = this.media.get(toBigint(location.id))
      const kind = location instanceof Api.InputPhotoFileLocation ? 'photo' : 'document'
      const thumb = kind === 'photo' ? 'y' : ''
      if (!media || media.kind !== kind || media.accessHash !== toBigint(location.accessHash) || location.thumbSize !== thumb) {
        throw rpcError(400, 'LOCATION_INVALID')
      }
      if (!media.fileReference.equals(location.fileReference)) throw rpcError(400, 'FILE_REFERENCE_EXPIRED')
    } else {
      throw rpcError(400, 'LOCATION_INVALID')
    }
    const offset = Number(toBigint(r.offset))
    const limit = r.limit
    const MB = 1024 * 1024
    if (r.precise) {
      if (offset % 1024 !== 0) throw rpcError(400, 'OFFSET_INVALID')
      if (limit <= 0 || limit % 1024 !== 0 || limit > MB) throw rpcError(400, 'LIMIT_INVALID')
    } else {
      if (offset % 4096 !== 0) throw rpcError(400, 'OFFSET_INVALID')
      if (limit <= 0 || limit % 4096 !== 0 || MB % limit !== 0) throw rpcError(400, 'LIMIT_INVALID')
      if (Math.floor(offset / MB) !== Math.floor((offset + limit - 1) / MB)) throw rpcError(400, 'LIMIT_INVALID')
    }
    return new Api.upload.File({
      type: media.kind === 'photo' ? new Api.storage.FileJpeg() : new Api.storage.FileUnknown(),
      mtime: media.date,
      bytes: media.bytes.subarray(offset, offset + limit),
    })
  }

  private sendMessage(r: Api.messages.SendMessage, ctx: HandleContext): Api.TypeUpdates {
    if (!r.message) throw rpcError(400, 'MESSAGE_EMPTY')
    return this.sendOut(r.peer as Api.TypeInputPeer, r.randomId, () => ({ text: r.message }), ctx)
  }

  /** A file uploaded with upload.saveFilePart, named by an InputFile: all its parts, in order. */
  private uploadedFile(input: Api.TypeInputFile): Buffer {
    if (!(input instanceof Api.InputFile)) throw rpcError(400, 'FILE_PARTS_INVALID')
    const parts = this.uploads.get(toBigint(input.id).toString())
    if (!parts || parts.length !== input.parts || parts.some((part) => !part)) throw rpcError(400, 'FILE_PARTS_INVALID')
    return Buffer.concat(parts)
  }

  /** messages.sendMedia with a freshly uploaded photo or document (what Switchboard sends); the caption is the text. */
  private sendMedia(r: Api.messages.SendMedia, ctx: HandleContext): Api.TypeUpdates {
    return this.sendOut(r.peer as Api.TypeInputPeer, r.randomId, () => {
      const input = r.media
      let kind: MediaRec['kind']
      let mimeType: string
      let fileName: string | undefined
      if (input instanceof Api.InputMediaUploadedPhoto) {
        kind = 'photo'
        mimeType = 'image/jpeg'
      } else if (input instanceof Api.InputMediaUploadedDocument) {
        kind = 'document'
        mimeType = input.mimeType
        fileName = input.attributes.find((a): a is Api.DocumentAttributeFilename => a instanceof Api.DocumentAttributeFilename)?.fileName
      } else {
        throw rpcError(400, 'MEDIA_INVALID')
      }
      const media: MediaRec = {
        kind,
        id: randomLong(),
        accessHash: randomLong(),
        fileReference: randomBytes(16),
        bytes: this.uploadedFile(input.file),
        mimeType,
        fileName,
        date: this.now(),
        w: 1,
        h: 1,
      }
      this.media.set(media.id, media)
      return { text: r.message, media }
    }, ctx)
  }

  /** An outgoing message, deduplicated by its random id as Telegram does. */
  private sendOut(inputPeer: Api.TypeInputPeer, rawRandomId: unknown, content: () => { text: string; media?: MediaRec }, ctx: HandleContext): Api.TypeUpdates {
    const peer = this.resolveInputPeer(inputPeer)
    if (rawRandomId === undefined || rawRandomId === null) throw rpcError(400, 'RANDOM_ID_EMPTY')
    const randomId = toBigint(rawRandomId as bigint).toString()
    const previous = this.sentByRandomId.get(randomId)
    if (previous) {
      if (previous.peer !== keyOf(peer)) throw rpcError(400, 'RANDOM_ID_DUPLICATE')
      return previous.result
    }
    const msg = this.store(peer, content(), { out: true }, ctx.origin)
    const box = this.boxOf(peer)
    let result: Api.TypeUpdates
    if (peer.kind === 'channel') {
      result = new Api.Updates({
        updates: [
          new Api.UpdateMessageID({ id: msg.id, randomId: long(randomId) }),
          new Api.UpdateNewChannelMessage({ message: this.apiMessage(msg), pts: box.pts, ptsCount: 1 }),
        ],
        ...this.entities([peer, ...this.msgPeers(msg)]),
        date: msg.date,
        seq: 0,
      })
    } else {
      result = new Api.UpdateShortSentMessage({ out: true, id: msg.id, pts: box.pts, ptsCount: 1, date: msg.date })
    }
    this.sentByRandomId.set(randomId, { peer: keyOf(peer), result })
    return result
  }

  private readHistory(r: Api.messages.ReadHistory, ctx: HandleContext): Api.messages.AffectedMessages {
    const peer = this.resolveInputPeer(r.peer as Api.TypeInputPeer)
    if (peer.kind === 'channel') throw rpcError(400, 'PEER_ID_INVALID')
    const maxId = this.markRead(peer, r.maxId)
    const stillUnread = this.unreadCount(peer)
    const pts = this.bump(this.account, { kind: 'read', ptsCount: 1, peer, maxId, stillUnread })
    this.push(
      [new Api.UpdateReadHistoryInbox({ peer: this.apiPeer(peer), maxId, stillUnreadCount: stillUnread, pts, ptsCount: 1 })],
      [peer], true, ctx.origin,
    )
    return new Api.messages.AffectedMessages({ pts, ptsCount: 1 })
  }

  private markRead(peer: FakePeer, maxId: number): number {
    const history = this.historyOf(peer)
    const top = history[history.length - 1]?.id ?? 0
    const dialog = this.dialog(peer)
    const upTo = maxId > 0 ? Math.min(maxId, top) : top
    dialog.readInboxMaxId = Math.max(dialog.readInboxMaxId, upTo)
    dialog.unreadCount = undefined
    dialog.unreadMark = false
    return dialog.readInboxMaxId
  }

  private sendCode(r: Api.auth.SendCode): Api.auth.SentCode {
    const me = this.meRec
    if (!me.phone || normalizePhone(r.phoneNumber) !== normalizePhone(me.phone)) throw rpcError(400, 'PHONE_NUMBER_INVALID')
    const phoneCodeHash = randomBytes(9).toString('hex')
    this.loginCodes.set(phoneCodeHash, { phone: normalizePhone(r.phoneNumber), code: this.loginCode, expired: false })
    return new Api.auth.SentCode({
      type: new Api.auth.SentCodeTypeApp({ length: this.loginCode.length }),
      phoneCodeHash,
    })
  }

  private signIn(r: Api.auth.SignIn): Api.auth.Authorization {
    if (!r.phoneCodeHash) throw rpcError(400, 'PHONE_CODE_HASH_EMPTY')
    if (!r.phoneCode) throw rpcError(400, 'PHONE_CODE_EMPTY')
    const sent = this.loginCodes.get(r.phoneCodeHash)
    if (!sent) throw rpcError(400, 'PHONE_CODE_EXPIRED')
    if (sent.phone !== normalizePhone(r.phoneNumber)) throw rpcError(400, 'PHONE_NUMBER_INVALID')
    if (sent.expired) throw rpcError(400, 'PHONE_CODE_EXPIRED')
    if (r.phoneCode !== sent.code) throw rpcError(400, 'PHONE_CODE_INVALID')
    this.loginCodes.delete(r.phoneCodeHash)
    if (this.srpPassword) throw rpcError(401, 'SESSION_PASSWORD_NEEDED')
    this.authorized = true
    return new Api.auth.Authorization({ user: this.me })
  }

  private getPassword(): Api.account.Password {
    const newAlgo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
      salt1: randomBytes(8), salt2: randomBytes(16), g: SRP_G, p: SRP_P,
    })
    const common = {
      newAlgo,
      newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: randomBytes(8) }),
      secureRandom: randomBytes(32),
    }
    const password = this.srpPassword
    if (!password) return new Api.account.Password({ hasPassword: false, ...common })
    const challenge = srpChallenge(password)
    const srpId = randomLong()
    this.srpChallenges.set(srpId.toString(), challenge)
    return new Api.account.Password({
      hasPassword: true,
      currentAlgo: new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({
        salt1: password.salt1, salt2: password.salt2, g: SRP_G, p: SRP_P,
      }),
      srp_B: challenge.B,
      srpId: long(srpId),
      hint: this.passwordHint,
      ...common,
    })
  }

  private checkPassword(r: Api.auth.CheckPassword): Api.auth.Authorization {
    const input = r.password
    const password = this.srpPassword
    if (!password || !(input instanceof Api.InputCheckPasswordSRP)) throw rpcError(400, 'PASSWORD_HASH_INVALID')
    const key = toBigint(input.srpId).toString()
    const challenge = this.srpChallenges.get(key)
    if (!challenge) throw rpcError(400, 'SRP_ID_INVALID')
    this.srpChallenges.delete(key)
    if (!srpVerify(password, challenge, input.A, input.M1)) throw rpcError(400, 'PASSWORD_HASH_INVALID')
    this.authorized = true
    return new Api.auth.Authorization({ user: this.me })
  }

  private getDifference(r: Api.updates.GetDifference): Api.updates.TypeDifference {
    const box = this.account
    if (r.pts < this.differenceTooLongBelowPts) return new Api.updates.DifferenceTooLong({ pts: box.pts })
    if (r.ptsTotalLimit && r.pts + r.ptsTotalLimit < box.pts) return new Api.updates.DifferenceTooLong({ pts: box.pts })
    if (r.pts >= box.pts) return new Api.updates.DifferenceEmpty({ date: this.now(), seq: this.seq })
    const limit = Math.max(1, Math.min(r.ptsLimit ?? Infinity, this.differenceSliceLimit))
    const pending = box.events.filter((e) => e.pts > r.pts)
    const events = pending.slice(0, limit)
    const more = pending.length > events.length
    const { newMessages, otherUpdates, peers } = this.replay(box, events, false)
    const state = new Api.updates.State({
      pts: more ? events[events.length - 1]!.pts : box.pts,
      qts: 0,
      date: this.now(),
      seq: this.seq,
      unreadCount: this.apiState().unreadCount,
    })
    const content = { newMessages, newEncryptedMessages: [], otherUpdates, ...this.entities(peers) }
    return more
      ? new Api.updates.DifferenceSlice({ ...content, intermediateState: state })
      : new Api.updates.Difference({ ...content, state })
  }

  private getChannelDifference(r: Api.updates.GetChannelDifference): Api.updates.TypeChannelDifference {
    const channel = this.resolveInputChannel(r.channel as Api.TypeInputChannel)
    const peer = channelPeer(channel.id)
    const box = channel.box
    if (r.pts <= 0) throw rpcError(400, 'PERSISTENT_TIMESTAMP_EMPTY')
    if (r.pts > box.pts) throw rpcError(400, 'PERSISTENT_TIMESTAMP_INVALID')
    const limit = Math.max(1, Math.min(r.limit, this.meRec.bot ? 100000 : 100))
    if (r.pts < (this.channelDifferenceTooLongBelowPts.get(channel.id) ?? 0)) {
      const latest = this.historyOf(peer).slice(-limit).reverse()
      return new Api.updates.ChannelDifferenceTooLong({
        final: true,
        timeout: 30,
        dialog: this.apiDialog(peer),
        messages: latest.map((m) => this.apiMessage(m)),
        ...this.entities([peer, ...latest.flatMap((m) => this.msgPeers(m))]),
      })
    }
    if (r.pts === box.pts) return new Api.updates.ChannelDifferenceEmpty({ final: true, pts: box.pts, timeout: 30 })
    const pending = box.events.filter((e) => e.pts > r.pts)
    const events = pending.slice(0, limit)
    const more = pending.length > events.length
    const { newMessages, otherUpdates, peers } = this.replay(box, events, true)
    return new Api.updates.ChannelDifference({
      final: !more,
      pts: more ? events[events.length - 1]!.pts : box.pts,
      timeout: more ? undefined : 30,
      newMessages,
      otherUpdates,
      ...this.entities([peer, ...peers]),
    })
  }

  /** The difference content for pts events: current versions of new messages, edits, deletions, reads. */
  private replay(box: Box, events: PtsEvent[], channel: boolean) {
    const created = new Set(events.flatMap((e) => (e.kind === 'new' ? [e.id] : [])))
    const newMessages: Api.TypeMessage[] = []
    const otherUpdates: Api.TypeUpdate[] = []
    const peers: FakePeer[] = []
    for (const e of events) {
      switch (e.kind) {
        case 'new':
        case 'edit': {
          const msg = box.byId.get(e.id)
          if (!msg || (e.kind === 'edit' && created.has(e.id))) break
          peers.push(msg.peer, ...this.msgPeers(msg))
          const message = this.apiMessage(msg)
          if (e.kind === 'new') newMessages.push(message)
          else otherUpdates.push(channel
            ? new Api.UpdateEditChannelMessage({ message, pts: e.pts, ptsCount: e.ptsCount })
            : new Api.UpdateEditMessage({ message, pts: e.pts, ptsCount: e.ptsCount }))
          break
        }
        case 'delete': {
          const ids = e.ids.filter((id) => !created.has(id))
          if (!ids.length) break
          otherUpdates.push(channel
            ? new Api.UpdateDeleteChannelMessages({ channelId: long(e.peer.id), messages: ids, pts: e.pts, ptsCount: e.ptsCount })
            : new Api.UpdateDeleteMessages({ messages: ids, pts: e.pts, ptsCount: e.ptsCount }))
          break
        }
        case 'read':
          peers.push(e.peer)
          otherUpdates.push(new Api.UpdateReadHistoryInbox({
            peer: this.apiPeer(e.peer), maxId: e.maxId, stillUnreadCount: e.stillUnread, pts: e.pts, ptsCount: e.ptsCount,
          }))
          break
      }
    }
    return { newMessages, otherUpdates, peers }
  }

  // ---------------------------------------------------------------- internals

  private now(): number {
    return this.clock()
  }

  private userRec(id: bigint): UserRec {
    const user = this.users.get(id)
    if (!user) throw new Error(`unknown user ${id}`)
    return user
  }
  private chatRec(id: bigint): ChatRec {
    const chat = this.chats.get(id)
    if (!chat) throw new Error(`unknown chat ${id}`)
    return chat
  }
  private channelRec(id: bigint): ChannelRec {
    const channel = this.channels.get(id)
    if (!channel) throw new Error(`unknown channel ${id}`)
    return channel
  }
  private entityCheck(peer: FakePeer): void {
    if (peer.kind === 'user') this.userRec(peer.id)
    else if (peer.kind === 'chat') this.chatRec(peer.id)
    else this.channelRec(peer.id)
  }
  private boxOf(peer: FakePeer): Box {
    return peer.kind === 'channel' ? this.channelRec(peer.id).box : this.account
  }
  private historyOf(peer: FakePeer): MsgRec[] {
    this.entityCheck(peer)
    return this.histories.get(keyOf(peer)) ?? []
  }
  private msgRec(peer: FakePeer, id: number): MsgRec {
    const msg = this.boxOf(peer).byId.get(id)
    if (!msg || !samePeer(msg.peer, peer)) throw new Error(`no message ${id} in ${keyOf(peer)}`)
    return msg
  }
  private dialog(peer: FakePeer): DialogRec & { peer: FakePeer } {
    let dialog = this.dialogs.get(keyOf(peer))
    if (!dialog) {
      dialog = { peer, explicit: false, pinned: false, pinnedAt: 0, folderId: 0, muteUntil: 0, unreadMark: false, readInboxMaxId: 0 }
      this.dialogs.set(keyOf(peer), dialog)
    }
    return dialog
  }

  private bump(box: Box, event: NewEvent): number {
    box.pts += event.ptsCount
    box.events.push({ ...event, pts: box.pts } as PtsEvent)
    if (box === this.account) this.seq++
    return box.pts
  }

  /** Stores a new message (next id of its box, pts bump) and pushes the live update. */
  private store(peer: FakePeer, content: { text: string; media?: MediaRec; action?: Api.TypeMessageAction }, options: MessageOptions, origin?: unknown): MsgRec {
    this.entityCheck(peer)
    let from: FakePeer | undefined
    if (options.fromId !== undefined) {
      from = userPeer(this.userRec(BigInt(options.fromId)).id)
    } else if (options.out) {
      from = this.mePeer
    } else if (peer.kind === 'user') {
      from = peer
    } else if (peer.kind === 'chat') {
      const first = this.chatRec(peer.id).participantIds[0]
      from = first === undefined ? this.mePeer : userPeer(first)
    } else {
      const channel = this.channelRec(peer.id)
      const first = channel.memberIds[0]
      from = channel.megagroup ? (first === undefined ? this.mePeer : userPeer(first)) : undefined
    }
    const box = this.boxOf(peer)
    const msg: MsgRec = {
      id: box.nextId++,
      peer,
      from,
      out: options.out ?? from?.id === this.meId,
      date: options.date ?? this.now(),
      text: content.text,
      media: content.media,
      action: content.action,
      ord: ++this.ord,
    }
    box.byId.set(msg.id, msg)
    const history = this.histories.get(keyOf(peer)) ?? []
    history.push(msg)
    this.histories.set(keyOf(peer), history)
    this.dialog(peer)
    const pts = this.bump(box, { kind: 'new', ptsCount: 1, peer, id: msg.id })
    if (this.shortUpdates && !msg.media && !msg.action && peer.kind !== 'channel') {
      const common = { out: msg.out, id: msg.id, message: msg.text, pts, ptsCount: 1, date: msg.date }
      this.pushShort(peer.kind === 'user'
        ? new Api.UpdateShortMessage({ ...common, userId: long(peer.id) })
        : new Api.UpdateShortChatMessage({ ...common, fromId: long(msg.from?.id ?? this.meId), chatId: long(peer.id) }), origin)
      return msg
    }
    const message = this.apiMessage(msg)
    const update = peer.kind === 'channel'
      ? new Api.UpdateNewChannelMessage({ message, pts, ptsCount: 1 })
      : new Api.UpdateNewMessage({ message, pts, ptsCount: 1 })
    this.push([update], [peer, ...this.msgPeers(msg)], peer.kind !== 'channel', origin)
    return msg
  }

  private push(updates: Api.TypeUpdate[], peers: FakePeer[], account: boolean, origin?: unknown): void {
    if (!this.pushUpdates || !this.listeners.size) return
    const payload = new Api.Updates({ updates, ...this.entities(peers), date: this.now(), seq: account ? this.seq : 0 })
    for (const listener of [...this.listeners]) listener(payload, origin)
  }

  private pushShort(update: Api.UpdateShortMessage | Api.UpdateShortChatMessage, origin?: unknown): void {
    if (!this.pushUpdates) return
    for (const listener of [...this.listeners]) listener(update, origin)
  }

  /** Users/chats a message refers to besides its chat: the sender and users named by a service action. */
  private msgPeers(msg: MsgRec): FakePeer[] {
    const peers: FakePeer[] = msg.peer.kind === 'user' ? [msg.peer] : []
    if (msg.from) peers.push(msg.from)
    const action = msg.action
    const ids: unknown[] = []
    if (action instanceof Api.MessageActionChatAddUser || action instanceof Api.MessageActionChatCreate) ids.push(...action.users)
    if (action instanceof Api.MessageActionChatDeleteUser) ids.push(action.userId)
    if (action instanceof Api.MessageActionChatJoinedByLink) ids.push(action.inviterId)
    for (const id of ids) {
      const userId = toBigint(id as bigint)
      if (this.users.has(userId)) peers.push(userPeer(userId))
    }
    return peers
  }

  /** Deduplicated Api users and chats for peers. */
  private entities(peers: FakePeer[]): { users: Api.TypeUser[]; chats: Api.TypeChat[] } {
    const seen = new Set<string>()
    const users: Api.TypeUser[] = []
    const chats: Api.TypeChat[] = []
    for (const peer of peers) {
      const key = keyOf(peer)
      if (seen.has(key)) continue
      seen.add(key)
      if (peer.kind === 'user') users.push(this.apiUser(this.userRec(peer.id)))
      else if (peer.kind === 'chat') chats.push(this.apiChat(this.chatRec(peer.id)))
      else chats.push(this.apiChannel(this.channelRec(peer.id)))
    }
    return { users, chats }
  }

  /** Listed dialogs of a folder, in Telegram's order: pinned (last pinned first), then by last message. */
  private dialogList(folderId: number) {
    const list: { peer: FakePeer; dialog: DialogRec; top?: MsgRec; date: number; ord: number }[] = []
    for (const dialog of this.dialogs.values()) {
      if (dialog.folderId !== folderId) continue
      const history = this.historyOf(dialog.peer)
      const top = history[history.length - 1]
      if (!top && !dialog.explicit) continue
      const created = dialog.peer.kind === 'chat'
        ? this.chatRec(dialog.peer.id).date
        : dialog.peer.kind === 'channel' ? this.channelRec(dialog.peer.id).date : 0
      list.push({ peer: dialog.peer, dialog, top, date: top?.date ?? created, ord: top?.ord ?? 0 })
    }
    return list.sort((a, b) => {
      if (a.dialog.pinned !== b.dialog.pinned) return a.dialog.pinned ? -1 : 1
      if (a.dialog.pinned) return b.dialog.pinnedAt - a.dialog.pinnedAt
      return b.date - a.date || b.ord - a.ord
    })
  }

  private unreadCount(peer: FakePeer): number {
    const dialog = this.dialogs.get(keyOf(peer))
    if (dialog?.unreadCount !== undefined) return dialog.unreadCount
    const readUpTo = dialog?.readInboxMaxId ?? 0
    return this.historyOf(peer).filter((m) => !m.out && m.id > readUpTo).length
  }

  private readOutboxMaxId(peer: FakePeer): number {
    const dialog = this.dialogs.get(keyOf(peer))
    if (dialog?.readOutboxMaxId !== undefined) return dialog.readOutboxMaxId
    return this.historyOf(peer).reduce((max, m) => (m.out && m.id > max ? m.id : max), 0)
  }

  private notifySettings(dialog?: DialogRec): Api.PeerNotifySettings {
    return new Api.PeerNotifySettings(dialog?.muteUntil ? { muteUntil: dialog.muteUntil } : {})
  }

  private apiDialog(peer: FakePeer): Api.Dialog {
    const dialog = this.dialog(peer)
    const history = this.historyOf(peer)
    return new Api.Dialog({
      pinned: dialog.pinned,
      unreadMark: dialog.unreadMark,
      peer: this.apiPeer(peer),
      topMessage: history[history.length - 1]?.id ?? 0,
      readInboxMaxId: dialog.readInboxMaxId,
      readOutboxMaxId: this.readOutboxMaxId(peer),
      unreadCount: this.unreadCount(peer),
      unreadMentionsCount: 0,
      unreadReactionsCount: 0,
      notifySettings: this.notifySettings(dialog),
      pts: peer.kind === 'channel' ? this.channelRec(peer.id).box.pts : undefined,
      folderId: dialog.folderId || undefined,
    })
  }

  private apiUser(user: UserRec): Api.User {
    return new Api.User({
      self: user.id === this.meId,
      bot: user.bot,
      botInfoVersion: user.bot ? 1 : undefined,
      id: long(user.id),
      accessHash: long(user.accessHash),
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      phone: user.phone,
    })
  }

  private apiChat(chat: ChatRec): Api.Chat {
    return new Api.Chat({
      creator: true,
      id: long(chat.id),
      title: chat.title,
      photo: new Api.ChatPhotoEmpty(),
      participantsCount: chat.participantIds.length + 1,
      date: chat.date,
      version: 1,
    })
  }

  private apiChannel(channel: ChannelRec): Api.Channel {
    return new Api.Channel({
      broadcast: !channel.megagroup,
      megagroup: channel.megagroup,
      id: long(channel.id),
      accessHash: long(channel.accessHash),
      title: channel.title,
      username: channel.username,
      photo: new Api.ChatPhotoEmpty(),
      date: channel.date,
      participantsCount: channel.participantsCount,
    })
  }

  private apiMedia(media: MediaRec): Api.TypeMessageMedia {
    if (media.kind === 'photo') {
      return new Api.MessageMediaPhoto({
        photo: new Api.Photo({
          id: long(media.id),
          accessHash: long(media.accessHash),
          fileReference: media.fileReference,
          date: media.date,
          sizes: [new Api.PhotoSize({ type: 'y', w: media.w, h: media.h, size: media.bytes.length })],
          dcId: this.dcId,
        }),
      })
    }
    return new Api.MessageMediaDocument({
      document: new Api.Document({
        id: long(media.id),
        accessHash: long(media.accessHash),
        fileReference: media.fileReference,
        date: media.date,
        mimeType: media.mimeType,
        size: long(media.bytes.length),
        dcId: this.dcId,
        attributes: media.fileName ? [new Api.DocumentAttributeFilename({ fileName: media.fileName })] : [],
      }),
    })
  }

  private apiMessage(msg: MsgRec): Api.TypeMessage {
    const broadcast = msg.peer.kind === 'channel' && !this.channelRec(msg.peer.id).megagroup
    // Private chats carry no from_id; the chat (peer_id) is the other user, `out` tells the direction.
    const fromId = msg.peer.kind === 'user' || !msg.from ? undefined : this.apiPeer(msg.from)
    if (msg.action) {
      return new Api.MessageService({
        out: msg.out,
        post: broadcast,
        id: msg.id,
        fromId,
        peerId: this.apiPeer(msg.peer),
        date: msg.date,
        action: msg.action,
      })
    }
    return new Api.Message({
      out: msg.out,
      post: broadcast,
      id: msg.id,
      fromId,
      peerId: this.apiPeer(msg.peer),
      date: msg.date,
      message: msg.text,
      media: msg.media ? this.apiMedia(msg.media) : undefined,
      editDate: msg.editDate,
    })
  }

  private tryInputUser(input: Api.TypeInputUser): UserRec | undefined {
    if (input instanceof Api.InputUserSelf) return this.meRec
    if (input instanceof Api.InputUser) {
      const user = this.users.get(toBigint(input.userId))
      return user && (user.id === this.meId || user.accessHash === toBigint(input.accessHash)) ? user : undefined
    }
    if (input instanceof Api.InputUserFromMessage) return this.users.get(toBigint(input.userId))
    return undefined
  }

  /** The peer an InputPeer names, checking access hashes as Telegram does. */
  resolveInputPeer(input: Api.TypeInputPeer): FakePeer {
    if (input instanceof Api.InputPeerSelf) return this.mePeer
    if (input instanceof Api.InputPeerUser) {
      const user = this.users.get(toBigint(input.userId))
      if (!user || (user.id !== this.meId && user.accessHash !== toBigint(input.accessHash))) throw rpcError(400, 'PEER_ID_INVALID')
      return userPeer(user.id)
    }
    if (input instanceof Api.InputPeerChat) {
      if (!this.chats.has(toBigint(input.chatId))) throw rpcError(400, 'PEER_ID_INVALID')
      return chatPeer(toBigint(input.chatId))
    }
    if (input instanceof Api.InputPeerChannel) {
      const channel = this.channels.get(toBigint(input.channelId))
      if (!channel || channel.accessHash !== toBigint(input.accessHash)) throw rpcError(400, 'CHANNEL_INVALID')
      return channelPeer(channel.id)
    }
    if (input instanceof Api.InputPeerUserFromMessage && this.users.has(toBigint(input.userId))) {
      return userPeer(toBigint(input.userId))
    }
    if (input instanceof Api.InputPeerChannelFromMessage && this.channels.has(toBigint(input.channelId))) {
      return channelPeer(toBigint(input.channelId))
    }
    throw rpcError(400, 'PEER_ID_INVALID')
  }

  private resolveInputChannel(input: Api.TypeInputChannel): ChannelRec {
    if (input instanceof Api.InputChannel) {
      const channel = this.channels.get(toBigint(input.channelId))
      if (channel && channel.accessHash === toBigint(input.accessHash)) return channel
    } else if (input instanceof Api.InputChannelFromMessage) {
      const channel = this.channels.get(toBigint(input.channelId))
      if (channel) return channel
    }
    throw rpcError(400, 'CHANNEL_INVALID')
  }
}
