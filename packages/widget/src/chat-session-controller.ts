import type { ReactiveController, ReactiveControllerHost } from 'lit'

import type { ChatError } from './api'
import type { ChatCustomer, ChatLimits, ChatMessage, ChatMessagesPage, ChatSession } from './contract'
import type { StoredChat } from './storage'
import type { Strings } from './strings'
import type { PendingMessage } from './types'

import { request, uuid } from './api'
import { emit } from './events'
import { loadChat, saveChat } from './storage'

const pageSize = 100
const streamEvents = ['message', 'message-updated', 'message-deleted']

const editTime = (m: ChatMessage) => Date.parse(m.editedAt ?? '') || 0
/** Versions of a message arrive out of order (history page vs. stream): a deletion or a later edit wins. */
const isOlder = (incoming: ChatMessage, known: ChatMessage) => (!!known.deletedAt && !incoming.deletedAt) || editTime(known) > editTime(incoming)
/** Worth trying again later: unreachable, rate limited, or a server error. */
const isTransient = (status: number) => status === 0 || status === 429 || status >= 500

/**
 * What the controller needs of its element. Members named `_…` belong to this package (the build
 * shortens them); the others are the element's public ones.
 */
export interface ChatSessionHost extends ReactiveControllerHost, EventTarget {
  readonly server?: string
  readonly token?: string
  readonly open?: boolean
  readonly hasUpdated: boolean
  /** The widget's strings, with the page's overrides. */
  readonly _strings: Strings
  /** Set to `'identify'` when only the customer's login can open the conversation. */
  _view?: 'identify'
}

/**
 * The conversation of `<switchboard-chat>`, without its DOM: the session (created, resumed,
 * renewed when it ends, kept in localStorage per chat token), the message stream over
 * Server-Sent Events with reconnects and the catch-up of what was missed, the outbox of the
 * customer's messages (each with a clientMessageId, queued while offline and retried with the
 * same id, so nothing is sent twice), and the customer's login. The element renders its `_…`
 * state and calls its `_…` methods; it dispatches the widget's events from the element.
 */
export class ChatSessionController implements ReactiveController {
  /** Connection state for the header; undefined = not connecting. */
  _status?: 'connecting' | 'offline' | 'online'
  /** The error shown in the `role="alert"` region; empty = none. */
  _error = ''
  /** Staff messages that arrived while the panel was closed. */
  _unread = 0
  _customer?: ChatCustomer
  /** The assigned staff member's name, from the latest messages page. */
  _agent?: string
  /** Staff are typing (a `typing` event in the last few seconds). */
  _typing = false
  /** Staff read the customer's messages sent up to this time (ISO). */
  _seen?: string | null
  /** A history page is being read. */
  _loading = false
  /** Confirmed messages by id. */
  readonly _messages = new Map<number, ChatMessage>()
  /** The customer's messages the server has not confirmed yet, in order. */
  _pending: PendingMessage[] = []

  readonly host: ChatSessionHost
  #chatToken = ''
  #chat?: StoredChat
  #jwt?: string
  #source?: EventSource
  #typingTimer?: ReturnType<typeof setTimeout>
  /** When the customer's typing was last announced (at most every 3 s; the server allows one per 2 s). */
  #typedAt = 0
  #lastEventId = ''
  #cursor: string | null = null
  #starting?: Promise<boolean>
  /** Bumped by every reset: work started before it drops its results. */
  #generation = 0
  #attempts = 0
  #reconnectTimer?: ReturnType<typeof setTimeout>
  #flushTimer?: ReturnType<typeof setTimeout>
  #flushing = false
  /** Attachments' files as blob: URLs (a plain URL could not carry the session), or their loading. */
  #files = new Map<number, Promise<void> | string>()

  constructor(host: ChatSessionHost) {
    this.host = host
    host.addController(this)
  }

  /** The server's limits, from the session; unknown until there is one. */
  get _limits(): ChatLimits | undefined {
    return this.#chat?.limits
  }

  hostConnected(): void {
    window.addEventListener('online', this.#onOnline)
    // Moved in the page: it was reset when it left.
    if (this.host.hasUpdated) this._load()
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#onOnline)
    this.#reset()
  }

  get #base(): string {
    return (this.host.server ?? '').replace(/\/+$/, '')
  }

  #api<T>(path: string, body?: object, authorization?: string, method?: string): Promise<T> {
    return request<T>(this.#base + path, body, authorization, this.host._strings.networkError, method)
  }

  get #bearer(): string {
    return `Bearer ${this.#chat?.sessionToken}`
  }

  #update() {
    this.host.requestUpdate()
  }

  /** Shows `message` as the error (empty: none); a message is announced with the `switchboard-error` event. */
  _setError(message = '', status = 0): void {
    this._error = message
    if (message) emit(this.host, 'switchboard-error', { message, status })
    this.#update()
  }

  /** Shows a failed request's error; a 429 says how long to wait. */
  _showError(error: unknown): void {
    const { message, status, retryAfter } = error as ChatError
    const t = this.host._strings
    this._setError(status === 429 && retryAfter ? t.rateLimited.replace('{s}', String(retryAfter)) : message || t.networkError, status)
  }

  _setUnread(count: number): void {
    if (count === this._unread) return
    this._unread = count
    this._save()
    emit(this.host, 'switchboard-unread', { count })
    this.#update()
  }

  // ---- connection -------------------------------------------------------------------------

  /** Stops all work and forgets the conversation shown (not what is stored). */
  #reset() {
    this.#generation++
    this.#closeStream()
    clearTimeout(this.#reconnectTimer)
    clearTimeout(this.#flushTimer)
    this.#starting = undefined
    this.#forgetConversation()
    for (const file of this.#files.values()) if (typeof file == 'string') URL.revokeObjectURL(file)
    this.#files.clear()
    this.#attempts = 0
    this._status = undefined
    this._error = ''
    this._unread = 0
    this._typing = false
    this.#update()
  }

  /** What belongs to one conversation: its messages, where the history and the stream left off, who is on it. */
  #forgetConversation() {
    this._messages.clear()
    this.#cursor = null
    this.#lastEventId = ''
    this._agent = this._seen = undefined
  }

  /** (Re)reads the token and what is stored for it; connects when there is a session or the panel is open. */
  _load(): void {
    this.#reset()
    const query = new URLSearchParams(location.search)
    this.#chatToken = this.host.token || query.get('token') || query.get('sb_token') || ''
    this.#chat = this.#chatToken ? loadChat(this.#chatToken) : undefined
    this.#jwt = this.#chat?.jwt
    this._customer = this.#chat?.customer
    this._pending = (this.#chat?.pending ?? []).map((p) => ({ ...p, state: 'queued', tries: 0 }))
    // Replies a previous page did not show: the page hears of them too.
    this._setUnread(this.#chat?.unread ?? 0)
    if (this.#chat || this.host.open) void this._start()
  }

  _save(): void {
    if (!this.#chatToken) return
    saveChat(
      this.#chatToken,
      this.#chat && {
        ...this.#chat,
        jwt: this.#jwt,
        customer: this._customer,
        pending: this._pending,
        // For <switchboard-launcher>'s badge on the next page.
        unread: this._unread || undefined,
      },
    )
  }

  /** Connects unless connected or connecting; true once connected. */
  _start(): Promise<boolean> {
    if (this.#source) return Promise.resolve(true)
    if (!this.#starting) {
      const starting = this.#connect().finally(() => {
        if (this.#starting === starting) this.#starting = undefined
      })
      this.#starting = starting
    }
    return this.#starting
  }

  /** Session (created or resumed), then the stream, then the messages missed meanwhile, then queued sends. */
  async #connect(): Promise<boolean> {
    const generation = this.#generation
    clearTimeout(this.#reconnectTimer)
    if (!this.#chatToken) {
      this._setError(this.host._strings.noToken)
      return false
    }
    this._status = 'connecting'
    this.#update()
    try {
      for (let renewed = false; ; renewed = true) {
        if (!(Date.parse(this.#chat?.expiresAt ?? '') > Date.now())) await this.#createSession(generation)
        if (generation !== this.#generation) return false
        // The stream opens before the history is read, so nothing written in between is missed.
        this.#openStream()
        try {
          await this.#catchUp(generation)
          break
        } catch (error) {
          if (renewed || (error as ChatError).status !== 401) throw error
          this.#expire()
        }
      }
      if (generation !== this.#generation) return false
      void this.#flush()
      return true
    } catch (error) {
      if (generation !== this.#generation) return false
      this.#closeStream()
      const { status, retryAfter } = error as ChatError
      if (isTransient(status)) this.#scheduleReconnect(retryAfter)
      else this._status = undefined
      // 403: the conversation belongs to a customer account, whose login resumes it.
      if (status === 403) this.host._view = 'identify'
      if (status) this._showError(error)
      this.#update()
      return false
    }
  }

  async #createSession(generation: number) {
    const previous = this.#chat
    // `resume` renews the visitor's session on their conversation (the server ignores one it cannot
    // verify); the login goes along, as resuming a conversation linked to a customer needs it.
    const session = await this.#api<ChatSession>(
      '/api/chat/sessions',
      { token: this.#chatToken, resume: previous?.sessionToken },
      this.#jwt && `JWT ${this.#jwt}`,
    )
    if (generation !== this.#generation) return
    const same = previous?.conversationId === session.conversationId
    if (!same) {
      this.#forgetConversation()
      this._customer = undefined
      // The server would not continue the earlier conversation (ended, or too long ago): say so.
      if (previous) this._setError(this.host._strings.newConversation)
    }
    this.#chat = { ...(same ? previous : undefined), ...session }
    this._save()
  }

  /** The session ended (or was refused): the next start renews it, resuming the conversation. */
  #expire() {
    this.#closeStream()
    if (this.#chat) this.#chat.expiresAt = ''
  }

  #openStream() {
    this.#closeStream()
    let url = `${this.#base}/api/chat/events?session=${encodeURIComponent(this.#chat!.sessionToken)}`
    if (this.#lastEventId) url += `&lastEventId=${encodeURIComponent(this.#lastEventId)}`
    const source = new EventSource(url)
    this.#source = source
    source.onopen = () => {
      this._status = 'online'
      this.#attempts = 0
      this.#update()
    }
    source.onerror = () => {
      if (this.#source !== source) return
      // While CONNECTING the browser reconnects by itself and sends Last-Event-ID; once CLOSED
      // (an HTTP error such as an expired session) it is up to us.
      if (source.readyState !== EventSource.CLOSED) {
        this._status = 'connecting'
        this.#update()
      } else {
        this.#closeStream()
        this.#scheduleReconnect()
      }
    }
    const receive = (event: Event) => {
      const { data, lastEventId, type } = event as MessageEvent<string>
      if (lastEventId) this.#lastEventId = lastEventId
      try {
        const message = JSON.parse(data) as ChatMessage
        if (typeof message.id === 'number') this.#upsert(message, type === 'message')
      } catch {
        // Not a message: ignored.
      }
    }
    for (const type of streamEvents) source.addEventListener(type, receive)
    // Ephemeral: staff typing shows for a few seconds; "seen" moves the customer's read mark.
    source.addEventListener('typing', () => {
      this.#setTyping(true)
      this.#typingTimer = setTimeout(() => this.#setTyping(false), 6000)
    })
    source.addEventListener('seen', (event) => {
      this._seen = (JSON.parse((event as MessageEvent<string>).data) as { seenAt: string }).seenAt
      this.#update()
    })
    // The server ended the session (expired, revoked, its link switched off, the conversation now
    // a customer's): it closes the stream, which must not reconnect with the same session. Renew
    // it once instead; the answer (same conversation, a new one, a login, a refusal) is shown.
    source.addEventListener('session-ended', () => {
      if (this.#source !== source) return
      this.#expire()
      void this._start()
    })
  }

  #setTyping(typing: boolean) {
    clearTimeout(this.#typingTimer)
    this._typing = typing
    this.#update()
  }

  #closeStream() {
    this.#source?.close()
    this.#source = undefined
  }

  #scheduleReconnect(seconds = 0) {
    this._status = 'offline'
    clearTimeout(this.#reconnectTimer)
    const delay = seconds * 1000 || Math.min(30_000, 1000 * 2 ** this.#attempts++) * (0.5 + Math.random() / 2)
    this.#reconnectTimer = setTimeout(() => void this._start(), delay)
    this.#update()
  }

  /** Reads the messages after the last cursor, page by page (all of them the first time). */
  async #catchUp(generation: number) {
    this._loading = true
    try {
      for (;;) {
        const after = this.#cursor ? `&after=${encodeURIComponent(this.#cursor)}` : ''
        const page = await this.#api<ChatMessagesPage>(`/api/chat/messages?limit=${pageSize}${after}`, undefined, this.#bearer)
        if (generation !== this.#generation) return
        if (page.agent !== undefined) this._agent = page.agent?.name
        if (page.seenAt !== undefined) this._seen = page.seenAt
        for (const message of page.messages) this.#upsert(message)
        if (page.cursor) this.#cursor = page.cursor
        if (!page.cursor || page.messages.length < pageSize) return
      }
    } finally {
      this._loading = false
      this.#update()
    }
  }

  #onOnline = () => {
    this.#attempts = 0
    if (this.#chat || this.host.open) void this._start()
    void this.#flush()
  }

  // ---- messages ---------------------------------------------------------------------------

  /**
   * Adds or replaces a message by id; a message carrying a pending clientMessageId confirms it.
   * `live`: it just arrived or was just sent (not a history page), which the page hears of.
   */
  #upsert(message: ChatMessage, live = false) {
    const known = this._messages.get(message.id)
    if (known && isOlder(message, known)) return
    this._messages.set(message.id, message)
    const pending = this._pending.length
    this._pending = this._pending.filter((p) => p.clientMessageId !== message.clientMessageId)
    if (this._pending.length !== pending) this._save()
    if (!known && live) {
      emit(this.host, 'switchboard-message', { message })
      if (message.direction === 'out') {
        // Their message is what they were typing.
        this.#setTyping(false)
        if (!this.host.open) this._setUnread(this._unread + 1)
      }
    }
    this.#update()
  }

  /** Queues a message; false when it is empty or too long. */
  _send(text: string): boolean {
    text = text.trim()
    if (!text) return false
    const max = this._limits?.maxMessageLength ?? Infinity
    if (text.length > max) {
      this._setError(this.host._strings.tooLong.replace('{n}', String(max)))
      return false
    }
    this._setError()
    this._pending = [...this._pending, { clientMessageId: uuid(), text, sentAt: new Date().toISOString(), state: 'sending', tries: 0 }]
    this._save()
    if (this.#chat) void this.#flush()
    else void this._start()
    return true
  }

  /** Sends pending messages one at a time, in order; stops at the first that has to wait. */
  async #flush() {
    if (this.#flushing) return
    this.#flushing = true
    clearTimeout(this.#flushTimer)
    const generation = this.#generation
    try {
      let next: PendingMessage | undefined
      while ((next = this._pending.find((p) => p.state !== 'failed'))) {
        if (!this.#chat || !navigator.onLine) {
          for (const p of this._pending) if (p.state === 'sending') p.state = 'queued'
          if (!this.#chat) void this._start()
          break
        }
        next.state = 'sending'
        this.#update()
        try {
          const { message } = await this.#api<{ message: ChatMessage }>(
            '/api/chat/messages',
            { text: next.text, clientMessageId: next.clientMessageId },
            this.#bearer,
          )
          if (generation !== this.#generation) return
          this.#upsert(message, true)
          this._pending = this._pending.filter((p) => p !== next)
        } catch (error) {
          if (generation !== this.#generation) return
          const { status, retryAfter } = error as ChatError
          next.tries++
          if (status === 401) {
            // The session ended: renew it (resuming the conversation), then send again.
            next.state = 'queued'
            this.#expire()
            void this._start()
            break
          }
          if (isTransient(status) && (status < 500 || next.tries < 4)) {
            next.state = 'queued'
            this.#flushTimer = setTimeout(() => void this.#flush(), retryAfter * 1000 || Math.min(30_000, 1000 * 2 ** next.tries))
            break
          }
          next.state = 'failed'
          this._showError(error)
        }
      }
    } finally {
      this.#flushing = false
      if (generation === this.#generation) {
        this._save()
        this.#update()
      }
    }
  }

  /** Sends a failed message again. */
  _retry(pending: PendingMessage): void {
    pending.state = 'sending'
    pending.tries = 0
    this._setError()
    void this.#flush()
  }

  _discard(pending: PendingMessage): void {
    this._pending = this._pending.filter((p) => p !== pending)
    this._save()
    this.#update()
  }

  /** Sends a file at once, as a message of its own; false when it was not sent (a refusal, too big or of a wrong type, shows as an error). */
  async _attach(file: File): Promise<boolean> {
    const form = new FormData()
    form.append('file', file)
    this._setError()
    try {
      if (!(await this._start())) return false
      this.#upsert((await this.#api<{ message: ChatMessage }>('/api/chat/attachments', form, this.#bearer)).message, true)
      return true
    } catch (error) {
      this._showError(error)
      return false
    }
  }

  /** An attachment's blob: URL once fetched; the first call fetches it. */
  _file(id: number): string | undefined {
    const file = this.#files.get(id)
    if (!file) {
      this.#files.set(
        id,
        fetch(`${this.#base}/api/chat/attachments/${id}`, { headers: { authorization: this.#bearer }, credentials: 'omit' })
          .then((response) => (response.ok ? response.blob() : Promise.reject()))
          .then((blob) => {
            this.#files.set(id, URL.createObjectURL(blob))
            this.#update()
          }, () => undefined),
      )
    }
    return typeof file == 'string' ? file : undefined
  }

  /** Tells staff the customer is typing, at most every 3 s. */
  _typed(): void {
    if (this.#chat && Date.now() - this.#typedAt > 3000) {
      this.#typedAt = Date.now()
      this.#api('/api/chat/typing', {}, this.#bearer).catch(() => undefined)
    }
  }

  // ---- the customer's login ---------------------------------------------------------------

  /**
   * Logs the customer in (registering them first when `name` is given) and links the conversation
   * to their account; false when that failed (the error is shown).
   */
  async _identify(email: string, password: string, name?: string): Promise<boolean> {
    const previousJwt = this.#jwt
    this._setError()
    try {
      if (name !== undefined) await this.#api('/api/users', { email, password, displayName: name })
      const { token } = await this.#api<{ token: string }>('/api/users/login', { email, password })
      // Sent along when a session is created: resuming a conversation that is linked to a customer needs their login.
      this.#jwt = token
      if (!(await this._start()) || !this.#chat) {
        this.#jwt = previousJwt
        return false
      }
      const { customer } = await this.#api<{ customer: ChatCustomer }>('/api/chat/identify', { sessionToken: this.#chat.sessionToken }, `JWT ${token}`)
      this._customer = customer
      this._save()
      return true
    } catch (error) {
      this.#jwt = previousJwt
      this._showError(error)
      return false
    }
  }

  /**
   * Starts linking the customer's Telegram account, proved by a one-time code they send from
   * Telegram (a Telegram username typed into a form links nothing): where to send it, and how.
   */
  async _verifyTelegram(): Promise<{ url: string; instructions: string } | undefined> {
    this._setError()
    try {
      return await this.#api<{ url: string; instructions: string }>('/api/switchboard/telegram/verification', {}, `JWT ${this.#jwt}`)
    } catch (error) {
      this._showError(error)
      return undefined
    }
  }

  /** Forgets the login and the session (like Crisp's `session:reset`) and starts anonymous again. */
  _logout(): void {
    if (this.#jwt) void this.#api('/api/users/logout', {}, `JWT ${this.#jwt}`).catch(() => undefined)
    // The session ends on the server too: the token left in this browser opens nothing any more.
    if (this.#chat) void this.#api('/api/chat/sessions/current', undefined, this.#bearer, 'DELETE').catch(() => undefined)
    saveChat(this.#chatToken, undefined)
    this._load()
  }
}
