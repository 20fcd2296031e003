/**
 * A fake Stream Chat REST API on 127.0.0.1 for the real `stream-chat` server SDK
 * (`new StreamChat(apiKey, apiSecret, { baseURL })`). It serves the paths the SDK calls and
 * emulates what Stream enforces: server-JWT auth, ≤100 users per upsert and ≤100 members per
 * membership call, error code 4 naming users that don't exist, idempotent channel creation,
 * unique message ids, Stream's error JSON and rate-limit headers. Faults can be injected per call.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export type CallKind =
  | 'upsertUsers' | 'queryUsers' | 'createChannel' | 'queryChannel' | 'queryChannels' | 'updateChannel'
  | 'deleteChannel' | 'addMembers' | 'removeMembers' | 'assignRoles' | 'queryMembers' | 'sendMessage'
  | 'updateMessage' | 'deleteMessage' | 'getMessage' | 'other'

export interface FakeCall {
  method: string
  path: string
  query: Record<string, string>
  body: unknown
  at: number
  kind: CallKind
  /** Users upserted, members in a create, or members added/removed/re-roled. */
  count?: number
  /** HTTP status sent back (0 until the response is written, and when the connection was dropped unanswered). */
  status: number
  /** Served, but the connection was closed instead of answering (outage mode 'lose-response'). */
  lost?: boolean
}
export interface Fault { status: number; code?: number; message?: string; headers?: Record<string, string> }
export interface FakeMember { user_id: string; channel_role: string; role: string; created_at: string; updated_at: string }
export type FakeMessage = Record<string, unknown> & {
  id: string; text: string; user_id: string; type: string; cid: string; created_at: string; updated_at: string; deleted_at?: string
}
export interface FakeChannel {
  type: string; id: string; cid: string; created_by_id: string; created_at: string; updated_at: string
  /** Custom channel data (everything in `data` except members and created_by). */
  data: Record<string, unknown>
  members: Map<string, FakeMember>
  messages: Map<string, FakeMessage>
}
export type WebhookType = 'message.new' | 'message.updated' | 'message.deleted'
export interface WebhookInput {
  cid: string
  message: Partial<FakeMessage> & { id: string }
  user: Record<string, unknown> & { id: string }
}

/**
 * How the fake misbehaves while "down" but still listening:
 * - 'unavailable': every call gets HTTP 503 with a load balancer's plain-text body (not Stream JSON);
 * - 'drop': every connection is closed without an answer (the SDK sees a socket hang up);
 * - 'lose-response': every call is served — state changes — but the answer never arrives.
 */
export type OutageMode = 'drop' | 'lose-response' | 'unavailable'

export interface FakeStream {
  baseURL: string
  apiKey: string
  apiSecret: string
  users: Map<string, Record<string, unknown>>
  channels: Map<string, FakeChannel>
  calls: FakeCall[]
  /** e.g. ['upsertUsers:100', 'createChannel:100', 'addMembers:50', 'sendMessage']. */
  callSummary(): string[]
  clearCalls(): void
  /** The next `times` calls of `kind` ('*': any kind) get this error instead of being served. */
  failNext(kind: CallKind | '*', fault: Fault, times?: number): void
  deleteUserBehindOurBack(userId: string): void
  removeMemberBehindOurBack(cid: string, userId: string): void
  /** Misbehaves as `mode` says for every call (or only calls of `kinds`) until called with null (see `OutageMode`). */
  outage(mode: OutageMode | null, kinds?: CallKind[]): void
  /** "Stream is down": stops listening (connection refused) until called with false. Same port. */
  refuseConnections(on: boolean): Promise<void>
  /** Hex HMAC-SHA256 of the raw body with the API secret: Stream's `X-Signature` header. */
  signWebhook(rawBody: string): string
  webhookEvent(type: WebhookType, input: WebhookInput): Record<string, unknown>
  stop(): Promise<void>
}

/** An error as Stream reports it; `detail` is wrapped as `<Operation> failed with error: "<detail>"`. */
class StreamError extends Error {
  constructor(readonly status: number, readonly code: number, readonly detail: string, readonly raw = false) {
    super(detail)
  }
}
const inputError = (detail: string) => new StreamError(400, 4, detail)
const notFound = (detail: string) => new StreamError(404, 16, detail)
const defaultCodes: Record<number, [number, string]> = {
  401: [5, 'authentication failed'],
  403: [17, 'not allowed'],
  404: [16, 'not found'],
  429: [9, 'Too many requests, check response headers for more information.'],
}

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const now = () => new Date().toISOString()
const maxBatch = 100
const channelRoles = new Set(['channel_member', 'channel_moderator'])
const validUserId = /^[\w@-]{1,255}$/
/** Stream's wording for channel create/update (verified); for messages the same template is assumed. */
const missingUsers = (operation: string, ids: string[]) =>
  inputError(
    `The following users are involved in ${operation} operation, but don't exist: [${ids.join(' ')}].` +
      (operation.startsWith('channel') ? ' Please create the user objects before setting up the channel.' : ''),
  )
const omit = (value: Json, keys: string[]): Json => Object.fromEntries(Object.entries(value).filter(([k]) => !keys.includes(k)))
/** The acting user of a message payload: `user_id`, or `user.id`. */
const senderOf = (input: Json) =>
  typeof input.user_id === 'string' ? input.user_id : isObject(input.user) ? String(input.user.id) : undefined
/** Members as the SDK sends them: ids, or `{ user_id, channel_role? }` objects. */
const asMembers = (list: unknown): { user_id: string; channel_role?: string }[] =>
  (Array.isArray(list) ? list : []).map((m) => {
    if (!isObject(m)) return { user_id: String(m) }
    const role = typeof m.channel_role === 'string' ? { channel_role: m.channel_role } : {}
    return { user_id: String(m.user_id ?? (isObject(m.user) ? m.user.id : '')), ...role }
  })
const atMost = (field: string, items: unknown[]) => {
  if (items.length > maxBatch) throw inputError(`${field} must contain at maximum ${maxBatch} items`)
}

/** Stream's filter language, the part these flows use: equality, $eq, $ne, $in, $nin, $and, $or. */
const matches = (get: (field: string) => unknown, filter: Json): boolean =>
  Object.entries(filter).every(([field, cond]) => {
    if (field === '$and' || field === '$or') {
      const parts = Array.isArray(cond) ? cond.filter(isObject) : []
      return field === '$and' ? parts.every((f) => matches(get, f)) : parts.some((f) => matches(get, f))
    }
    const actual = get(field)
    const is = (v: unknown) => (Array.isArray(actual) ? actual.includes(v) : actual === v)
    if (!isObject(cond)) return is(cond)
    return Object.entries(cond).every(([op, v]) => {
      const list = Array.isArray(v) ? v : []
      if (op === '$eq') return is(v)
      if (op === '$ne') return !is(v)
      if (op === '$in') return list.some(is)
      if (op === '$nin') return !list.some(is)
      throw inputError(`operator ${op} is not supported for field ${field}`)
    })
  })

export const startFakeStream = async (options: { apiKey?: string; apiSecret?: string } = {}): Promise<FakeStream> => {
  const apiKey = options.apiKey ?? 'fake-key'
  const apiSecret = options.apiSecret ?? 'fake-secret-for-tests'
  const users = new Map<string, Json>()
  const channels = new Map<string, FakeChannel>()
  const calls: FakeCall[] = []
  const faults: { kind: CallKind | '*'; fault: Fault; times: number }[] = []
  let outageMode: OutageMode | null = null
  let outageKinds: CallKind[] | undefined

  // ── responses ──
  const userOut = (id: string): Json => ({ banned: false, online: false, teams: [], ...(users.get(id) ?? { id }) })
  const memberOut = (m: FakeMember) => ({
    ...m, user: userOut(m.user_id), status: 'member', banned: false, shadow_banned: false, notifications_muted: false,
  })
  const messageOut = (m: FakeMessage) => {
    const { user_id, ...rest } = m
    return {
      html: m.type === 'deleted' ? '' : `<p>${m.text}</p>\n`, attachments: [], latest_reactions: [], own_reactions: [],
      reaction_counts: {}, reaction_scores: {}, reply_count: 0, mentioned_users: [], silent: false, pinned: false,
      shadowed: false, ...rest, user: userOut(user_id),
    }
  }
  const channelOut = (c: FakeChannel) => ({
    ...c.data, id: c.id, type: c.type, cid: c.cid, created_at: c.created_at, updated_at: c.updated_at,
    created_by: userOut(c.created_by_id), frozen: false, disabled: false, hidden: false, member_count: c.members.size,
    config: { name: c.type, typing_events: true, read_events: true, connect_events: true, search: true, reactions: true,
      replies: true, mutes: true, uploads: true, url_enrichment: true, max_message_length: 5000, automod: 'disabled',
      message_retention: 'infinite', commands: [] },
  })
  const channelState = (c: FakeChannel) => ({
    channel: channelOut(c), members: [...c.members.values()].slice(0, 100).map(memberOut),
    messages: [...c.messages.values()].slice(-25).map(messageOut), pinned_messages: [], read: [], watchers: [],
    watcher_count: 0, threads: [],
  })

  // ── state helpers ──
  const unknownUsers = (ids: string[]) => [...new Set(ids)].filter((id) => !users.has(id))
  const channelOr404 = (type: string, id: string) => {
    const c = channels.get(`${type}:${id}`)
    if (!c) throw notFound(`Can't find channel with id ${type}:${id}`)
    return c
  }
  const findMessage = (id: string) => {
    for (const c of channels.values()) {
      const m = c.messages.get(id)
      if (m) return { channel: c, message: m }
    }
    return undefined
  }
  const checkRoles = (list: { channel_role?: string }[]) => {
    for (const { channel_role: role } of list) {
      if (role && !channelRoles.has(role)) throw inputError(`channel_role "${role}" does not exist`)
    }
  }
  const putMember = (c: FakeChannel, userId: string, channelRole?: string) => {
    const existing = c.members.get(userId)
    const channel_role = channelRole ?? existing?.channel_role ?? 'channel_member'
    const role = userId === c.created_by_id ? 'owner' : channel_role === 'channel_moderator' ? 'moderator' : 'member'
    c.members.set(userId, { user_id: userId, channel_role, role, created_at: existing?.created_at ?? now(), updated_at: now() })
  }
  const addMessage = (c: FakeChannel, input: Json) => {
    const userId = senderOf(input)
    if (!userId) throw inputError('either message.user or message.user_id must be provided when using server side auth.')
    if (!users.has(userId)) throw missingUsers('message send', [userId])
    const id = typeof input.id === 'string' && input.id ? input.id : randomUUID()
    if (findMessage(id)) throw inputError(`a message with ID ${id} already exists`)
    const custom = omit(input, ['user', 'user_id', 'html', 'created_at', 'updated_at', 'deleted_at'])
    const at = now()
    const text = String(input.text ?? '')
    const message: FakeMessage = { type: 'regular', ...custom, id, text, user_id: userId, cid: c.cid, created_at: at, updated_at: at }
    c.messages.set(id, message)
    return message
  }

  // ── routes ──
  interface Ctx { params: string[]; query: Record<string, string>; body: Json }
  interface Route { method: string; path: RegExp; op: string; kind: (ctx: Ctx) => [CallKind, number?]; handle: (ctx: Ctx) => Json }
  const payloadOf = (ctx: Ctx): Json => {
    try {
      const parsed: unknown = JSON.parse(ctx.query.payload ?? '{}')
      if (isObject(parsed)) return parsed
    } catch { /* falls through */ }
    throw inputError('payload is not valid JSON')
  }
  const page = <T>(items: T[], p: Json, defaultLimit: number) => {
    const offset = Number(p.offset ?? 0)
    return items.slice(offset, offset + Number(p.limit ?? defaultLimit))
  }
  const routes: Route[] = [
    { method: 'POST', path: /^\/users$/, op: 'UpdateUsers',
      kind: ({ body }) => ['upsertUsers', isObject(body.users) ? Object.keys(body.users).length : 0],
      handle: ({ body }) => {
        if (!isObject(body.users)) throw inputError('users is a required field')
        const list = Object.entries(body.users)
        atMost('users', list)
        for (const [key, u] of list) {
          if (!isObject(u) || u.id !== key) throw inputError(`users[${key}].id must match its key`)
          if (!validUserId.test(key)) throw inputError(`user_id "${key}" is not valid: allowed characters are a-z, 0-9, @, _ and -`)
        }
        const out: Json = {}
        for (const [id, u] of list as [string, Json][]) {
          const existing = users.get(id)
          const role = u.role ?? existing?.role ?? 'user'
          users.set(id, { ...u, id, role, created_at: existing?.created_at ?? now(), updated_at: now() })
          out[id] = userOut(id)
        }
        return { users: out }
      } },
    { method: 'GET', path: /^\/users$/, op: 'QueryUsers', kind: () => ['queryUsers'],
      handle: (ctx) => {
        const p = payloadOf(ctx)
        const filter = isObject(p.filter_conditions) ? p.filter_conditions : {}
        const found = [...users.keys()].filter((id) => matches((f) => users.get(id)?.[f], filter))
        return { users: page(found, p, 30).map(userOut) }
      } },
    { method: 'POST', path: /^\/channels$/, op: 'QueryChannels', kind: () => ['queryChannels'],
      handle: ({ body }) => {
        if (Number(body.limit ?? 10) > 30) throw inputError('limit must be less than or equal to 30')
        const filter = isObject(body.filter_conditions) ? body.filter_conditions : {}
        const get = (c: FakeChannel) => (f: string) =>
          f === 'members' ? [...c.members.keys()] : f in c && f !== 'data' ? (c as unknown as Json)[f] : c.data[f]
        return { channels: page([...channels.values()].filter((c) => matches(get(c), filter)), body, 10).map(channelState) }
      } },
    { method: 'POST', path: /^\/channels\/([^/]+)\/([^/]+)\/query$/, op: 'GetOrCreateChannel',
      // channel.create() sends state: false; query() and watch() send state: true.
      kind: ({ body }) =>
        body.state === false ? ['createChannel', asMembers(isObject(body.data) ? body.data.members : []).length] : ['queryChannel'],
      handle: ({ params: [type = '', id = ''], body }) => {
        const cid = `${type}:${id}`
        const existing = channels.get(cid)
        if (existing) return channelState(existing) // data (members included) is ignored for an existing channel
        if (id.length > 64) throw inputError('channel id must be at most 64 characters')
        const { members: rawMembers, created_by, created_by_id, ...custom } = isObject(body.data) ? body.data : {}
        const creator = typeof created_by_id === 'string' ? created_by_id : isObject(created_by) ? String(created_by.id) : undefined
        if (!creator) throw inputError('either data.created_by or data.created_by_id must be provided when using server side auth.')
        const members = asMembers(rawMembers)
        atMost('data.members', members)
        checkRoles(members)
        const missing = unknownUsers([...members.map((m) => m.user_id), creator])
        if (missing.length) throw missingUsers('channel create', missing)
        const at = now()
        const channel: FakeChannel = {
          type, id, cid, created_by_id: creator, created_at: at, updated_at: at, data: custom, members: new Map(), messages: new Map(),
        }
        for (const m of members) putMember(channel, m.user_id, m.channel_role)
        channels.set(cid, channel)
        return channelState(channel)
      } },
    { method: 'POST', path: /^\/channels\/([^/]+)\/([^/]+)$/, op: 'UpdateChannel',
      kind: ({ body }) => {
        const n = (v: unknown) => (Array.isArray(v) ? v.length : 0)
        if (body.add_members) return ['addMembers', n(body.add_members)]
        if (body.remove_members) return ['removeMembers', n(body.remove_members)]
        if (body.assign_roles || body.add_moderators || body.demote_moderators) {
          return ['assignRoles', n(body.assign_roles) + n(body.add_moderators) + n(body.demote_moderators)]
        }
        return ['updateChannel']
      },
      handle: ({ params: [type = '', id = ''], body }) => {
        const c = channelOr404(type, id)
        const add = asMembers(body.add_members)
        const remove = Array.isArray(body.remove_members) ? body.remove_members.map(String) : []
        const roles = [
          ...asMembers(body.assign_roles),
          ...asMembers(body.add_moderators).map((m) => ({ user_id: m.user_id, channel_role: 'channel_moderator' })),
          ...asMembers(body.demote_moderators).map((m) => ({ user_id: m.user_id, channel_role: 'channel_member' })),
        ]
        atMost('add_members', add)
        atMost('remove_members', remove)
        atMost('assign_roles', roles)
        checkRoles([...add, ...roles])
        const missing = unknownUsers(add.map((m) => m.user_id))
        if (missing.length) throw missingUsers('channel update', missing)
        const strangers = roles.filter((r) => !c.members.has(r.user_id)).map((r) => r.user_id)
        if (strangers.length) throw inputError(`cannot assign roles to users who are not members: [${strangers.join(' ')}]`)
        const message = isObject(body.message) ? addMessage(c, body.message) : undefined
        for (const m of add) putMember(c, m.user_id, m.channel_role)
        for (const userId of remove) c.members.delete(userId)
        for (const r of roles) putMember(c, r.user_id, r.channel_role)
        if (isObject(body.data)) {
          const { members: _m, created_by: _c, created_by_id: _i, ...custom } = body.data
          c.data = custom
        }
        c.updated_at = now()
        const members = [...c.members.values()].slice(0, 100).map(memberOut)
        return { channel: channelOut(c), members, ...(message ? { message: messageOut(message) } : {}) }
      } },
    { method: 'DELETE', path: /^\/channels\/([^/]+)\/([^/]+)$/, op: 'DeleteChannel', kind: () => ['deleteChannel'],
      handle: ({ params: [type = '', id = ''] }) => {
        const c = channelOr404(type, id)
        channels.delete(c.cid)
        return { channel: { ...channelOut(c), deleted_at: now() } }
      } },
    { method: 'POST', path: /^\/channels\/([^/]+)\/([^/]+)\/message$/, op: 'SendMessage', kind: () => ['sendMessage'],
      handle: ({ params: [type = '', id = ''], body }) => {
        const c = channelOr404(type, id)
        if (!isObject(body.message)) throw inputError('message is a required field')
        return { message: messageOut(addMessage(c, body.message)) }
      } },
    { method: 'GET', path: /^\/members$/, op: 'QueryMembers', kind: () => ['queryMembers'],
      handle: (ctx) => {
        const p = payloadOf(ctx)
        if (typeof p.type !== 'string' || typeof p.id !== 'string') throw inputError('type and id are required')
        const c = channelOr404(p.type, p.id)
        const filter = isObject(p.filter_conditions) ? p.filter_conditions : {}
        const get = (m: FakeMember) => (f: string) =>
          f === 'id' || f === 'user_id' ? m.user_id : f in m ? (m as unknown as Json)[f] : users.get(m.user_id)?.[f]
        return { members: page([...c.members.values()].filter((m) => matches(get(m), filter)), p, 100).map(memberOut) }
      } },
    { method: 'GET', path: /^\/messages\/([^/]+)$/, op: 'GetMessage', kind: () => ['getMessage'],
      handle: ({ params: [id = ''] }) => {
        const found = findMessage(id)
        if (!found) throw notFound(`message with id ${id} not found`)
        return { message: messageOut(found.message) }
      } },
    { method: 'POST', path: /^\/messages\/([^/]+)$/, op: 'UpdateMessage', kind: () => ['updateMessage'],
      handle: ({ params: [id = ''], body }) => {
        const found = findMessage(id)
        if (!found) throw notFound(`message with id ${id} not found`)
        const input = isObject(body.message) ? body.message : {}
        const userId = senderOf(input)
        if (userId && !users.has(userId)) throw missingUsers('message update', [userId])
        const reserved = ['id', 'user', 'user_id', 'cid', 'type', 'html', 'created_at', 'updated_at', 'deleted_at', 'pinned', 'mentioned_users']
        Object.assign(found.message, omit(input, reserved), { updated_at: now() })
        return { message: messageOut(found.message) }
      } },
    { method: 'DELETE', path: /^\/messages\/([^/]+)$/, op: 'DeleteMessage', kind: () => ['deleteMessage'],
      handle: ({ params: [id = ''], query }) => {
        const found = findMessage(id)
        if (!found) throw notFound(`message with id ${id} not found`)
        const at = now()
        if (query.hard === 'true') found.channel.messages.delete(id)
        else Object.assign(found.message, { type: 'deleted', deleted_at: at, updated_at: at })
        return { message: messageOut({ ...found.message, type: 'deleted', deleted_at: found.message.deleted_at ?? at }) }
      } },
  ]

  // ── auth: api_key query param + raw HS256 JWT {"server":true} in Authorization ──
  const authError = (req: IncomingMessage, query: Record<string, string>): StreamError | undefined => {
    if (query.api_key !== apiKey) return new StreamError(401, 2, `api_key not valid: "${query.api_key ?? ''}"`, true)
    const token = req.headers.authorization ?? ''
    if (req.headers['stream-auth-type'] !== 'jwt' || !token) return new StreamError(401, 5, 'JWTAuth error: token is missing', true)
    const [head = '', claims = '', signature = ''] = token.split('.')
    const expected = createHmac('sha256', apiSecret).update(`${head}.${claims}`).digest()
    const given = Buffer.from(signature, 'base64url')
    let header: unknown, payload: unknown
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString())
      payload = JSON.parse(Buffer.from(claims, 'base64url').toString())
    } catch {
      return new StreamError(401, 43, 'JWTAuth error: token is malformed', true)
    }
    if (!isObject(header) || header.alg !== 'HS256' || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const detail = `signature is not valid. Make sure the token is created using the secret for API key "${apiKey}"`
      return new StreamError(401, 43, `JWTAuth error: ${detail}`, true)
    }
    if (!isObject(payload) || payload.server !== true) {
      return new StreamError(401, 5, 'JWTAuth error: this endpoint requires a server-side token ({"server":true})', true)
    }
    return undefined
  }

  const send = (res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}, started = performance.now()) => {
    const reset = String(Math.ceil(Date.now() / 1000) + 60)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      // No keep-alive: every call dials anew, so "down" is a clean ECONNREFUSED, not a reset socket.
      connection: 'close',
      'x-ratelimit-limit': '10000', 'x-ratelimit-remaining': '9999', 'x-ratelimit-reset': reset,
      ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    })
    res.end(JSON.stringify({ ...body, duration: `${(performance.now() - started).toFixed(2)}ms` }))
  }
  const errorBody = (e: StreamError, op: string) => ({
    code: e.code, message: e.raw ? e.detail : `${op} failed with error: "${e.detail}"`, exception_fields: {},
    StatusCode: e.status, more_info: 'https://getstream.io/chat/docs/api_errors_response', details: [],
  })

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now()
    const url = new URL(req.url ?? '/', 'http://fake')
    const query = Object.fromEntries(url.searchParams)
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    let body: Json = {}
    let badJson = false
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {}
      if (isObject(parsed)) body = parsed
    } catch {
      badJson = true
    }
    const method = req.method ?? 'GET'
    let params: string[] = []
    const route = routes.find((r) => {
      const m = r.method === method ? r.path.exec(url.pathname) : null
      if (m) params = m.slice(1).map(decodeURIComponent)
      return Boolean(m)
    })
    const ctx: Ctx = { params, query, body }
    let kind: CallKind = 'other'
    let count: number | undefined
    try {
      if (route) [kind, count] = route.kind(ctx)
    } catch { /* an undecidable kind stays 'other' */ }
    const recordedBody = raw ? (badJson ? raw : body) : undefined
    const call: FakeCall = { method, path: url.pathname, query, body: recordedBody, at: Date.now(), kind, ...(count === undefined ? {} : { count }), status: 0 }
    calls.push(call)
    const mode = outageKinds && !outageKinds.includes(kind) ? null : outageMode
    const reply = (status: number, out: Json, headers?: Record<string, string>) => {
      call.status = status
      if (mode === 'lose-response') {
        call.lost = true
        res.socket?.destroy()
        return
      }
      send(res, status, out, headers, started)
    }
    if (mode === 'drop') return void res.socket?.destroy()
    if (mode === 'unavailable') {
      call.status = 503
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', 'retry-after': '30' })
      return void res.end('503 Service Unavailable: no healthy upstream')
    }

    const op = route?.op ?? 'Unknown'
    const denied = authError(req, query)
    if (denied) return reply(denied.status, errorBody(denied, op))
    const injected = faults.find((f) => f.kind === kind || f.kind === '*')
    if (injected) {
      if (--injected.times <= 0) faults.splice(faults.indexOf(injected), 1)
      const { status, headers } = injected.fault
      const code = injected.fault.code ?? defaultCodes[status]?.[0] ?? -1
      const message = injected.fault.message ?? defaultCodes[status]?.[1] ?? 'internal system error'
      return reply(status, errorBody(new StreamError(status, code, message, true), op), headers)
    }
    if (!route) return reply(404, errorBody(new StreamError(404, 16, `no route for ${method} ${url.pathname}`, true), op))
    if (badJson) return reply(400, errorBody(inputError('request body is not valid JSON'), op))
    try {
      reply(201, route.handle(ctx))
    } catch (error) {
      if (!(error instanceof StreamError)) throw error
      reply(error.status, errorBody(error, op))
    }
  }

  // ── server lifecycle ──
  const sockets = new Set<Socket>()
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { code: -1, message: String(error), StatusCode: 500 })
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve((server.address() as AddressInfo).port)
      })
    })
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve()
      server.close(() => resolve())
      for (const socket of sockets) socket.destroy()
    })
  const port = await listen(0)
  let refusing = false

  return {
    baseURL: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    users,
    channels,
    calls,
    callSummary: () => calls.map((c) => (c.count === undefined ? c.kind : `${c.kind}:${c.count}`)),
    clearCalls: () => void calls.splice(0),
    outage: (mode, kinds) => {
      outageMode = mode
      outageKinds = mode ? kinds : undefined
    },
    failNext: (kind, fault, times = 1) => void faults.push({ kind, fault, times }),
    deleteUserBehindOurBack: (userId) => {
      users.delete(userId)
      for (const c of channels.values()) c.members.delete(userId)
    },
    removeMemberBehindOurBack: (cid, userId) => void channels.get(cid)?.members.delete(userId),
    refuseConnections: async (on) => {
      if (on === refusing) return
      refusing = on
      if (on) await close()
      else await listen(port)
    },
    signWebhook: (rawBody) => createHmac('sha256', apiSecret).update(rawBody, 'utf8').digest('hex'),
    webhookEvent: (type, { cid, message, user }) => {
      const [channelType = '', channelId = ''] = cid.split(':')
      const stored = findMessage(message.id)?.message
      const at = now()
      const deleted = type === 'message.deleted'
      const { user_id: _u, ...fields } = { ...stored, ...message }
      const event: Json = {
        type, cid, channel_id: channelId, channel_type: channelType, message_id: message.id,
        message: {
          text: '', created_at: at, updated_at: at, ...fields, id: message.id, cid, user,
          type: deleted ? 'deleted' : (fields.type ?? 'regular'),
          ...(deleted ? { deleted_at: fields.deleted_at ?? at } : {}),
        },
        user, watcher_count: 0, created_at: at,
      }
      if (deleted) event.hard_delete = false
      return event
    },
    stop: close,
  }
}
