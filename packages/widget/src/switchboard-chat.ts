import { LitElement, html, nothing, render } from 'lit'
import type { PropertyValues, TemplateResult } from 'lit'

import type { ChatError } from './api'
import type { StoredChat } from './storage'
import type { Strings } from './strings'
import type { ChatAttachment, ChatCustomer, ChatMessage, ChatMessagesPage, ChatSession, PendingMessage } from './types'

import { request, uuid } from './api'
import { linkify } from './linkify'
import { chatIconPath } from './launcher.styles'
import { loadChat, saveChat } from './storage'
import { defaultStrings } from './strings'
import { styles } from './switchboard-chat.styles'

/** The server's limit on a message's length. */
const maxLength = 4000
const pageSize = 100
const streamEvents = ['message', 'message-updated', 'message-deleted']

const byTime = (a: ChatMessage, b: ChatMessage) => Date.parse(a.sentAt) - Date.parse(b.sentAt) || a.id - b.id
const editTime = (m: ChatMessage) => Date.parse(m.editedAt ?? '') || 0
/** Versions of a message arrive out of order (history page vs. stream): a deletion or a later edit wins. */
const isOlder = (incoming: ChatMessage, known: ChatMessage) => (!!known.deletedAt && !incoming.deletedAt) || editTime(known) > editTime(incoming)
const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { timeStyle: 'short' })

// Filled and stroked in CSS: the two strokes of the close icon enclose no area.
const icon = (d: string) => html`<svg viewBox="0 0 24 24" aria-hidden="true"><path d=${d} /></svg>`
const chatIcon = icon(chatIconPath)
const closeIcon = icon('M6 6l12 12M18 6 6 18')
const sendIcon = icon('M3 20 21 12 3 4v6l12 2-12 2z')
const attachIcon = icon('M12 5v14M5 12h14')

/**
 * `<switchboard-chat server="https://app.example" token="sbt_…">`: a launcher button that opens a
 * chat panel with the conversation of a Switchboard chat link.
 *
 * The token comes from the `token` attribute, else from the page's `?token=` or `?sb_token=`.
 * The session is kept in localStorage per chat token, so a returning visitor resumes the same
 * conversation. Messages stream in over Server-Sent Events; the customer's messages are sent
 * with a clientMessageId, queued while offline and retried with the same id, so nothing is sent
 * twice. Message text is rendered as text; only http(s) URLs become links.
 *
 * @csspart launcher - the round button that opens and closes the panel
 * @csspart badge - count of staff messages that arrived while the panel was closed
 * @csspart panel - the chat panel (full-screen below 480px)
 * @csspart header - the panel's header; also title, customer, agent (the assigned staff member), status, header-button, close-button,
 *   verify-button (signed in: verify the customer's Telegram account)
 * @csspart error - the `role="alert"` region for errors
 * @csspart verify - how to finish a Telegram verification, with the link to Telegram
 * @csspart body - the scrolling area around the log; empty - the text shown before any message
 * @csspart log - the `role="log"` list of confirmed messages
 * @csspart typing - "Support is typing…", shown for a few seconds after staff type
 * @csspart message - every message; also message-in (customer), message-out (staff),
 *   message-sending, message-queued, message-failed (not yet confirmed)
 * @csspart message-text, message-meta, link, retry-button, discard-button
 * @csspart composer - the message form; input - its textarea; send-button; attach-button (sends a file at once)
 * @csspart attachment - a message's file: an image shown inline, else a download link
 * @csspart identify - the sign-in/registration form; field, field-input, submit-button
 *
 * @cssprop --sb-accent - launcher, customer messages and buttons (default #2358d8)
 * @cssprop --sb-accent-text - text on the accent colour (default #fff)
 * @cssprop --sb-bg - panel background
 * @cssprop --sb-text - text colour
 * @cssprop --sb-muted - secondary text (times, status)
 * @cssprop --sb-border - borders and separators
 * @cssprop --sb-staff-bg - background of staff messages
 * @cssprop --sb-staff-text - text of staff messages
 * @cssprop --sb-danger - errors and the unread badge
 * @cssprop --sb-focus - focus ring (defaults to the accent)
 * @cssprop --sb-radius - corner radius of the panel (default 12px)
 * @cssprop --sb-font - font family
 * @cssprop --sb-font-size - base font size (default 15px)
 * @cssprop --sb-width - panel width (default 370px)
 * @cssprop --sb-height - panel height (default 560px)
 * @cssprop --sb-offset - distance from the viewport corner (default 20px)
 * @cssprop --sb-z - z-index (default 2147483000)
 * @cssprop --sb-shadow - shadow of the launcher and panel
 */
export class SwitchboardChat extends LitElement {
  static override styles = styles

  static override properties = {
    server: {},
    token: {},
    accept: {},
    open: { type: Boolean, reflect: true },
    i18n: { type: Object },
    _view: { state: true },
    _status: { state: true },
    _error: { state: true },
    _register: { state: true },
    _busy: { state: true },
    _unread: { state: true },
    _customer: { state: true },
    _agent: { state: true },
    _typing: { state: true },
    _seen: { state: true },
    _loading: { state: true },
    _verify: { state: true },
  }

  /** Base URL of the Switchboard app, e.g. `https://app.example`; empty = this page's origin. */
  declare server?: string
  /** The chat token (`sbt_…`); falls back to the page URL's `token` or `sb_token` parameter. */
  declare token?: string
  /** File types the attach button offers (the file input's `accept`); the server decides what it takes. */
  declare accept?: string
  /** Whether the panel is open. */
  declare open?: boolean
  /** Overrides for any of the widget's strings (attribute: JSON). */
  declare i18n?: Partial<Strings>

  // Reactive state. No constructor sets defaults: undefined reads as chat view, no error, false, 0.
  private declare _view?: 'identify'
  private declare _status?: 'connecting' | 'offline' | 'online'
  private declare _error?: string
  private declare _register?: boolean
  private declare _busy?: boolean
  private declare _unread: number
  private declare _customer?: ChatCustomer
  /** The assigned staff member's name, from the latest messages page. */
  private declare _agent?: string
  /** Staff are typing (a `typing` event in the last few seconds). */
  private declare _typing?: boolean
  /** Staff read the customer's messages sent up to this time (ISO). */
  private declare _seen?: string | null
  private declare _loading?: boolean
  /** The Telegram verification in progress: where to send the code, and how. */
  private declare _verify?: { url: string; instructions: string }

  #chatToken = ''
  #chat?: StoredChat
  #jwt?: string
  #messages = new Map<number, ChatMessage>()
  /** The log's element of each message, kept across renders (see syncLog). */
  #nodes = new Map<number, HTMLElement>()
  #pending: PendingMessage[] = []
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
  #draft = ''
  #stick = true
  /** Attachments' files as blob: URLs (a plain URL could not carry the session), or their loading. */
  #files = new Map<number, Promise<void> | string>()

  /** Opens the panel and moves focus into it. */
  show(): void {
    this.open = true
    void this.updateComplete.then(() => this.#focusField())
  }

  /** Closes the panel and returns focus to the launcher. */
  hide(): void {
    this.open = false
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus())
  }

  override connectedCallback(): void {
    super.connectedCallback()
    window.addEventListener('online', this.#onOnline)
    if (this.hasUpdated) this.#load()
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    window.removeEventListener('online', this.#onOnline)
    this.#reset()
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || changed.has('token') || changed.has('server')) this.#load()
    if (changed.has('open') && this.open) {
      this._unread = 0
      this.#save()
      void this.#start()
    }
  }

  protected override updated(): void {
    this.#syncLog()
    const body = this.renderRoot.querySelector('.body')
    if (body && this.#stick) body.scrollTop = body.scrollHeight
  }

  /**
   * Puts one element per message into the log, in order, keyed by message id: a message that
   * arrives is one added node (announced once), an edit changes its node in place (not announced).
   * (Lit's `repeat` directive would do the same for another 0.9 KB gzip.)
   */
  #syncLog() {
    const log = this.renderRoot.querySelector('[role=log]')
    if (!log) return
    const t = this.#strings
    const messages = [...this.#messages.values()].sort(byTime)
    const lastIn = messages.findLast((m) => m.direction === 'in')
    messages.forEach((message, index) => {
      let node = this.#nodes.get(message.id)
      if (!node) this.#nodes.set(message.id, (node = document.createElement('div')))
      node.className = `message ${message.direction}`
      node.setAttribute('part', `message message-${message.direction}`)
      render(this.#renderMessage(message, t, message === lastIn && !!this._seen && message.sentAt <= this._seen), node, { host: this })
      if (log.children[index] !== node) log.insertBefore(node, log.children[index] ?? null)
    })
    while (log.children.length > messages.length) log.lastElementChild!.remove()
  }

  get #strings(): Strings {
    return { ...defaultStrings, ...this.i18n }
  }

  get #base(): string {
    return (this.server ?? '').replace(/\/+$/, '')
  }

  #api<T>(path: string, body?: object, authorization?: string): Promise<T> {
    return request<T>(this.#base + path, body, authorization, this.#strings.networkError)
  }

  get #bearer(): string {
    return `Bearer ${this.#chat?.sessionToken}`
  }

  // ---- connection -------------------------------------------------------------------------

  /** Stops all work and forgets the conversation shown (not what is stored). */
  #reset() {
    this.#generation++
    this.#closeStream()
    clearTimeout(this.#reconnectTimer)
    clearTimeout(this.#flushTimer)
    this.#starting = undefined
    this.#messages.clear()
    this.#nodes.clear()
    for (const file of this.#files.values()) if (typeof file == 'string') URL.revokeObjectURL(file)
    this.#files.clear()
    this.#cursor = null
    this.#lastEventId = ''
    this.#attempts = 0
    this._status = undefined
    this._error = ''
    this._unread = 0
    this._agent = this._seen = undefined
    this._typing = false
  }

  /** (Re)reads the token and what is stored for it; connects when there is a session or the panel is open. */
  #load() {
    this.#reset()
    const query = new URLSearchParams(location.search)
    this.#chatToken = this.token || query.get('token') || query.get('sb_token') || ''
    this.#chat = this.#chatToken ? loadChat(this.#chatToken) : undefined
    this.#jwt = this.#chat?.jwt
    this._customer = this.#chat?.customer
    this._unread = this.#chat?.unread ?? 0
    this.#pending = (this.#chat?.pending ?? []).map((p) => ({ ...p, state: 'queued', tries: 0 }))
    if (this.#chat || this.open) void this.#start()
  }

  #save() {
    if (!this.#chatToken) return
    saveChat(
      this.#chatToken,
      this.#chat && {
        ...this.#chat,
        jwt: this.#jwt,
        customer: this._customer,
        pending: this.#pending,
        // For <switchboard-launcher>'s badge on the next page.
        unread: this._unread || undefined,
      },
    )
  }

  /** Connects unless connected or connecting; true once connected. */
  #start(): Promise<boolean> {
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
      this._error = this.#strings.noToken
      return false
    }
    this._status = 'connecting'
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
          this.#closeStream()
          this.#chat!.expiresAt = ''
        }
      }
      if (generation !== this.#generation) return false
      void this.#flush()
      return true
    } catch (error) {
      if (generation !== this.#generation) return false
      this.#closeStream()
      const { status, retryAfter } = error as ChatError
      if (status === 0 || status === 429 || status >= 500) this.#scheduleReconnect(retryAfter)
      else this._status = undefined
      // 403: the conversation belongs to a customer account, whose login resumes it.
      if (status === 403) this._view = 'identify'
      if (status) this.#showError(error)
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
      this.#messages.clear()
      this.#nodes.clear()
      this.#cursor = null
      this.#lastEventId = ''
      this._customer = undefined
      this._agent = undefined
      // The server would not continue the earlier conversation (ended, or too long ago): say so.
      if (previous) this._error = this.#strings.newConversation
    }
    this.#chat = { ...(same ? previous : undefined), ...session }
    this.#save()
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
    }
    source.onerror = () => {
      if (this.#source !== source) return
      // While CONNECTING the browser reconnects by itself and sends Last-Event-ID; once CLOSED
      // (an HTTP error such as an expired session) it is up to us.
      if (source.readyState !== EventSource.CLOSED) this._status = 'connecting'
      else {
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
      this._typing = true
      clearTimeout(this.#typingTimer)
      this.#typingTimer = setTimeout(() => (this._typing = false), 6000)
    })
    source.addEventListener('seen', (event) => (this._seen = (JSON.parse((event as MessageEvent<string>).data) as { seenAt: string }).seenAt))
    // The server ended the session (expired, revoked, its link switched off, the conversation now
    // a customer's): it closes the stream, which must not reconnect with the same session. Renew
    // it once instead; the answer (same conversation, a new one, a login, a refusal) is shown.
    source.addEventListener('session-ended', () => {
      if (this.#source !== source) return
      this.#closeStream()
      if (this.#chat) this.#chat.expiresAt = ''
      void this.#start()
    })
  }

  #closeStream() {
    this.#source?.close()
    this.#source = undefined
  }

  #scheduleReconnect(seconds = 0) {
    this._status = 'offline'
    clearTimeout(this.#reconnectTimer)
    const delay = seconds * 1000 || Math.min(30_000, 1000 * 2 ** this.#attempts++) * (0.5 + Math.random() / 2)
    this.#reconnectTimer = setTimeout(() => void this.#start(), delay)
  }

  /** Reads the messages after the last cursor, page by page (all of them the first time). */
  async #catchUp(generation: number) {
    this._loading = true
    try {
      for (;;) {
        const after = this.#cursor ? `&after=${encodeURIComponent(this.#cursor)}` : ''
        const page = await this.#api<ChatMessagesPage>(
          `/api/chat/messages?limit=${pageSize}${after}`,
          undefined,
          this.#bearer,
        )
        if (generation !== this.#generation) return
        if (page.agent !== undefined) this._agent = page.agent?.name
        if (page.seenAt !== undefined) this._seen = page.seenAt
        for (const message of page.messages) this.#upsert(message)
        if (page.cursor) this.#cursor = page.cursor
        if (!page.cursor || page.messages.length < pageSize) return
      }
    } finally {
      this._loading = false
    }
  }

  #onOnline = () => {
    this.#attempts = 0
    if (this.#chat || this.open) void this.#start()
    void this.#flush()
  }

  // ---- messages ---------------------------------------------------------------------------

  /** Adds or replaces a message by id; a message carrying a pending clientMessageId confirms it. */
  #upsert(message: ChatMessage, live = false) {
    const known = this.#messages.get(message.id)
    if (known && isOlder(message, known)) return
    this.#messages.set(message.id, message)
    const pending = this.#pending.length
    this.#pending = this.#pending.filter((p) => p.clientMessageId !== message.clientMessageId)
    if (this.#pending.length !== pending) this.#save()
    if (!known && live && message.direction === 'out') {
      // Their message is what they were typing.
      this._typing = false
      if (!this.open) {
        this._unread++
        this.#save()
      }
    }
    this.requestUpdate()
  }

  /** Queues a message; false when it is empty or too long. */
  #send(text: string): boolean {
    text = text.trim()
    if (!text) return false
    if (text.length > maxLength) {
      this._error = this.#strings.tooLong
      return false
    }
    this._error = ''
    this.#pending = [...this.#pending, { clientMessageId: uuid(), text, sentAt: new Date().toISOString(), state: 'sending', tries: 0 }]
    this.#stick = true
    this.#save()
    if (this.#chat) void this.#flush()
    else void this.#start()
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
      while ((next = this.#pending.find((p) => p.state !== 'failed'))) {
        if (!this.#chat || !navigator.onLine) {
          for (const p of this.#pending) if (p.state === 'sending') p.state = 'queued'
          if (!this.#chat) void this.#start()
          break
        }
        next.state = 'sending'
        this.requestUpdate()
        try {
          const { message } = await this.#api<{ message: ChatMessage }>(
            '/api/chat/messages',
            { text: next.text, clientMessageId: next.clientMessageId },
            this.#bearer,
          )
          if (generation !== this.#generation) return
          this.#upsert(message)
          this.#pending = this.#pending.filter((p) => p !== next)
        } catch (error) {
          if (generation !== this.#generation) return
          const { status, retryAfter } = error as ChatError
          next.tries++
          if (status === 401) {
            // The session ended: renew it (resuming the conversation), then send again.
            next.state = 'queued'
            this.#chat.expiresAt = ''
            this.#closeStream()
            void this.#start()
            break
          }
          if (status === 0 || status === 429 || (status >= 500 && next.tries < 4)) {
            next.state = 'queued'
            this.#flushTimer = setTimeout(() => void this.#flush(), retryAfter * 1000 || Math.min(30_000, 1000 * 2 ** next.tries))
            break
          }
          next.state = 'failed'
          this.#showError(error)
        }
      }
    } finally {
      this.#flushing = false
      if (generation === this.#generation) {
        this.#save()
        this.requestUpdate()
      }
    }
  }

  /** Sends the chosen file at once, as a message of its own; a refusal (too big, wrong type) shows as an error. */
  async #attach(event: Event) {
    const input = event.target as HTMLInputElement
    const form = new FormData()
    form.append('file', input.files![0]!)
    input.value = ''
    this._error = ''
    try {
      if (!(await this.#start())) return
      this.#stick = true
      this.#upsert((await this.#api<{ message: ChatMessage }>('/api/chat/attachments', form, this.#bearer)).message)
    } catch (error) {
      this.#showError(error)
    }
  }

  /** An attachment's blob: URL once fetched; the first call fetches it. */
  #file(id: number): string | undefined {
    const file = this.#files.get(id)
    if (!file) {
      this.#files.set(
        id,
        fetch(`${this.#base}/api/chat/attachments/${id}`, { headers: { authorization: this.#bearer }, credentials: 'omit' })
          .then((response) => (response.ok ? response.blob() : Promise.reject()))
          .then((blob) => {
            this.#files.set(id, URL.createObjectURL(blob))
            this.requestUpdate()
          }, () => undefined),
      )
    }
    return typeof file == 'string' ? file : undefined
  }

  #retry(pending: PendingMessage) {
    pending.state = 'sending'
    pending.tries = 0
    this._error = ''
    this.#focusField()
    void this.#flush()
  }

  #discard(pending: PendingMessage) {
    this.#pending = this.#pending.filter((p) => p !== pending)
    this.#save()
    this.requestUpdate()
    this.#focusField()
  }

  #showError(error: unknown) {
    const { message, status, retryAfter } = error as ChatError
    this._error = status === 429 && retryAfter ? this.#strings.rateLimited.replace('{s}', String(retryAfter)) : message || this.#strings.networkError
  }

  // ---- identify ---------------------------------------------------------------------------

  async #identify(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const email = String(form.get('email'))
    const password = String(form.get('password'))
    const previousJwt = this.#jwt
    this._busy = true
    this._error = ''
    try {
      if (this._register) await this.#api('/api/users', { email, password, displayName: String(form.get('name')) })
      const { token } = await this.#api<{ token: string }>('/api/users/login', { email, password })
      // Sent along when a session is created: resuming a conversation that is linked to a customer needs their login.
      this.#jwt = token
      if (!(await this.#start()) || !this.#chat) {
        this.#jwt = previousJwt
        return
      }
      const { customer } = await this.#api<{ customer: ChatCustomer }>(
        '/api/chat/identify',
        { sessionToken: this.#chat.sessionToken },
        `JWT ${token}`,
      )
      this._customer = customer
      this.#save()
      this.#setView()
    } catch (error) {
      this.#jwt = previousJwt
      this.#showError(error)
    } finally {
      this._busy = false
    }
  }

  /**
   * Links the customer's Telegram account, proved by a one-time code they send from Telegram (a
   * Telegram username typed into a form links nothing): opens the `t.me` link that sends it.
   */
  async #verifyTelegram() {
    this._error = ''
    try {
      this._verify = await this.#api<{ url: string; instructions: string }>('/api/switchboard/telegram/verification', {}, `JWT ${this.#jwt}`)
      window.open(this._verify.url, '_blank', 'noopener')
    } catch (error) {
      this.#showError(error)
    }
  }

  /** Forgets the login and the session (like Crisp's `session:reset`) and starts anonymous again. */
  #logout() {
    if (this.#jwt) void this.#api('/api/users/logout', {}, `JWT ${this.#jwt}`).catch(() => undefined)
    // The session ends on the server too: the token left in this browser opens nothing any more.
    if (this.#chat) void request(`${this.#base}/api/chat/sessions/current`, undefined, this.#bearer, '', 'DELETE').catch(() => undefined)
    saveChat(this.#chatToken, undefined)
    this.#load()
    this.#focusField()
  }

  // ---- rendering --------------------------------------------------------------------------

  /** Shows the chat (no argument) or the sign-in form. */
  #setView(view?: 'identify') {
    this._view = view
    this._error = ''
    this.#focusField()
  }

  #focusField() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('textarea, form input')?.focus())
  }

  #onKeydown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return
    event.stopPropagation()
    this.hide()
  }

  /** Keeps the draft, and tells staff the customer is typing, at most every 3 s. */
  #onInput(event: Event) {
    this.#draft = (event.target as HTMLTextAreaElement).value
    if (this.#chat && this.#draft && Date.now() - this.#typedAt > 3000) {
      this.#typedAt = Date.now()
      this.#api('/api/chat/typing', {}, this.#bearer).catch(() => undefined)
    }
  }

  #onComposerKeydown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.#submitDraft(event)
  }

  #submitDraft(event: Event) {
    event.preventDefault()
    const input = this.renderRoot.querySelector('textarea')!
    if (this.#send(input.value)) input.value = this.#draft = ''
  }

  #text(text: string) {
    return linkify(text).map((part) =>
      typeof part === 'string'
        ? part
        : html`<a part="link" href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`,
    )
  }

  override render(): TemplateResult {
    const t = this.#strings
    const unread = this._unread ? ` (${t.unread.replace('{n}', String(this._unread))})` : ''
    const status = this._status === 'connecting' ? t.connecting : this._status === 'offline' ? t.offline : ''
    const customer = this._customer
    return html`
      <button
        part="launcher"
        class="launcher"
        aria-controls="panel"
        aria-expanded=${!!this.open}
        aria-label=${(this.open ? t.closeChat : t.openChat) + unread}
        @click=${() => (this.open ? this.hide() : this.show())}
      >
        ${this.open ? closeIcon : chatIcon}
        ${this._unread ? html`<span part="badge" class="badge" aria-hidden="true">${this._unread}</span>` : nothing}
      </button>
      <div id="panel" part="panel" class="panel" role="dialog" aria-labelledby="title" ?hidden=${!this.open} @keydown=${this.#onKeydown}>
        <header part="header" class="header">
          <div class="heading">
            <h2 id="title" part="title">${t.title}</h2>
            <p part="customer">${customer ? t.signedInAs.replace('{name}', customer.displayName || customer.email) : ''}</p>
            ${this._agent ? html`<p part="agent">${t.chattingWith.replace('{name}', this._agent)}</p>` : nothing}
            ${customer
              ? html`<button part="verify-button" class="text-button" @click=${this.#verifyTelegram}>${t.verifyTelegram}</button>`
              : nothing}
            <p part="status" role="status">${status}</p>
          </div>
          ${customer
            ? html`<button part="header-button" class="text-button" @click=${this.#logout}>${t.logOut}</button>`
            : !this._view
              ? html`<button part="header-button" class="text-button" @click=${() => this.#setView('identify')}>${t.signIn}</button>`
              : nothing}
          <button part="close-button" class="icon-button" aria-label=${t.closeChat} @click=${this.hide}>${closeIcon}</button>
        </header>
        <div part="error" class="error" role="alert">${this._error}</div>
        ${this._verify && customer
          ? html`<p part="verify" class="verify" role="status">
              ${this._verify.instructions} <a part="link" href=${this._verify.url} target="_blank" rel="noopener noreferrer">${t.openTelegram}</a>
            </p>`
          : nothing}
        ${this._view ? this.#renderIdentify(t) : this.#renderChat(t)}
      </div>
    `
  }

  #renderChat(t: Strings) {
    return html`
      <div
        part="body"
        class="body"
        tabindex="0"
        @scroll=${(event: Event) => {
          const body = event.target as HTMLElement
          this.#stick = body.scrollHeight - body.scrollTop - body.clientHeight < 48
        }}
      >
        ${this.#messages.size || this.#pending.length ? nothing : html`<p part="empty" class="empty">${t.empty}</p>`}
        <div part="log" class="log" role="log" aria-relevant="additions" aria-label=${t.logLabel} aria-busy=${!!this._loading}></div>
        <div class="log">${this.#pending.map((p) => this.#renderPending(p, t))}</div>
        ${this._typing ? html`<p part="typing" class="typing">${t.typing}</p>` : nothing}
      </div>
      <form part="composer" class="composer" @submit=${this.#submitDraft}>
        <label for="input" class="sr-only">${t.inputLabel}</label>
        <textarea
          id="input"
          part="input"
          rows="1"
          maxlength=${maxLength}
          placeholder=${t.placeholder}
          .value=${this.#draft}
          @input=${this.#onInput}
          @keydown=${this.#onComposerKeydown}
        ></textarea>
        <input type="file" hidden accept=${this.accept ?? 'image/*,application/pdf'} @change=${this.#attach} />
        <button part="attach-button" class="icon-button" type="button" aria-label=${t.attach} @click=${() => this.renderRoot.querySelector<HTMLElement>('[type=file]')!.click()}>
          ${attachIcon}
        </button>
        <button part="send-button" class="send" type="submit" aria-label=${t.send}>${sendIcon}</button>
      </form>
    `
  }

  /** `seen`: the customer's last message, read by staff ("Seen" instead of "Sent"). */
  #renderMessage(m: ChatMessage, t: Strings, seen: boolean) {
    const mine = m.direction === 'in'
    const deleted = m.deletedAt || m.text === null
    return this.#bubble(
      mine ? '' : m.senderName || t.staff,
      deleted ? t.deleted : [m.attachment ? this.#renderAttachment(m.attachment) : '', this.#text(m.text!)],
      html`<time datetime=${m.sentAt}>${clock(m.sentAt)}</time>${m.editedAt && !deleted ? ` · ${t.edited}` : ''}${mine ? ` · ${seen ? t.seen : t.sent}` : ''}`,
      deleted ? 'deleted' : '',
    )
  }

  #renderAttachment({ id, fileName, mimeType }: ChatAttachment) {
    const url = this.#file(id) ?? nothing
    return mimeType.startsWith('image/')
      ? html`<img part="attachment" class="attachment" src=${url} alt=${fileName} />`
      : html`<a part="attachment" class="attachment" href=${url} download=${fileName}>${fileName}</a>`
  }

  /** Who wrote it (the customer's own messages say so to screen readers only), the text, then time and state. */
  #bubble(sender: string, text: unknown, meta: unknown, textClass = '') {
    const t = this.#strings
    return html`<span class=${sender ? 'sender' : 'sr-only'}>${sender || t.you}</span>
      <p part="message-text" class="text ${textClass}">${text}</p>
      <span part="message-meta" class="meta">${meta}</span>`
  }

  // Not yet confirmed: shown apart from the log, so a screen reader announces a message once, when the server has it.
  #renderPending(p: PendingMessage, t: Strings) {
    const meta =
      p.state === 'failed'
        ? html`${t.failed}<button part="retry-button" class="text-button" @click=${() => this.#retry(p)}>${t.retry}</button
            ><button part="discard-button" class="text-button" @click=${() => this.#discard(p)}>${t.discard}</button>`
        : p.state === 'queued'
          ? t.queued
          : t.sending
    return html`<div part="message message-in message-${p.state}" class="message in ${p.state}">
      ${this.#bubble('', this.#text(p.text), meta)}
    </div>`
  }

  #renderIdentify(t: Strings) {
    const register = this._register
    const field = (label: string, name: string, type: string, autocomplete: string) =>
      html`<label part="field">${label}<input part="field-input" name=${name} type=${type} autocomplete=${autocomplete} required /></label>`
    return html`
      <form part="identify" class="identify" @submit=${this.#identify}>
        <p>${t.identifyIntro}</p>
        ${register ? field(t.name, 'name', 'text', 'name') : nothing} ${field(t.email, 'email', 'email', 'email')}
        ${field(t.password, 'password', 'password', register ? 'new-password' : 'current-password')}
        <button part="submit-button" class="primary" type="submit" ?disabled=${this._busy}>${register ? t.register : t.signIn}</button>
        <button type="button" class="text-button" @click=${() => (this._register = !register)}>${register ? t.toSignIn : t.toRegister}</button>
        <button type="button" class="text-button" @click=${() => this.#setView()}>${t.back}</button>
      </form>
    `
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'switchboard-chat': SwitchboardChat
  }
}

if (!customElements.get('switchboard-chat')) customElements.define('switchboard-chat', SwitchboardChat)
