import type { ChatMessage } from '../src/contract'

/**
 * An in-memory stand-in for the Switchboard chat endpoints, speaking their contract (paths,
 * status codes, error bodies, cursors, idempotent sends) through a `fetch` function, plus a fake
 * `EventSource` the server pushes events into. Tests drive the widget against it the way the
 * real server would answer, and can break the network or the next answers on purpose.
 */

export const validToken = `sbt_${'a'.repeat(43)}`

interface User {
  id: number
  email: string
  password: string
  displayName: string | null
}

interface Session {
  conversationId: number
  expired?: boolean
  /** Ended for good (by staff or the widget): refused, and not resumed. */
  revoked?: boolean
}

export interface RecordedRequest {
  method: string
  path: string
  query: URLSearchParams
  body: Record<string, unknown> | undefined
  authorization: string | null
}

interface Failure {
  path: string
  method?: string
  status: number
  message?: string
  headers?: Record<string, string>
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
const error = (status: number, message: string, headers?: Record<string, string>) => json(status, { errors: [{ message }] }, headers)

export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static instances: FakeEventSource[] = []

  readonly url: string
  readyState = FakeEventSource.CONNECTING
  onopen: ((event: Event) => void) | null = null
  onerror: ((event: Event) => void) | null = null

  constructor(url: string) {
    super()
    this.url = url
    FakeEventSource.instances.push(this)
  }

  get session(): string | null {
    return new URL(this.url).searchParams.get('session')
  }

  get lastEventId(): string | null {
    return new URL(this.url).searchParams.get('lastEventId')
  }

  open(): void {
    this.readyState = FakeEventSource.OPEN
    this.onopen?.(new Event('open'))
  }

  emit(type: string, data: string, id: string): void {
    if (this.readyState === FakeEventSource.CLOSED) return
    this.dispatchEvent(new MessageEvent(type, { data, lastEventId: id }))
  }

  /** A failed connection: `closed` as after an HTTP error (no automatic retry), else the browser retries by itself. */
  fail(closed: boolean): void {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING
    this.onerror?.(new Event('error'))
  }

  close(): void {
    this.readyState = FakeEventSource.CLOSED
  }

  static get latest(): FakeEventSource | undefined {
    return FakeEventSource.instances.at(-1)
  }

  static get live(): FakeEventSource[] {
    return FakeEventSource.instances.filter((s) => s.readyState !== FakeEventSource.CLOSED)
  }
}

export class FakeChatServer {
  readonly base = 'http://chat.test'
  readonly tokens = new Map<string, 'ok' | 'expired'>([[validToken, 'ok']])
  readonly sessions = new Map<string, Session>()
  readonly messages: (ChatMessage & { conversationId: number })[] = []
  readonly owners = new Map<number, number>()
  readonly users: User[] = []
  readonly requests: RecordedRequest[] = []
  /** Attachments by id: the file and its conversation. */
  readonly attachments = new Map<number, { file: File; conversationId: number }>()
  /** The assigned staff member's name that `GET /api/chat/messages` reports (null: unassigned). */
  agent: string | null = null
  /** Staff read the customer's messages up to this time (`seenAt` of `GET /api/chat/messages`). */
  seenAt: string | null = null
  /** Every fetch rejects, as without a network. */
  offline = false
  /** The plugin's `chat.maxMessageLength`, sent with every session. */
  maxMessageLength = 4000
  /** Messages POSTed while set are stored, but the answer is lost (the fetch rejects). */
  loseAnswers = false
  /** A pending promise holds the answers to message POSTs until it settles. */
  holdSends?: Promise<void>
  private failures: Failure[] = []
  private nextId = 1
  private nextConversation = 1
  private nextEvent = 1

  /** Answers the next request to `path` (and `method`) with this error instead. */
  failNext(failure: Failure): void {
    this.failures.push(failure)
  }

  sent(path: string, method = 'POST'): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path && r.method === method)
  }

  conversationOf(sessionToken: string | null | undefined): number | undefined {
    return sessionToken ? this.sessions.get(sessionToken)?.conversationId : undefined
  }

  /** A message written by staff (or anything else): stored and pushed to the open streams. */
  addMessage(conversationId: number, fields: Partial<ChatMessage>, push = true): ChatMessage {
    const message = {
      id: this.nextId++,
      text: 'Hello',
      sentAt: new Date(Date.UTC(2026, 0, 1, 12, 0, this.nextId)).toISOString(),
      editedAt: null,
      deletedAt: null,
      direction: 'out' as const,
      senderName: 'Sam from Support',
      clientMessageId: null,
      ...fields,
      conversationId,
    }
    this.messages.push(message)
    if (push) this.push('message', message)
    return this.view(message)
  }

  editMessage(id: number, fields: Partial<ChatMessage>, event: 'message-updated' | 'message-deleted' = 'message-updated'): void {
    const message = this.messages.find((m) => m.id === id)!
    Object.assign(message, fields)
    this.push(event, message)
  }

  /**
   * Ends a session as the server does: `revoked` for good (staff, or the widget itself), else
   * expired (renewable with resume); its open streams get `session-ended` and close.
   */
  endSession(sessionToken: string, how: 'expired' | 'revoked', message = 'This chat session was ended. Reopen the chat to start again.'): void {
    const session = this.sessions.get(sessionToken)!
    if (how === 'revoked') session.revoked = true
    else session.expired = true
    for (const source of FakeEventSource.live) {
      if (source.session === sessionToken) {
        source.emit('session-ended', JSON.stringify({ message }), '')
        source.close()
      }
    }
  }

  push(event: string, message: ChatMessage & { conversationId: number }): void {
    const id = `${Date.now()}-${this.nextEvent++}`
    for (const source of FakeEventSource.live) {
      if (this.conversationOf(source.session) === message.conversationId) source.emit(event, JSON.stringify(this.view(message)), id)
    }
  }

  /** An event without an id (`typing`, `seen`) to the streams of a conversation, as the server sends them. */
  signal(conversationId: number, event: 'seen' | 'typing', data: Record<string, unknown>): void {
    for (const source of FakeEventSource.live) {
      if (this.conversationOf(source.session) === conversationId) source.emit(event, JSON.stringify(data), '')
    }
  }

  private view({ conversationId: _, ...message }: ChatMessage & { conversationId: number }): ChatMessage {
    return { ...message, text: message.deletedAt ? null : message.text }
  }

  private newSession(conversationId: number): Response {
    const sessionToken = `sbs_${crypto.randomUUID()}`
    this.sessions.set(sessionToken, { conversationId })
    return json(201, { sessionToken, conversationId, expiresAt: new Date(Date.now() + 86_400_000).toISOString(), limits: { maxMessageLength: this.maxMessageLength } })
  }

  private userOf(authorization: string | null): User | undefined {
    const match = /^JWT (\d+)$/.exec(authorization ?? '')
    return match ? this.users.find((u) => u.id === Number(match[1])) : undefined
  }

  fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input))
    const method = init.method ?? 'GET'
    const headers = new Headers(init.headers)
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined
    const authorization = headers.get('authorization')
    this.requests.push({ method, path: url.pathname, query: url.searchParams, body, authorization })
    await Promise.resolve()
    if (this.offline) throw new TypeError('Failed to fetch')
    const failure = this.failures.findIndex((f) => f.path === url.pathname && (!f.method || f.method === method))
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1)
      return error(f!.status, f!.message ?? 'Failure', f!.headers)
    }
    const route = `${method} ${url.pathname}`
    const session = /^Bearer (.+)$/.exec(authorization ?? '')?.[1]

    if (route === 'POST /api/chat/sessions') {
      const state = this.tokens.get(String(body?.token))
      if (!state) return error(404, 'This chat link is not valid. Ask the person who sent it for a new one.')
      if (state === 'expired') return error(410, 'This chat link has expired. Ask the person who sent it for a new one.')
      const previous = this.sessions.get(String(body?.resume))
      const resumed = previous && !previous.revoked ? previous.conversationId : undefined
      if (resumed !== undefined) {
        const owner = this.owners.get(resumed)
        if (owner !== undefined && this.userOf(authorization)?.id !== owner) {
          return error(403, 'This conversation belongs to a customer account. Log in to continue it.')
        }
        return this.newSession(resumed)
      }
      return this.newSession(this.nextConversation++)
    }

    if (route === 'GET /api/chat/messages' || route === 'POST /api/chat/messages') {
      const current = session ? this.sessions.get(session) : undefined
      if (!current || current.expired || current.revoked) return error(401, 'This chat session has expired.')
      const conversationId = current.conversationId
      if (method === 'GET') {
        const after = Number(url.searchParams.get('after') ?? 0)
        const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), 100)
        const page = this.messages.filter((m) => m.conversationId === conversationId && m.id > after).slice(0, limit)
        return json(200, {
          messages: page.map((m) => this.view(m)),
          cursor: page.length ? String(page.at(-1)!.id) : (url.searchParams.get('after') ?? null),
          agent: this.agent ? { name: this.agent } : null,
          seenAt: this.seenAt,
        })
      }
      const text = typeof body?.text === 'string' ? body.text.trim() : ''
      if (!text) return error(400, 'Write a message before sending.')
      if (text.length > this.maxMessageLength) return error(400, `A message can be at most ${this.maxMessageLength} characters; this one has ${text.length}.`)
      const clientMessageId = body?.clientMessageId
      if (typeof clientMessageId !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(clientMessageId)) return error(400, 'Bad clientMessageId')
      if (this.holdSends) await this.holdSends
      const earlier = this.messages.find((m) => m.conversationId === conversationId && m.clientMessageId === clientMessageId)
      if (earlier) return json(200, { message: this.view(earlier) })
      const message = this.addMessage(conversationId, { text, clientMessageId, direction: 'in', senderName: 'Visitor' })
      if (this.loseAnswers) throw new TypeError('Failed to fetch')
      return json(201, { message })
    }

    if (route === 'POST /api/chat/typing') {
      const current = session ? this.sessions.get(session) : undefined
      if (!current || current.expired || current.revoked) return error(401, 'This chat session has expired.')
      return new Response(null, { status: 204 })
    }

    if (route === 'POST /api/chat/attachments') {
      const current = session ? this.sessions.get(session) : undefined
      if (!current || current.expired || current.revoked) return error(401, 'This chat session has expired.')
      const file = (init.body as FormData).get('file') as File
      if (file.size > 10 * 1024 * 1024) return error(413, 'The file is larger than 10 MB, the most an attachment can be.')
      if (!/^(image\/(png|jpeg|gif|webp)|application\/pdf)$/.test(file.type)) {
        return error(415, 'This type of file cannot be attached. Attach PNG, JPEG, GIF, WebP or PDF.')
      }
      const id = this.attachments.size + 1
      this.attachments.set(id, { file, conversationId: current.conversationId })
      const attachment = { id, fileName: file.name, mimeType: file.type, size: file.size }
      return json(201, { message: this.addMessage(current.conversationId, { text: '', direction: 'in', senderName: 'Visitor', attachment }) })
    }

    const attachmentId = method === 'GET' ? /^\/api\/chat\/attachments\/(\d+)$/.exec(url.pathname)?.[1] : undefined
    if (attachmentId) {
      const current = session ? this.sessions.get(session) : undefined
      if (!current || current.expired || current.revoked) return error(401, 'This chat session has expired.')
      const stored = this.attachments.get(Number(attachmentId))
      if (!stored || stored.conversationId !== current.conversationId) return error(404, 'This attachment does not exist or is not part of your conversation.')
      return new Response(stored.file, { headers: { 'content-type': stored.file.type, 'x-content-type-options': 'nosniff' } })
    }

    if (route === 'DELETE /api/chat/sessions/current') {
      const current = session ? this.sessions.get(session) : undefined
      if (!current) return error(401, 'Send the chat session to end as "Authorization: Bearer <sessionToken>".')
      current.revoked = true
      return new Response(null, { status: 204 })
    }

    if (route === 'POST /api/users') {
      const email = String(body?.email)
      if (this.users.some((u) => u.email === email)) {
        return json(400, {
          errors: [{ name: 'ValidationError', message: 'The following field is invalid: email', data: { errors: [{ path: 'email', message: 'A user with the given email is already registered.' }] } }],
        })
      }
      const user = { id: this.users.length + 1, email, password: String(body?.password), displayName: (body?.displayName as string) ?? null }
      this.users.push(user)
      return json(201, { doc: { id: user.id, email }, message: 'Successfully created.' })
    }

    if (route === 'POST /api/users/login') {
      const user = this.users.find((u) => u.email === body?.email && u.password === body?.password)
      if (!user) return error(401, 'The email or password provided is incorrect.')
      return json(200, { token: String(user.id), user: { id: user.id, email: user.email } })
    }

    if (route === 'POST /api/users/logout') return json(200, { message: 'You have been logged out successfully.' })

    if (route === 'POST /api/chat/identify') {
      const user = this.userOf(authorization)
      if (!user) return error(401, 'Log in or create an account first, then try again.')
      const conversationId = this.conversationOf(body?.sessionToken as string)
      if (conversationId === undefined) return error(401, 'This chat session has expired.')
      const owner = this.owners.get(conversationId)
      if (owner !== undefined && owner !== user.id) {
        return error(409, 'This conversation belongs to another customer account. Log out and start a new chat.')
      }
      this.owners.set(conversationId, user.id)
      return json(200, { conversationId, customer: { id: user.id, email: user.email, displayName: user.displayName } })
    }

    if (route === 'POST /api/switchboard/telegram/verification') {
      if (!this.userOf(authorization)) return error(401, 'Log in first, then verify your Telegram account.')
      const code = 'sbv_' + 'c'.repeat(27)
      return json(201, { code, url: `https://t.me/acme_bot?start=${code}`, instructions: 'Open the link and press Start in the chat with @acme_bot within 10 minutes.' })
    }

    return error(404, `No route ${route}`)
  }
}
