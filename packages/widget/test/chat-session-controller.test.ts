import type { ReactiveController } from 'lit'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { ChatSessionHost } from '../src/chat-session-controller'
import type { SwitchboardEventMap } from '../src/events'

import { ChatSessionController } from '../src/chat-session-controller'
import { defaultStrings } from '../src/strings'
import { FakeChatServer, FakeEventSource, validToken } from './fakeServer'

/**
 * The controller alone, without `<switchboard-chat>` or any DOM of its own: a plain host object
 * stands in for the element, and the fake server answers its fetches and pushes into its stream.
 */
class Host extends EventTarget implements ChatSessionHost {
  server: string
  token = validToken
  open = true
  hasUpdated = false
  _strings = defaultStrings
  _view?: 'identify'
  controllers: ReactiveController[] = []
  updates = 0
  /** The widget's events, in order. */
  events: { type: string; detail: unknown; bubbles: boolean; composed: boolean }[] = []

  constructor(server: FakeChatServer) {
    super()
    this.server = server.base
    for (const type of ['switchboard-message', 'switchboard-unread', 'switchboard-error'] satisfies (keyof SwitchboardEventMap)[]) {
      this.addEventListener(type, (event) => {
        const { detail, bubbles, composed } = event as CustomEvent
        this.events.push({ type, detail, bubbles, composed })
      })
    }
  }

  addController(controller: ReactiveController): void {
    this.controllers.push(controller)
  }

  removeController(): void {}

  requestUpdate(): void {
    this.updates++
  }

  get updateComplete(): Promise<boolean> {
    return Promise.resolve(true)
  }
}

let server: FakeChatServer
let host: Host
let session: ChatSessionController

/** Lets pending fetches finish. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** Connects as the element does on its first render, and opens the stream. */
const connect = async (): Promise<FakeEventSource> => {
  session.hostConnected()
  session._load()
  await vi.waitFor(() => {
    if (!FakeEventSource.latest) throw new Error('no stream yet')
  })
  FakeEventSource.latest!.open()
  await settle()
  return FakeEventSource.latest!
}

beforeEach(() => {
  server = new FakeChatServer()
  FakeEventSource.instances = []
  vi.stubGlobal('fetch', server.fetch)
  vi.stubGlobal('EventSource', FakeEventSource)
  localStorage.clear()
  host = new Host(server)
  session = new ChatSessionController(host)
})

afterEach(() => {
  session.hostDisconnected()
  vi.unstubAllGlobals()
})

describe('ChatSessionController', () => {
  it('registers with its host, creates a session, opens the stream before reading the history, and is online', async () => {
    server.addMessage(1, { text: 'Earlier reply' }, false)
    expect(host.controllers).toEqual([session])
    const source = await connect()
    const [created] = server.sent('/api/chat/sessions')
    expect(created!.body).toMatchObject({ token: validToken })
    expect(source.session).toMatch(/^sbs_/)
    expect([...session._messages.values()].map((m) => m.text)).toEqual(['Earlier reply'])
    expect(session._status).toBe('online')
    expect(session._limits).toEqual({ maxMessageLength: 4000 })
    expect(host.updates).toBeGreaterThan(0)
    // A history page is not news: no event for it.
    expect(host.events).toEqual([])
  })

  it('sends a message once, confirmed by the server, and tells the page once', async () => {
    await connect()
    expect(session._send('  Hello there  ')).toBe(true)
    expect(session._pending.map((p) => [p.text, p.state])).toEqual([['Hello there', 'sending']])
    await settle()
    expect(session._pending).toEqual([])
    const [sent] = server.sent('/api/chat/messages')
    expect(sent!.body).toMatchObject({ text: 'Hello there', clientMessageId: expect.any(String) })
    const messages = host.events.filter((e) => e.type === 'switchboard-message')
    expect(messages).toEqual([
      { type: 'switchboard-message', detail: { message: expect.objectContaining({ text: 'Hello there', direction: 'in' }) }, bubbles: true, composed: true },
    ])
  })

  it('refuses a message longer than the limit the session brought, and says so with an event', async () => {
    server.maxMessageLength = 10
    await connect()
    expect(session._send('x'.repeat(11))).toBe(false)
    expect(session._error).toBe('Messages are limited to 10 characters.')
    expect(host.events).toEqual([
      { type: 'switchboard-error', detail: { message: 'Messages are limited to 10 characters.', status: 0 }, bubbles: true, composed: true },
    ])
    expect(server.sent('/api/chat/messages')).toEqual([])
  })

  it('queues messages while offline and sends them in order once back online', async () => {
    await connect()
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })
    session._send('one')
    session._send('two')
    await settle()
    expect(session._pending.map((p) => p.state)).toEqual(['queued', 'queued'])
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true })
    window.dispatchEvent(new Event('online'))
    await settle()
    expect(server.sent('/api/chat/messages').map((r) => r.body!.text)).toEqual(['one', 'two'])
    expect(session._pending).toEqual([])
  })

  it('counts staff messages that arrive while the panel is closed, remembers the count, and tells the page', async () => {
    await connect()
    host.open = false
    server.addMessage(1, { text: 'Are you there?' })
    server.addMessage(1, { text: 'Hello?' })
    expect(session._unread).toBe(2)
    expect(host.events.filter((e) => e.type === 'switchboard-unread').map((e) => e.detail)).toEqual([{ count: 1 }, { count: 2 }])
    expect(JSON.parse(localStorage.getItem(`switchboard-chat:${validToken}`)!)).toMatchObject({ unread: 2 })
    session._setUnread(0)
    expect(host.events.at(-1)!.detail).toEqual({ count: 0 })
  })

  it('tells the page of unread replies a previous page left', async () => {
    await connect()
    host.open = false
    server.addMessage(1, { text: 'Still there?' })
    session.hostDisconnected()

    const next = new Host(server)
    next.open = false
    const restored = new ChatSessionController(next)
    restored.hostConnected()
    restored._load()
    expect(restored._unread).toBe(1)
    expect(next.events.map((e) => [e.type, e.detail])).toEqual([['switchboard-unread', { count: 1 }]])
    restored.hostDisconnected()
  })

  it('after the stream is refused, reconnects from the last event id and catches up on what it missed', async () => {
    const first = await connect()
    server.addMessage(1, { text: 'Live' })
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      first.fail(true)
      expect(session._status).toBe('offline')
      server.addMessage(1, { text: 'Missed' })
      await vi.advanceTimersByTimeAsync(1100)
    } finally {
      vi.useRealTimers()
    }
    await settle()
    const second = FakeEventSource.latest!
    expect(second).not.toBe(first)
    expect(second.lastEventId).toMatch(/^\d+-\d+$/)
    expect([...session._messages.values()].map((m) => m.text)).toEqual(['Live', 'Missed'])
  })
})
