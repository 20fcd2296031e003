import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import type { FakeChatServer } from './helpers'

import { $, $$, FakeEventSource, logTexts, mount, openChat, settle, setup, teardown, validToken } from './helpers'

let server: FakeChatServer
beforeEach(() => {
  server = setup()
})
afterEach(teardown)

const focused = (chat: HTMLElement) => chat.shadowRoot!.activeElement

describe('launcher and panel', () => {
  it('renders a launcher and a closed panel, and opens no session until opened', async () => {
    const chat = await mount({}, server)
    const launcher = $(chat, '[part=launcher]')!
    expect(launcher.tagName).toBe('BUTTON')
    expect(launcher.getAttribute('aria-label')).toBe('Open chat')
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    expect($(chat, '[part=panel]')!.hidden).toBe(true)
    await settle(chat)
    expect(server.requests).toEqual([])
  })

  it('opens with the launcher, focuses the composer, and closes with Escape back to the launcher', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const panel = $(chat, '[part=panel]')!
    expect(panel.hidden).toBe(false)
    expect(chat.open).toBe(true)
    expect(chat.hasAttribute('open')).toBe(true)
    expect($(chat, '[part=launcher]')!.getAttribute('aria-expanded')).toBe('true')
    expect(panel.getAttribute('role')).toBe('dialog')
    expect(focused(chat)).toBe($(chat, 'textarea'))

    $(chat, 'textarea')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    await chat.updateComplete
    await chat.updateComplete
    expect(panel.hidden).toBe(true)
    expect(focused(chat)).toBe($(chat, '[part=launcher]'))
  })

  it('closes with the close button and the launcher too', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    $(chat, '[part=close-button]')!.click()
    await settle(chat)
    expect($(chat, '[part=panel]')!.hidden).toBe(true)
    expect(focused(chat)).toBe($(chat, '[part=launcher]'))
    $(chat, '[part=launcher]')!.click()
    await settle(chat)
    expect($(chat, '[part=panel]')!.hidden).toBe(false)
    $(chat, '[part=launcher]')!.click()
    await settle(chat)
    expect($(chat, '[part=panel]')!.hidden).toBe(true)
  })

  it('creates a session on open, reads the history and opens the stream for that session', async () => {
    const chat = await mount({}, server)
    server.addMessage(1, { text: 'Welcome!' }, false)
    const source = await openChat(chat)
    expect(server.sent('/api/chat/sessions')).toHaveLength(1)
    expect(server.sent('/api/chat/sessions')[0]!.body).toEqual({ token: validToken })
    expect(server.conversationOf(source.session)).toBe(1)
    expect(logTexts(chat)).toEqual(['Welcome!'])
    const history = server.sent('/api/chat/messages', 'GET')[0]!
    expect(history.authorization).toBe(`Bearer ${source.session}`)
    expect(history.query.get('limit')).toBe('100')
  })

  it('names the staff member the conversation is assigned to, and no one while it is unassigned', async () => {
    const unassigned = await mount({}, server)
    await openChat(unassigned)
    expect($(unassigned, '[part=agent]')).toBeNull()
    unassigned.remove()

    server.agent = 'Sam Support'
    const chat = await mount({}, server)
    await openChat(chat)
    expect($(chat, '[part=agent]')!.textContent).toBe('You are chatting with Sam Support')
  })

  it('reads the token from the page URL when the attribute is missing', async () => {
    const sbToken = `sbt_${'b'.repeat(43)}`
    server.tokens.set(sbToken, 'ok')
    history.replaceState(null, '', `/chat?sb_token=${sbToken}`)
    const chat = document.createElement('switchboard-chat')
    chat.server = server.base
    document.body.append(chat)
    await chat.updateComplete
    await openChat(chat)
    expect(server.sent('/api/chat/sessions')[0]!.body).toEqual({ token: sbToken })
  })

  it('says so in the alert region when there is no token at all', async () => {
    const chat = document.createElement('switchboard-chat')
    chat.server = server.base
    document.body.append(chat)
    await chat.updateComplete
    $(chat, '[part=launcher]')!.click()
    await settle(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('This chat link has no token.')
    expect(server.requests).toEqual([])
  })

  it('shows the server message for an unusable chat link', async () => {
    server.tokens.set(validToken, 'expired')
    const chat = await mount({ open: '' }, server)
    await settle(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('This chat link has expired. Ask the person who sent it for a new one.')
    expect(FakeEventSource.instances).toHaveLength(0)
  })

  it('shows the wait from Retry-After when session creation is rate limited', async () => {
    server.failNext({ path: '/api/chat/sessions', status: 429, message: 'Too many chats opened.', headers: { 'Retry-After': '42' } })
    const chat = await mount({ open: '' }, server)
    await settle(chat)
    expect($(chat, '[role=alert]')!.textContent).toBe('Too many attempts. Try again in 42 seconds.')
    expect($(chat, '[part=status]')!.textContent).toBe('Offline. Reconnecting…')
  })
})

describe('message text', () => {
  it('renders HTML in a message as text: an XSS payload creates no element', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    server.addMessage(1, { text: payload })
    await settle(chat)
    expect(logTexts(chat)).toEqual([payload])
    expect($(chat, '[role=log] img, [role=log] script')).toBeNull()
    expect(chat.shadowRoot!.innerHTML).not.toContain('<img src="x"')
  })

  it('makes http(s) URLs clickable links that open safely, and nothing else', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    server.addMessage(1, { text: 'Docs: https://example.com/help?x=1. Not: javascript:alert(1) data:text/html,x' })
    await settle(chat)
    const links = $$<HTMLAnchorElement>(chat, '[role=log] a')
    expect(links).toHaveLength(1)
    expect(links[0]!.getAttribute('href')).toBe('https://example.com/help?x=1')
    expect(links[0]!.textContent).toBe('https://example.com/help?x=1')
    expect(links[0]!.getAttribute('target')).toBe('_blank')
    expect(links[0]!.getAttribute('rel')).toBe('noopener noreferrer')
    expect(logTexts(chat)).toEqual(['Docs: https://example.com/help?x=1. Not: javascript:alert(1) data:text/html,x'])
  })

  it('shows who wrote a message, keeps line breaks, and marks deleted messages', async () => {
    const chat = await mount({}, server)
    await openChat(chat)
    const message = server.addMessage(1, { text: 'line one\nline two', senderName: 'Ana' })
    await settle(chat)
    expect($(chat, '[part~=message-out] .sender')!.textContent).toBe('Ana')
    expect(logTexts(chat)).toEqual(['line one\nline two'])
    server.editMessage(message.id, { deletedAt: new Date().toISOString() }, 'message-deleted')
    await settle(chat)
    expect(logTexts(chat)).toEqual(['Message deleted'])
  })
})

describe('i18n', () => {
  it('takes overrides from the i18n attribute as JSON, keeping the other strings', async () => {
    const chat = await mount({ i18n: JSON.stringify({ openChat: 'Chat öffnen', title: 'Hilfe', send: 'Senden' }) }, server)
    expect($(chat, '[part=launcher]')!.getAttribute('aria-label')).toBe('Chat öffnen')
    expect($(chat, '[part=title]')!.textContent).toBe('Hilfe')
    expect($(chat, '[part=send-button]')!.getAttribute('aria-label')).toBe('Senden')
    expect($<HTMLTextAreaElement>(chat, 'textarea')!.placeholder).toBe('Write a message…')
  })

  it('takes overrides from the i18n property, including templates and server-independent errors', async () => {
    const chat = await mount({}, server)
    chat.i18n = { deleted: 'Nachricht gelöscht', signIn: 'Anmelden', rateLimited: 'Bitte {s} s warten.' }
    await openChat(chat)
    expect($(chat, '[part=header-button]')!.textContent).toBe('Anmelden')
    const message = server.addMessage(1, { text: 'x' })
    server.editMessage(message.id, { deletedAt: new Date().toISOString() }, 'message-deleted')
    await settle(chat)
    expect(logTexts(chat)).toEqual(['Nachricht gelöscht'])
  })

  it('tells the page when the panel opens and closes, and when a message arrives, with events that reach the document', async () => {
    const chat = await mount({}, server)
    const heard: string[] = []
    const listening = new AbortController()
    for (const type of ['switchboard-open', 'switchboard-close', 'switchboard-message'] as const) {
      document.addEventListener(type, (event) => heard.push(type === 'switchboard-message' ? `message: ${(event as CustomEvent).detail.message.text}` : type), {
        signal: listening.signal,
      })
    }
    await settle(chat)
    expect(heard).toEqual([])
    await openChat(chat)
    server.addMessage(1, { text: 'Hi from support' })
    await settle(chat)
    chat.hide()
    await settle(chat)
    // Closing an already closed panel is no event.
    chat.hide()
    await settle(chat)
    listening.abort()
    expect(heard).toEqual(['switchboard-open', 'message: Hi from support', 'switchboard-close'])
  })
})
