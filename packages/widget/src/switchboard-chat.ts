import type { TemplateResult } from 'lit'

import { html, nothing, render } from 'lit/html.js'

import type { ChatAttachment, ChatMessage } from './contract'
import type { Strings } from './strings'
import type { PendingMessage } from './types'

import { ChatSessionController } from './chat-session-controller'
import { emit } from './events'
import { linkify } from './linkify'
import { chatIconPath } from './launcher.styles'
import { ReactiveHostElement } from './reactive-host-element'
import { defaultStrings, parseStrings } from './strings'
import { styles } from './switchboard-chat.styles'

const byTime = (a: ChatMessage, b: ChatMessage) => Date.parse(a.sentAt) - Date.parse(b.sentAt) || a.id - b.id
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
 * @attr server - base URL of the Switchboard app; empty = this page's origin
 * @attr token - the chat token (`sbt_…`)
 * @attr accept - file types the attach button offers
 * @attr open - present while the panel is open
 * @attr i18n - overrides for any of the widget's strings, as JSON
 *
 * Events (all bubble and are composed; their types are in `SwitchboardEventMap`):
 * @fires {CustomEvent<{ message: ChatMessage }>} switchboard-message - a message arrived over the stream, or one the customer sent was confirmed by the server
 * @fires {CustomEvent<{}>} switchboard-open - the panel opened
 * @fires {CustomEvent<{}>} switchboard-close - the panel closed
 * @fires {CustomEvent<{ count: number }>} switchboard-unread - the number of staff messages that arrived while the panel was closed changed
 * @fires {CustomEvent<{ message: string; status: number }>} switchboard-error - an error is shown (`status`: HTTP status, 0 = unreachable or not sent)
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
export class SwitchboardChat extends ReactiveHostElement {
  static observedAttributes = ['server', 'token', 'accept', 'open', 'i18n']

  /** Shows the sign-in form instead of the chat; the session sets it too (see ChatSessionHost). @internal */
  _view?: 'identify'
  #register = false
  #busy = false
  /** The Telegram verification in progress: where to send the code, and how. */
  #verify?: { url: string; instructions: string }
  #i18n?: Partial<Strings>
  /** The session, stream and outbox; re-renders this element when they change. */
  #session = new ChatSessionController(this)
  /** The log's element of each message, kept across renders (see syncLog). */
  #nodes = new Map<number, HTMLElement>()
  #draft = ''
  #stick = true

  constructor() {
    super(styles)
  }

  /** Base URL of the Switchboard app, e.g. `https://app.example`; empty = this page's origin. */
  get server(): string | undefined {
    return this.getAttribute('server') ?? undefined
  }
  set server(value: string | undefined) {
    this.reflect('server', value)
  }

  /** The chat token (`sbt_…`); falls back to the page URL's `token` or `sb_token` parameter. */
  get token(): string | undefined {
    return this.getAttribute('token') ?? undefined
  }
  set token(value: string | undefined) {
    this.reflect('token', value)
  }

  /** File types the attach button offers (the file input's `accept`); the server decides what it takes. */
  get accept(): string | undefined {
    return this.getAttribute('accept') ?? undefined
  }
  set accept(value: string | undefined) {
    this.reflect('accept', value)
  }

  /** Whether the panel is open. */
  get open(): boolean {
    return this.hasAttribute('open')
  }
  set open(value: boolean | undefined) {
    this.reflect('open', value)
  }

  /** Overrides for any of the widget's strings; the attribute takes them as JSON. */
  get i18n(): Partial<Strings> | undefined {
    return this.#i18n
  }
  set i18n(value: Partial<Strings> | undefined) {
    this.#i18n = value
    this.requestUpdate()
  }

  override attributeChangedCallback(name: string, previous: string | null): void {
    if (name === 'i18n') this.#i18n = parseStrings(this.getAttribute(name))
    super.attributeChangedCallback(name, previous)
  }

  /** Opens the panel and moves focus into it. */
  show(): void {
    this.open = true
    this.#focusField()
  }

  /** Closes the panel and returns focus to the launcher. */
  hide(): void {
    this.open = false
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.launcher')?.focus())
  }

  /** The widget's strings, with the page's overrides (`i18n`). @internal */
  get _strings(): Strings {
    return { ...defaultStrings, ...this.i18n }
  }

  protected override willUpdate(changed: Map<string, string | null>): void {
    if (!this.hasUpdated || changed.has('token') || changed.has('server')) this.#session._load()
    if (changed.has('open') && this.open) {
      this.#session._setUnread(0)
      void this.#session._start()
    }
  }

  protected override updated(changed: Map<string, string | null>): void {
    this.#syncLog()
    const body = this.renderRoot.querySelector('.body')
    if (body && this.#stick) body.scrollTop = body.scrollHeight
    // Only when it opened or closed: the attribute may also be set again to what it was.
    if (changed.has('open') && this.open !== (changed.get('open') !== null)) emit(this, this.open ? 'switchboard-open' : 'switchboard-close', {})
  }

  /**
   * Puts one element per message into the log, in order, keyed by message id: a message that
   * arrives is one added node (announced once), an edit changes its node in place (not announced).
   * (Lit's `repeat` directive would do the same for another 0.9 KB gzip.)
   */
  #syncLog() {
    const log = this.renderRoot.querySelector('[role=log]')
    if (!log) return
    const t = this._strings
    const { _messages, _seen } = this.#session
    const messages = [..._messages.values()].sort(byTime)
    const lastIn = messages.findLast((m) => m.direction === 'in')
    // Rebuilt each time, so the nodes of messages gone (another conversation) are let go.
    const nodes = new Map<number, HTMLElement>()
    messages.forEach((message, index) => {
      const node = this.#nodes.get(message.id) ?? document.createElement('div')
      nodes.set(message.id, node)
      node.className = `message ${message.direction}`
      node.setAttribute('part', `message message-${message.direction}`)
      render(this.#renderMessage(message, t, message === lastIn && !!_seen && message.sentAt <= _seen), node, { host: this })
      if (log.children[index] !== node) log.insertBefore(node, log.children[index] ?? null)
    })
    this.#nodes = nodes
    while (log.children.length > messages.length) log.lastElementChild!.remove()
  }

  // ---- actions ----------------------------------------------------------------------------

  async #attach(event: Event) {
    const input = event.target as HTMLInputElement
    const file = input.files![0]!
    input.value = ''
    this.#stick = true
    await this.#session._attach(file)
  }

  #retry(pending: PendingMessage) {
    this.#session._retry(pending)
    this.#focusField()
  }

  #discard(pending: PendingMessage) {
    this.#session._discard(pending)
    this.#focusField()
  }

  async #identify(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    this.#busy = true
    this.requestUpdate()
    const done = await this.#session._identify(String(form.get('email')), String(form.get('password')), this.#register ? String(form.get('name')) : undefined)
    this.#busy = false
    if (done) this.#setView()
    this.requestUpdate()
  }

  async #verifyTelegram() {
    this.#verify = await this.#session._verifyTelegram()
    this.requestUpdate()
    if (this.#verify) window.open(this.#verify.url, '_blank', 'noopener')
  }

  #logout() {
    this.#session._logout()
    this.#focusField()
  }

  /** Shows the chat (no argument) or the sign-in form. */
  #setView(view?: 'identify') {
    this._view = view
    // Also renders again.
    this.#session._setError()
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

  /** Keeps the draft, and tells staff the customer is typing. */
  #onInput(event: Event) {
    this.#draft = (event.target as HTMLTextAreaElement).value
    if (this.#draft) this.#session._typed()
  }

  #onComposerKeydown(event: KeyboardEvent) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) this.#submitDraft(event)
  }

  #submitDraft(event: Event) {
    event.preventDefault()
    const input = this.renderRoot.querySelector('textarea')!
    if (!this.#session._send(input.value)) return
    this.#stick = true
    input.value = this.#draft = ''
  }

  // ---- rendering --------------------------------------------------------------------------

  #text(text: string) {
    return linkify(text).map((part) =>
      typeof part === 'string'
        ? part
        : html`<a part="link" href=${part.href} target="_blank" rel="noopener noreferrer">${part.text}</a>`,
    )
  }

  protected override render(): TemplateResult {
    const t = this._strings
    const unread = this.#session._unread ? ` (${t.unread.replace('{n}', String(this.#session._unread))})` : ''
    const status = this.#session._status === 'connecting' ? t.connecting : this.#session._status === 'offline' ? t.offline : ''
    const customer = this.#session._customer
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
        ${this.#session._unread ? html`<span part="badge" class="badge" aria-hidden="true">${this.#session._unread}</span>` : nothing}
      </button>
      <div id="panel" part="panel" class="panel" role="dialog" aria-labelledby="title" ?hidden=${!this.open} @keydown=${this.#onKeydown}>
        <header part="header" class="header">
          <div class="heading">
            <h2 id="title" part="title">${t.title}</h2>
            <p part="customer">${customer ? t.signedInAs.replace('{name}', customer.displayName || customer.email) : ''}</p>
            ${this.#session._agent ? html`<p part="agent">${t.chattingWith.replace('{name}', this.#session._agent)}</p>` : nothing}
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
        <div part="error" class="error" role="alert">${this.#session._error}</div>
        ${this.#verify && customer
          ? html`<p part="verify" class="verify" role="status">
              ${this.#verify.instructions} <a part="link" href=${this.#verify.url} target="_blank" rel="noopener noreferrer">${t.openTelegram}</a>
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
        ${this.#session._messages.size || this.#session._pending.length ? nothing : html`<p part="empty" class="empty">${t.empty}</p>`}
        <div part="log" class="log" role="log" aria-relevant="additions" aria-label=${t.logLabel} aria-busy=${!!this.#session._loading}></div>
        <div class="log">${this.#session._pending.map((p) => this.#renderPending(p, t))}</div>
        ${this.#session._typing ? html`<p part="typing" class="typing">${t.typing}</p>` : nothing}
      </div>
      <form part="composer" class="composer" @submit=${this.#submitDraft}>
        <label for="input" class="sr-only">${t.inputLabel}</label>
        <textarea
          id="input"
          part="input"
          rows="1"
          maxlength=${this.#session._limits?.maxMessageLength ?? nothing}
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
    const url = this.#session._file(id) ?? nothing
    return mimeType.startsWith('image/')
      ? html`<img part="attachment" class="attachment" src=${url} alt=${fileName} />`
      : html`<a part="attachment" class="attachment" href=${url} download=${fileName}>${fileName}</a>`
  }

  /** Who wrote it (the customer's own messages say so to screen readers only), the text, then time and state. */
  #bubble(sender: string, text: unknown, meta: unknown, textClass = '') {
    const t = this._strings
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
    const register = this.#register
    const field = (label: string, name: string, type: string, autocomplete: string) =>
      html`<label part="field">${label}<input part="field-input" name=${name} type=${type} autocomplete=${autocomplete} required /></label>`
    return html`
      <form part="identify" class="identify" @submit=${this.#identify}>
        <p>${t.identifyIntro}</p>
        ${register ? field(t.name, 'name', 'text', 'name') : nothing} ${field(t.email, 'email', 'email', 'email')}
        ${field(t.password, 'password', 'password', register ? 'new-password' : 'current-password')}
        <button part="submit-button" class="primary" type="submit" ?disabled=${this.#busy}>${register ? t.register : t.signIn}</button>
        <button type="button" class="text-button" @click=${() => {
            this.#register = !register
            this.requestUpdate()
          }}>${register ? t.toSignIn : t.toRegister}</button>
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
