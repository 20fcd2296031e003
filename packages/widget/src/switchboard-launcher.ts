import { chatIconPath, launcherCss } from './launcher.styles'
import { loadChat } from './storage'
import { defaultStrings, parseStrings } from './strings'

/** The chat each token's launcher became, so that a launcher rendered again does not offer a second one. */
const chats = new Map<string, HTMLElement>()

/** The chat module's file name, beside this one (a variable: the bundler must not inline it). */
const chatModule = 'switchboard-chat.js'

/**
 * `<switchboard-launcher server="https://app.example" token="sbt_…">`: the chat's launcher button
 * alone, without Lit (about 2 KB gzip), for pages that should not pay for the whole widget
 * before a visitor wants to chat. It looks exactly like `<switchboard-chat>`'s launcher and shows
 * the unread badge a previous page left. On the first sign of intent — the pointer over it, focus,
 * a click or tap — it loads the chat module (`switchboard-chat.js` beside this file, or `src`),
 * adds a `<switchboard-chat>` carrying the same attributes to the page and empties itself; a
 * click opens it. A
 * visitor who has chatted on this site before gets the chat module once the page is idle, so a
 * reply that arrives meanwhile shows at once.
 *
 * @attr server - as on `<switchboard-chat>`
 * @attr token - as on `<switchboard-chat>`
 * @attr i18n - as on `<switchboard-chat>` (JSON); the launcher uses `openChat` and `unread`
 * @attr src - URL of the chat module, when it is not beside this one
 * @csspart launcher - the round button
 * @csspart badge - the count of unread staff replies
 */
export class SwitchboardLauncher extends HTMLElement {
  #loading?: Promise<void>
  /** The chat opens once loaded: the visitor clicked. */
  #open = false

  connectedCallback(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' })
    const token = this.#token()
    // The chat it became is on the page already (this element was rendered again).
    if (chats.get(token)?.isConnected) return root.replaceChildren()
    const stored = token ? loadChat(token) : undefined
    const unread = stored?.unread ?? 0
    const t = { ...defaultStrings, ...parseStrings(this.getAttribute('i18n')) }
    root.innerHTML = `<style>${launcherCss}</style><button part="launcher" class="launcher" aria-expanded="false"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="${chatIconPath}"/></svg>${
      unread ? `<span part="badge" class="badge" aria-hidden="true">${unread}</span>` : ''
    }</button>`
    const button = root.querySelector('button')!
    // Text, not markup: the label may come from the page's i18n attribute.
    button.setAttribute('aria-label', t.openChat + (unread ? ` (${t.unread.replace('{n}', String(unread))})` : ''))
    const load = () => void this.load()
    button.addEventListener('pointerenter', load, { once: true })
    button.addEventListener('focus', load, { once: true })
    button.addEventListener('click', () => void this.load(true))
    if (stored) (window.requestIdleCallback ?? setTimeout)(load)
  }

  /**
   * Loads the chat module and shows `<switchboard-chat>` instead of this launcher; `open` opens its
   * panel (a click while the module loads counts too: hover usually starts the load). Focus on
   * the launcher moves to the chat's launcher.
   */
  async load(open = false): Promise<void> {
    this.#open ||= open
    this.#loading ??= import(/* @vite-ignore */ this.getAttribute('src') ?? new URL(chatModule, import.meta.url).href).then(() => this.#becomeChat())
    await this.#loading
  }

  #becomeChat(): void {
    const root = this.shadowRoot
    if (!this.isConnected || !root) return
    const focused = Boolean(root.activeElement)
    const chat = document.createElement('switchboard-chat') as HTMLElement & { show(): void; updateComplete: Promise<unknown>; shadowRoot: ShadowRoot }
    for (const { name, value } of this.attributes) if (name !== 'src') chat.setAttribute(name, value)
    // At the end of <body>, not in this element's place: a page rendered by React (hydrating, or
    // re-rendering) owns this element and its siblings and would undo a swap, but leaves nodes
    // added at the end of <body> alone. The launcher stays, empty.
    root.replaceChildren()
    document.body.append(chat)
    chats.set(this.#token(), chat)
    if (this.#open) chat.show()
    else if (focused) void chat.updateComplete.then(() => chat.shadowRoot.querySelector<HTMLElement>('.launcher')?.focus())
  }

  #token(): string {
    const query = new URLSearchParams(location.search)
    return this.getAttribute('token') || query.get('token') || query.get('sb_token') || ''
  }
}

if (!customElements.get('switchboard-launcher')) customElements.define('switchboard-launcher', SwitchboardLauncher)
