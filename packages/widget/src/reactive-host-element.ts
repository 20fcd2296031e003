import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit'

import { render } from 'lit/html.js'

/**
 * The part of LitElement the widget uses, on lit-html alone: a shadow root with the element's
 * styles, a render batched to the next microtask after any change, `willUpdate`/`updated` with
 * what changed, and Lit's `ReactiveControllerHost`, so Lit's reactive controllers plug in as they
 * would into a LitElement. LitElement's property system (declared reactive properties, attribute
 * converters, reflection) would cost 2.7 KB gzip on top of lit-html; here public properties are
 * accessors over their attributes (`observedAttributes`), and internal state calls
 * `requestUpdate()` when it changes.
 */
export abstract class ReactiveHostElement extends HTMLElement implements ReactiveControllerHost {
  /** True once the first render is done. */
  hasUpdated = false
  readonly renderRoot: ShadowRoot
  #controllers = new Set<ReactiveController>()
  /** Attributes changed since the last render, with their previous values. */
  #changed = new Map<string, string | null>()
  #pending?: Promise<boolean>

  constructor(styles: string) {
    super()
    this.renderRoot = this.attachShadow({ mode: 'open' })
    // lit-html renders after this node.
    this.renderRoot.append(Object.assign(document.createElement('style'), { textContent: styles }))
  }

  /** Resolves once the render requested last is done. */
  get updateComplete(): Promise<boolean> {
    return this.#pending ?? Promise.resolve(true)
  }

  addController(controller: ReactiveController): void {
    this.#controllers.add(controller)
    if (this.isConnected) controller.hostConnected?.()
  }

  removeController(controller: ReactiveController): void {
    this.#controllers.delete(controller)
  }

  connectedCallback(): void {
    // A property set on the element before its class was defined hides the class's accessor: set it again through it.
    for (const name of (this.constructor as { observedAttributes?: string[] }).observedAttributes ?? []) {
      if (Object.hasOwn(this, name)) {
        const value = this[name as keyof this]
        delete this[name as keyof this]
        this[name as keyof this] = value
      }
    }
    for (const controller of this.#controllers) controller.hostConnected?.()
    this.requestUpdate()
  }

  disconnectedCallback(): void {
    for (const controller of this.#controllers) controller.hostDisconnected?.()
  }

  attributeChangedCallback(name: string, previous: string | null): void {
    if (!this.#changed.has(name)) this.#changed.set(name, previous)
    this.requestUpdate()
  }

  /** Renders again in a microtask (once for all the changes made until then). */
  requestUpdate(): void {
    this.#pending ??= Promise.resolve().then(() => {
      this.#pending = undefined
      this.#update()
      return true
    })
  }

  /** Renders while connected: an element out of the page waits for its `connectedCallback`. */
  #update() {
    if (!this.isConnected) return
    const changed = this.#changed
    this.#changed = new Map()
    this.willUpdate(changed)
    for (const controller of this.#controllers) controller.hostUpdate?.()
    render(this.render(), this.renderRoot, { host: this })
    this.hasUpdated = true
    for (const controller of this.#controllers) controller.hostUpdated?.()
    this.updated(changed)
  }

  /** Sets or removes an attribute for a property that reflects it. */
  protected reflect(name: string, value: string | boolean | undefined): void {
    if (value === undefined || value === false) this.removeAttribute(name)
    else this.setAttribute(name, value === true ? '' : value)
  }

  /** Before each render: `changed` maps the attributes changed since the last one to their previous values. */
  protected willUpdate(_changed: Map<string, string | null>): void {}

  protected abstract render(): TemplateResult

  /** After each render. */
  protected updated(_changed: Map<string, string | null>): void {}
}
