import { chatIconPath, launcherCss } from './launcher.styles'
import { loadChat } from './storage'
import { defaultStrings } from './strings'

/**
 * `<switchboard-launcher server="https://app.example" token="sbt_…">`: the chat's launcher button
 * alone, without Lit (about 2 KB gzip), for pages that should not pay for the whole widget
 * before a visitor wants to chat. It looks exactly like `<switchboard-chat>`'s launcher and shows
 * the unread badge a previous page left. On the first sign of intent — the pointer over it, focus,
 * a click or tap — it loads the chat module (`switchboard-chat.js` beside this file, or `src`) and
 * replaces itself with a `<switchboard-chat>` carrying the same attributes; a click opens it. A
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
/** The chat module's file name, beside this one (a variable: the bundler must not inline it). */
const chatModule = 'switchboard-chat.js'

export class SwitchboardLauncher extends HTMLElement {
  #loading?: Promise<unknown>

  connectedCallback(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' })
    const query = new URLSearchParams(location.search)
    const token = this.getAttribute('token') || query.get('token') || query.get('sb_token') || ''
    const stored = token ? loadChat(token) : undefined
    const unread = stored?.unread ?? 0
    const t = { ...defaultStrings, ...this.#i18n() }
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
   * Loads the chat module and puts `<switchboard-chat>` in this element's place; `open` opens its
   * panel. Focus on the launcher moves to the chat's launcher.
   */
  async load(open = false): Promise<void> {
    this.#loading ??= import(/* @vite-ignore */ this.getAttribute('src') ?? new URL(chatModule, import.meta.url).href)
    const focused = Boolean(this.shadowRoot?.activeElement)
    await this.#loading
    if (!this.isConnected) return
    const chat = document.createElement('switchboard-chat') as HTMLElement & { show(): void; updateComplete: Promise<unknown>; shadowRoot: ShadowRoot }
    for (const { name, value } of this.attributes) if (name !== 'src') chat.setAttribute(name, value)
    this.replaceWith(chat)
    if (open) chat.show()
    else if (focused) void chat.updateComplete.then(() => chat.shadowRoot.querySelector<HTMLElement>('.launcher')?.focus())
  }

  #i18n(): Partial<typeof defaultStrings> {
    try {
      return JSON.parse(this.getAttribute('i18n') ?? '{}') as Partial<typeof defaultStrings>
    } catch {
      return {}
    }
  }
}

if (!customElements.get('switchboard-launcher')) customElements.define('switchboard-launcher', SwitchboardLauncher)
